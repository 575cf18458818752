"""The processing log (Logboek Dataverwerkingen): append-only, hash-chained, acknowledged writes.

Records carry the fields of the Logius standard (trace_id, span_id, parent_span_id, name,
start_time, end_time, status, resource, attributes with ``dpl.core.*``), one record per data
subject. The subject's id is stored as a keyed pseudonym (HMAC-SHA256 with the node's own key),
so the log can answer "who used my data" for a person without holding their citizen number.

Every record's hash covers the previous record's hash. The chain has no key, so anyone who can write
the file can recompute it: what makes the log evidence is the node's signed checkpoints. Each signs
(from, seq, chain hash): the range of records it covers, which must follow the previous checkpoint's, so
the checkpoints are continuous and none can be dropped unnoticed. The bound: a commit signs a checkpoint
when ``checkpoint_interval`` seconds or ``checkpoint_records`` records have passed since the last one,
the node's timer signs the head every ``checkpoint_interval`` seconds, and closing signs it as closed.
``verify`` recomputes the chain, checks every checkpoint and their continuity, and reports records that no
checkpoint covers; it also takes checkpoints published to a second party (``latest_checkpoint``), which a
rewritten history contradicts, even one the node's operator signed anew with the node's key.

A log that does not verify is not extended: opening it sets ``refusal`` (a crash's unsigned tail within
the bound is accepted and signed), and a commit first checks that the file still ends where this log
left it, so a record forged under a running node refuses every later write with a message naming it
(FSC's ``TRANSACTION_LOG_WRITE_ERROR`` on requests), and nothing is signed over it.

Writes are group-committed: concurrent requests hand their records to one writer thread, which
commits them in one transaction (WAL, synchronous=FULL) and only then releases the requests. A
request the inway or outway passes on leaves only after its record is on disk (docs/decisions/0020).
"""

import asyncio
import hashlib
import hmac
import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from thorbecke.node.http_io import new_span_id, now_ms

STATUSES = ("Unset", "Ok", "Error")
SUBJECT = "dpl.core.data_subject_id"
SUBJECT_TYPE = "dpl.core.data_subject_id_type"
ACTIVITY = "dpl.core.processing_activity_id"
PROCESSOR = "dpl.core.foreign_operation.processor"
# OpenTelemetry's semantic convention for the answer's HTTP status, in the record that completes a call.
RESPONSE_STATUS = "http.response.status_code"
_GENESIS = "0" * 64
# How long a record nothing waits for (a call's outcome) may wait for a batch to ride in (decision 0023).
LINGER = 0.05

# No query reads records by trace id: an index on it (dropped from logs that have one) put each record on a random
# page of its own, and was half the cost of a commit of twelve records.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY,
    trace_id TEXT NOT NULL,
    span_id TEXT NOT NULL,
    parent_span_id TEXT,
    name TEXT NOT NULL,
    start_time INTEGER NOT NULL,
    end_time INTEGER NOT NULL,
    status TEXT NOT NULL,
    resource TEXT NOT NULL,
    attributes TEXT NOT NULL,
    subject TEXT,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_subject ON records (subject) WHERE subject IS NOT NULL;
