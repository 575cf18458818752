"""The processing log (Logboek Dataverwerkingen): append-only, hash-chained, acknowledged writes.

Records carry the fields of the Logius standard (trace_id, span_id, parent_span_id, name,
start_time, end_time, status, resource, attributes with ``dpl.core.*``), one record per data
subject. The subject's id is stored as a keyed pseudonym (HMAC-SHA256 with the node's own key),
so the log can answer "who used my data" for a person without holding their citizen number.

Every record's hash covers the previous record's hash; the node signs a checkpoint (sequence
number and chain hash) with a committed batch at most every ``checkpoint_interval`` seconds, and
when it closes. ``verify`` recomputes the chain and checks every
checkpoint, so a changed, inserted or deleted record is found, including records cut from the
end (the last checkpoint names a record that is gone).

Writes are group-committed: concurrent requests hand their records to one writer thread, which
commits them in one transaction (WAL, synchronous=FULL) and only then releases the requests. A
2xx answer is sent after its records are on disk.
"""

import asyncio
import hashlib
import hmac
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

STATUSES = ("Unset", "Ok", "Error")
SUBJECT = "dpl.core.data_subject_id"
SUBJECT_TYPE = "dpl.core.data_subject_id_type"
ACTIVITY = "dpl.core.processing_activity_id"
PROCESSOR = "dpl.core.foreign_operation.processor"
_GENESIS = "0" * 64

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
CREATE INDEX IF NOT EXISTS records_trace ON records (trace_id);
CREATE TABLE IF NOT EXISTS checkpoints (
    seq INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    signed_at INTEGER NOT NULL,
    signature TEXT NOT NULL
);
"""


class LogWriteError(Exception):
    """The record could not be made durable; the request it belongs to must be refused."""


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

    def write(self, rows: list[tuple], checkpoint: tuple | None) -> None:
        """Records and their checkpoint, if any, in one transaction."""
        insert_records = self._sql("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
        insert_checkpoint = self._sql("INSERT INTO checkpoints VALUES (?,?,?,?)")
        if self.postgres:
            with self._db.transaction(), self._db.cursor() as cursor:
                if rows:
                    cursor.executemany(insert_records, rows)
                if checkpoint:
                    cursor.execute(insert_checkpoint, checkpoint)
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
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


class ProcessingLog:
    """One node's log: a SQLite file by default, or a PostgreSQL database given by its URL."""

    def __init__(
        self,
        location: Path | str,
        pseudonym_key: bytes,
        signing_key: ec.EllipticCurvePrivateKey,
        checkpoint_interval: float = 0.0,
    ) -> None:
        self._store = _Store(location)
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
        # since the last checkpoint are covered by the chain, and by the next checkpoint.
        self.checkpoint_interval = checkpoint_interval
        self._signed_at: float | None = None  # not 0.0: the monotonic clock starts near zero at boot

    def pseudonym(self, subject_id: str) -> str:
        return hmac.new(self._pseudonym_key, subject_id.encode(), hashlib.sha256).hexdigest()

    def append(self, records: list[Record]) -> int:
        """Write records durably in one transaction and sign a checkpoint; returns the last sequence number."""
        with self._lock:
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
                    _FIELD_JSON(record.resource),
                    _FIELD_JSON(attributes),
                )
                head = _record_hash(head, body)
                rows.append((*body, subject, head))
            checkpoint = None
            if self._signed_at is None or time.monotonic() - self._signed_at >= self.checkpoint_interval:
                checkpoint = self._checkpoint(seq, head)
            try:
                self._store.write(rows, checkpoint)
            except Exception as exc:  # sqlite3.Error or psycopg.Error: the batch is not durable
                raise LogWriteError(str(exc)) from exc
            self._seq, self._head = seq, head
            return seq

    def _checkpoint(self, seq: int, head: str) -> tuple[int, str, int, str]:
        signed_at = int(time.time())
        signature = jwt.encode({"seq": seq, "hash": head, "signed_at": signed_at}, self._signing_key, "ES256")
        self._signed_at = time.monotonic()
        return seq, head, signed_at, signature

    def sign_head(self) -> None:
        """A checkpoint for the records written since the last one (on close, and on the node's timer)."""
        with self._lock:
            if self._store.closed:
                return
            last = self._store.one("SELECT MAX(seq) FROM checkpoints")
            if self._seq and (last is None or last[0] is None or last[0] < self._seq):
                self._store.write([], self._checkpoint(self._seq, self._head))

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

    def verify(self) -> list[str]:
        """Every problem found in the chain and its checkpoints; an empty list means the log is intact."""
        problems: list[str] = []
        head, expected = _GENESIS, 1
        heads: dict[int, str] = {}
        for row in self._store.iterate("SELECT * FROM records ORDER BY seq"):
            seq = row[0]
            if seq != expected:
                problems.append(f"record {expected} is missing (next is {seq})")
            head = _record_hash(head, tuple(row[:10]))
            if head != row[11]:
                problems.append(f"record {seq} was changed (its hash does not follow from the chain)")
                head = row[11]
            heads[seq] = head
            expected = seq + 1
        for seq, chain_hash, _, signature in self._store.all("SELECT * FROM checkpoints ORDER BY seq"):
            try:
                claims = jwt.decode(signature, self._verify_key, algorithms=["ES256"])
            except jwt.PyJWTError:
                problems.append(f"checkpoint {seq} has an invalid signature")
                continue
            if (claims["seq"], claims["hash"]) != (seq, chain_hash):
                problems.append(f"checkpoint {seq} does not match its signature")
            elif seq not in heads:
                problems.append(f"checkpoint {seq} names a record that is gone")
            elif heads[seq] != chain_hash:
                problems.append(f"the chain at record {seq} differs from the signed checkpoint")
        return problems

    def close(self) -> None:
        with self._lock:
            if self._store.closed:
                return
            self.sign_head()
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

    def __init__(self, log: ProcessingLog) -> None:
        self.log = log
        self._pending: list[tuple[list[Record], asyncio.Future]] = []
        self._flusher: asyncio.Task | None = None
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="processing-log")

    async def write(self, records: list[Record]) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future = loop.create_future()
        self._pending.append((records, future))
        if self._flusher is None:
            self._flusher = loop.create_task(self._flush())
        await future

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
                for _, future in batch:
                    if future.done():
                        continue
                    if error is None:
                        future.set_result(None)
                    else:
                        future.set_exception(error)
        finally:
            self._flusher = None

    def close(self) -> None:
        self._writer.shutdown(wait=True)