DROP INDEX IF EXISTS records_trace;
CREATE TABLE IF NOT EXISTS checkpoints (
    seq INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    signed_at INTEGER NOT NULL,
    signature TEXT NOT NULL
);
"""


class LogWriteError(Exception):
    """The record could not be made durable; the request it belongs to must be refused."""


class LogTampered(LogWriteError):
    """The file no longer ends where this log left it: someone else wrote to it."""


@dataclass
class _Findings:
    """What a scan of the log found: problems, and the records after the last checkpoint."""

    problems: list[str]
    tail: tuple[int, int] | None = None  # first and last record no checkpoint covers
    tail_latest_end: int = 0  # the latest end_time in the tail, in ms
    last_signed_at: int | None = None  # the last checkpoint's signing time, in s
    own_tail: bool = False  # the tail was written by this log, which signs it within the bound
    last_from: int = 1  # the first record the last checkpoint covers
    last_closed: bool = False  # the last checkpoint was signed as the node closed the log


@dataclass
class Record:
    """One processing, as the Logboek standard names its fields (times in ms since the epoch)."""

    trace_id: str
    span_id: str
    name: str
    start_time: int
    end_time: int
    status: str = "Unset"
    parent_span_id: str | None = None
    resource: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.trace_id) != 32 or len(self.span_id) != 16:
            raise ValueError("trace_id is 16 bytes and span_id 8 bytes, in hex")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        if (SUBJECT in self.attributes) != (SUBJECT_TYPE in self.attributes):
            raise ValueError(f"{SUBJECT} and {SUBJECT_TYPE} go together")


def outcome(first: Record, start: int, answer_status: int | None) -> Record:
    """The record that completes ``first`` (docs/decisions/0023): a child span from ``start``, when the request went
    on, to now, with the outcome, ``Error`` when no answer came (``answer_status`` None) or the answer is a server
    error. It carries ``first``'s LDV attributes (subject, activity, caller), not its FSC ones: FSC's TransactionLog
    has one record per call, and that is ``first``."""
    status = "Error" if answer_status is None or answer_status >= 500 else "Ok"
    attributes = {k: v for k, v in first.attributes.items() if not k.startswith("fsc.")}
    if answer_status is not None:
        attributes[RESPONSE_STATUS] = answer_status
    return Record(
        first.trace_id,
        new_span_id(),
        f"{first.name} answered",
        start,
        now_ms(),
        status,
        parent_span_id=first.span_id,
        resource=first.resource,
        attributes=attributes,
    )


# One encoder each, made once: json.dumps with options builds a new encoder per call, which was a fifth
# of the log's cost per record. The output is byte for byte what json.dumps gives with the same options.
_CHAIN_JSON = json.JSONEncoder(separators=(",", ":")).encode
_FIELD_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode


def _record_hash(previous: str, row: tuple) -> str:
    return hashlib.sha256((previous + _CHAIN_JSON(row)).encode()).hexdigest()


_POSTGRES_SCHEMA = _SCHEMA.replace("seq INTEGER PRIMARY KEY", "seq BIGINT PRIMARY KEY").replace(
    "INTEGER NOT NULL", "BIGINT NOT NULL"
)


class _Store:
    """The log's tables in SQLite (a file, the default) or PostgreSQL (at national scale): one SQL dialect
    with ``?`` placeholders, translated for psycopg."""

    def __init__(self, location: Path | str) -> None:
        self.postgres = isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))
        self.closed = False
        if self.postgres:
            import psycopg

            self._db = psycopg.connect(str(location), autocommit=True)
            with self._db.transaction():
                for statement in _POSTGRES_SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
        else:
            path = Path(location)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def one(self, sql: str, params: tuple = ()) -> tuple | None:
        return self._db.execute(self._sql(sql), params).fetchone()

    def all(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self._db.execute(self._sql(sql), params).fetchall()

    def iterate(self, sql: str) -> Iterator[tuple]:
        """All rows, streamed: a server-side cursor on PostgreSQL, for logs of hundreds of millions."""
        if not self.postgres:
            yield from self._db.execute(sql)
            return
        with self._db.transaction(), self._db.cursor(name="processing_log_scan") as cursor:
            cursor.itersize = 10_000
            cursor.execute(sql)
            yield from cursor

    def write(self, rows: list[tuple], checkpoint: tuple | None, after: tuple[int, str], closing: bool = False) -> None:
        """Records and their checkpoint, if any, in one transaction, only if the log still ends at ``after``
        (seq, hash): one primary-key lookup per commit keeps a record written by someone else from being
        chained over, or answered with a constraint error. The closing checkpoint needs only ``after`` to be
        there (records forged after it are what it makes visible), and replaces one at the same record."""
        insert_records = self._sql("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
        insert_checkpoint = self._sql(
            "INSERT INTO checkpoints VALUES (?,?,?,?)"
            + (
                " ON CONFLICT (seq) DO UPDATE SET signed_at = excluded.signed_at, signature = excluded.signature"
                if closing
                else ""
            )
        )
        last_sql = (
            f"SELECT seq, hash FROM records WHERE seq = {int(after[0])}"
            if closing
            else "SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1"
        )
        if self.postgres:
            with self._db.transaction(), self._db.cursor() as cursor:
                cursor.execute("LOCK TABLE records IN EXCLUSIVE MODE")
                _same_end(cursor.execute(last_sql).fetchone(), after)
                if rows:
                    cursor.executemany(insert_records, rows)
                if checkpoint:
                    cursor.execute(insert_checkpoint, checkpoint)
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            _same_end(self._db.execute(last_sql).fetchone(), after)
            if rows:
                self._db.executemany(insert_records, rows)
            if checkpoint:
                self._db.execute(insert_checkpoint, checkpoint)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()
        self.closed = True


def _same_end(last: tuple | None, after: tuple[int, str]) -> None:
    found = tuple(last) if last else (0, _GENESIS)
    if found != after:
        raise LogTampered(
            f"the log does not verify: this node last wrote record {after[0]}, but the log now ends at record "
            f"{found[0]}"
            + (" with another hash" if found[0] == after[0] else "")
            + "; it was written by someone else, and the node will not extend it"
        )


class ProcessingLog:
    """One node's log: a SQLite file by default, or a PostgreSQL database given by its URL."""

    def __init__(
        self,
        location: Path | str,
        pseudonym_key: bytes,
        signing_key: ec.EllipticCurvePrivateKey,
        checkpoint_interval: float = 0.0,
        checkpoint_records: int = 1000,
        resource: dict[str, Any] | None = None,
    ) -> None:
        self._store = _Store(location)
        # LDV's resource (OpenTelemetry's): what system wrote the record, for records that name none themselves.
        self.resource = dict(resource or {})
        self._resource_json = _FIELD_JSON(self.resource)  # the same for nearly every record: encoded once
        self.location = location
        self.path = None if self._store.postgres else Path(location)
        self._pseudonym_key = pseudonym_key
        self._signing_key = signing_key
        self._verify_key = signing_key.public_key()
        # Re-entrant: close() signs the head under the same lock that keeps the writer thread out.
        self._lock = threading.RLock()
        last = self._store.one("SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1")
        self._seq, self._head = last if last else (0, _GENESIS)
        # Signing after every batch costs about a seventh of the gateway's throughput; records written
        # since the last checkpoint are covered by the chain, and by the next checkpoint within the bound.
        self.checkpoint_interval = checkpoint_interval
        self.checkpoint_records = checkpoint_records
        self._signed_at: float | None = None  # not 0.0: the monotonic clock starts near zero at boot
        signed = self._store.one("SELECT MAX(seq) FROM checkpoints")
        self._signed_seq: int = signed[0] if signed and signed[0] is not None else 0
        self._latest: str | None = None  # the latest checkpoint this log signed or found, as a JWT
        # The tail this log wrote itself and will sign within the bound: not a problem for ``verify``.
        self._own_tail = False
        self._signed_from = 1
        self.crash_tail: tuple[int, int] | None = None  # records a crash left unsigned, signed on opening
        self.refusal: str | None = self._check_on_opening()
        # A log refused on opening has no head of its own to sign; one refused later has: what this log wrote.
        self._head_is_own = self.refusal is None

    def pseudonym(self, subject_id: str) -> str:
        return hmac.new(self._pseudonym_key, subject_id.encode(), hashlib.sha256).hexdigest()

    def append(self, records: list[Record]) -> int:
        """Write records durably in one transaction and sign a checkpoint; returns the last sequence number."""
        with self._lock:
            if self.refusal:
                raise LogWriteError(self.refusal)
            seq, head = self._seq, self._head
            rows = []
            for record in records:
                attributes = dict(record.attributes)
                subject = None
                if SUBJECT in attributes:
                    subject = self.pseudonym(str(attributes[SUBJECT]))
                    attributes[SUBJECT] = subject
                seq += 1
                body = (
                    seq,
                    record.trace_id,
                    record.span_id,
                    record.parent_span_id,
                    record.name,
                    record.start_time,
                    record.end_time,
                    record.status,
                    _FIELD_JSON(record.resource) if record.resource else self._resource_json,
                    _FIELD_JSON(attributes),
                )
                head = _record_hash(head, body)
                rows.append((*body, subject, head))
            checkpoint = None
            if (
                self._signed_at is None
                or time.monotonic() - self._signed_at >= self.checkpoint_interval
                or seq - self._signed_seq >= self.checkpoint_records
            ):
                checkpoint = self._checkpoint(seq, head)
            self._write(rows, checkpoint)
            self._seq, self._head = seq, head
            self._own_tail = True
            return seq

    def _write(self, rows: list[tuple], checkpoint: tuple[int, str, int, str] | None) -> None:
        try:
            self._store.write(rows, checkpoint, (self._seq, self._head))
        except LogTampered as exc:
            self.refusal = str(exc)  # every later write is refused too, until a restart's full check
            raise
        except Exception as exc:  # sqlite3.Error or psycopg.Error: the batch is not durable
            raise LogWriteError(str(exc)) from exc
        if checkpoint:
            self._signed_from = self._range_start(checkpoint[0])
            self._signed_seq, self._latest = checkpoint[0], checkpoint[3]
            self._signed_at = time.monotonic()

    def _range_start(self, seq: int) -> int:
        """The first record a checkpoint at ``seq`` covers: the one after the previous checkpoint, or the same
        range when a closing checkpoint takes the place of the last one."""
        return self._signed_from if seq == self._signed_seq else self._signed_seq + 1

    def _checkpoint(self, seq: int, head: str, closed: bool = False) -> tuple[int, str, int, str]:
        signed_at = int(time.time())
        claims = {"from": self._range_start(seq), "seq": seq, "hash": head, "signed_at": signed_at}
        if closed:
            claims["closed"] = True
        return seq, head, signed_at, jwt.encode(claims, self._signing_key, "ES256")

    def latest_checkpoint(self) -> str | None:
        """The latest signed checkpoint (a compact JWT over from, seq, hash and signed_at), to publish to a
        second party: a history rewritten later contradicts it in ``verify``."""
        with self._lock:
            if self._latest is None:
                last = self._store.one("SELECT signature FROM checkpoints ORDER BY seq DESC LIMIT 1")
                self._latest = last[0] if last else None
            return self._latest

    def _check_on_opening(self) -> str | None:
        """Why this log must not be extended, or None; signs a crash's unsigned tail when it is within the bound."""
        found = self._examine(())
        self._signed_from = found.last_from
        if found.problems:
            return f"the processing log at {self.location} does not verify: " + "; ".join(found.problems)
        if found.tail and found.last_closed:
            first, last = found.tail
            return (
                f"the processing log at {self.location} does not verify: records {first}-{last} were written after "
                f"the node closed the log (its last checkpoint, at record {first - 1}, was signed on closing); "
                f"record {last} was not written by this node"
            )
        if found.tail:
            first, last = found.tail
            # A crash leaves at most checkpoint_records - 1 records, committed within checkpoint_interval of the
            # last checkpoint (its signed_at is whole seconds: one more second of slack); none when every commit
            # is signed (interval 0), as records and their checkpoint share a transaction.
            latest = (found.last_signed_at or 0) + self.checkpoint_interval + 1
            if (
                found.last_signed_at is None
                or self.checkpoint_interval <= 0
                or last - first + 1 >= self.checkpoint_records
                or found.tail_latest_end > latest * 1000
            ):
                return (
                    f"the processing log at {self.location} does not verify: records {first}-{last} are not covered "
                    f"by a signed checkpoint and lie beyond the bound a crash leaves ({self.checkpoint_records - 1} "
                    f"records, {self.checkpoint_interval} s after the last checkpoint); record {last} was not "
                    "written by this node"
                )
            self._write([], self._checkpoint(self._seq, self._head))
            self.crash_tail = found.tail
        return None

    def sign_head(self) -> None:
        """A checkpoint for the records written since the last one (on close, and on the node's timer)."""
        with self._lock:
            if self._store.closed or self.refusal:
                return  # never a signature over a log that does not verify
            if self._seq > self._signed_seq:
                self._write([], self._checkpoint(self._seq, self._head))

    def for_subject(self, subject_id: str) -> list[dict[str, Any]]:
        rows = self._store.all(
            "SELECT trace_id, span_id, parent_span_id, name, start_time, end_time, status, resource, attributes "
            "FROM records WHERE subject = ? ORDER BY seq",
            (self.pseudonym(subject_id),),
        )
        return [_as_dict(row) for row in rows]

    def records(self) -> Iterator[dict[str, Any]]:
        for row in self._store.iterate(
            "SELECT trace_id, span_id, parent_span_id, name, start_time, end_time, status, resource, attributes "
            "FROM records ORDER BY seq"
        ):
            yield _as_dict(row)

    def sequenced(self, cursor: int | None, descending: bool, limit: int) -> list[tuple[int, dict[str, Any]]]:
        """Up to ``limit`` records after (or, descending, before) the record numbered ``cursor``, with their sequence
        numbers: the pages of FSC's ``/v1/logs`` (transaction_log.py). Read under the writer's lock, so a batch
        being committed on the same connection is never read before it is durable."""
        order, beyond = ("DESC", "<") if descending else ("ASC", ">")
        where = f"WHERE seq {beyond} ? " if cursor is not None else ""
        sql = (
            "SELECT seq, trace_id, span_id, parent_span_id, name, start_time, end_time, status, resource, attributes "
            f"FROM records {where}ORDER BY seq {order} LIMIT ?"
        )
        with self._lock:
            rows = self._store.all(sql, (cursor, limit) if cursor is not None else (limit,))
        return [(row[0], _as_dict(row[1:])) for row in rows]

    def verify(self, published: Iterable[str] = ()) -> list[str]:
        """Every problem found in the chain, its checkpoints, and the checkpoints published to a second party
        (compact JWTs from ``latest_checkpoint``); an empty list means the log is intact."""
        found = self._examine(tuple(published))
        if found.tail and not found.own_tail:
            first, last = found.tail
            found.problems.append(
                f"records {first}-{last} are not covered by a signed checkpoint (the last ends at record {first - 1})"
                if first != last
                else f"record {last} is not covered by a signed checkpoint (the last ends at record {first - 1})"
            )
        return found.problems

    def _examine(self, published: tuple[str, ...]) -> _Findings:
        problems: list[str] = []
        claimed: list[tuple[int, dict | None, str]] = []  # (seq, signed claims or None, stored hash)
        for seq, chain_hash, _, signature in self._store.all("SELECT * FROM checkpoints ORDER BY seq"):
            try:
                claims = jwt.decode(signature, self._verify_key, algorithms=["ES256"])
            except jwt.PyJWTError:
                problems.append(f"checkpoint {seq} has an invalid signature")
                claimed.append((seq, None, chain_hash))
                continue
            if (claims["seq"], claims["hash"]) != (seq, chain_hash):
                problems.append(f"checkpoint {seq} does not match its signature")
            claimed.append((seq, claims, chain_hash))
        outside: list[tuple[int, dict]] = []
        for token in published:
            try:
                outside.append((-1, jwt.decode(token, self._verify_key, algorithms=["ES256"])))
            except jwt.PyJWTError:
                problems.append("a published checkpoint is not signed by this node")
        # Only the chain's hash at checkpointed records is kept: a log may hold hundreds of millions.
        with self._lock:  # what this log wrote, as the scan starts: appends go on meanwhile
            wrote, wrote_head = self._seq, self._head
        wanted = {seq for seq, _, _ in claimed} | {c["seq"] for _, c in outside} | {wrote}
        heads: dict[int, str] = {}
        head, expected, last_end = _GENESIS, 1, 0
        signed_to = claimed[-1][0] if claimed else 0
        tail_latest = 0
        for row in self._store.iterate("SELECT * FROM records ORDER BY seq"):
            seq = row[0]
            if seq != expected:
                problems.append(f"record {expected} is missing (next is {seq})")
            head = _record_hash(head, tuple(row[:10]))
            if head != row[11]:
                problems.append(f"record {seq} was changed (its hash does not follow from the chain)")
                head = row[11]
            if seq in wanted:
                heads[seq] = head
            if seq > signed_to:
                tail_latest = max(tail_latest, row[6])
            last_end, expected = seq, seq + 1
        covered, last_from = 0, 1
        for seq, claims, chain_hash in claimed:
            if claims is None:
                continue
            last_from = claims.get("from", covered + 1)
            # Continuity: each checkpoint's range starts where the previous one ended (older ones name no range).
            if claims.get("from", covered + 1) != covered + 1:
                problems.append(
                    f"checkpoint {seq} covers records from {claims['from']}, but the previous checkpoint ends at "
                    f"record {covered}: a checkpoint in between is missing"
                )
            covered = seq
            if seq not in heads:
                problems.append(f"checkpoint {seq} names a record that is gone")
            elif heads[seq] != chain_hash:
                problems.append(f"the chain at record {seq} differs from the signed checkpoint")
        for _, claims in outside:
            seq = claims["seq"]
            if seq not in heads:
                problems.append(f"published checkpoint {seq} names a record that is gone: the log was cut")
            elif heads[seq] != claims["hash"]:
                problems.append(f"published checkpoint {seq} contradicts the log: its history was rewritten")
        with self._lock:
            now_at, now_head, own = self._seq, self._head, self._own_tail
        if wrote and heads.get(wrote) != wrote_head:
            problems.append(f"record {wrote}, the last this log had written, is gone or was changed")
        elif last_end > now_at or (last_end == now_at and head != now_head):
            problems.append(f"the log file ends at record {last_end}, which this log did not write")
            own = False
        tail = (signed_to + 1, last_end) if last_end > signed_to else None
        last = claimed[-1][1] if claimed and claimed[-1][1] else {}
        return _Findings(problems, tail, tail_latest, last.get("signed_at"), own, last_from, last.get("closed", False))

    def close(self) -> None:
        """Sign the head as closed: a record found after a closing checkpoint was not written by this node
        (a crash, which signs nothing, may leave a tail within the bound; a clean stop leaves none)."""
        with self._lock:
            if self._store.closed:
                return
            if self._seq and self._head_is_own:
                checkpoint = self._checkpoint(self._seq, self._head, closed=True)
                try:
                    self._store.write([], checkpoint, (self._seq, self._head), closing=True)
                except Exception:  # LogTampered, sqlite3.Error or psycopg.Error: what this log wrote is gone or
                    pass  # changed, so there is nothing to sign, and verify says so
            self._store.close()


def _as_dict(row: tuple) -> dict[str, Any]:
    trace_id, span_id, parent, name, start, end, status, resource, attributes = row
    return {
        "trace_id": trace_id,
        "span_id": span_id,
        "parent_span_id": parent,
        "name": name,
        "start_time": start,
        "end_time": end,
        "status": status,
        "resource": {"attributes": json.loads(resource)},
        "attributes": json.loads(attributes),
    }


class GroupCommitter:
    """Collects the records of concurrent requests on the event loop and commits them together.

    One batch is in flight at a time, on one writer thread; records that arrive meanwhile form the next
    batch. The loop hands over once per batch rather than once per request: a thread handoff per
    request (a queue put and a loop wake-up each) cost more than the records themselves.
    """

    def __init__(self, log: ProcessingLog, linger: float = LINGER) -> None:
        self.log, self.linger = log, linger
        self._pending: list[tuple[list[Record], asyncio.Future]] = []
        self._flusher: asyncio.Task | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="processing-log")

    async def write(self, records: list[Record]) -> None:
        """Commit records before going on: the records a request is logged with before it goes further."""
        future = self._enqueue(records)
        self._start()
        await future

    def submit(self, records: list[Record]) -> asyncio.Future:
        """Hand records to a later batch without waiting for it: for records the request need not wait for (a
        call's outcome, decision 0023), so the connection is free for its next request. They ride with the next
        request's records, or are committed on their own within ``linger`` seconds: a commit of their own, right
        away, held every next request behind it (about a fifth of the gateway's throughput). A failure is kept on
        the future and refuses the next request's records, which meet it too."""
        future = self._enqueue(records)
        if self._flusher is None and self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.linger, self._start)
        return future

    def _enqueue(self, records: list[Record]) -> asyncio.Future:
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        future.add_done_callback(lambda done: done.cancelled() or done.exception())  # retrieved: never "unretrieved"
        self._pending.append((records, future))
        return future

    def _start(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._flusher is None and self._pending:
            self._flusher = asyncio.get_running_loop().create_task(self._flush())

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                try:
                    records = [record for records, _ in batch for record in records]
                    await loop.run_in_executor(self._writer, self.log.append, records)
                    error = None
                except Exception as exc:  # every waiting request must hear of the failure
                    error = exc if isinstance(exc, LogWriteError) else LogWriteError(str(exc))
                _settle(batch, error)
        finally:
            self._flusher = None

    def close(self) -> None:
        """Stop the writer once its batch is in; lingering records are committed here, not lost with the node."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._writer.shutdown(wait=True)
        batch, self._pending = self._pending, []
        if batch:
            try:
                self.log.append([record for records, _ in batch for record in records])
                error = None
            except LogWriteError as exc:
                error = exc
            _settle(batch, error)


def _settle(batch: list[tuple[list[Record], asyncio.Future]], error: LogWriteError | None) -> None:
    for _, future in batch:
        if future.done():
            continue
        if error is None:
            future.set_result(None)
        else:
            future.set_exception(error)
