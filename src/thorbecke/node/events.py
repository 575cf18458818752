"""Notifications between organisations: CloudEvents, delivered at least once under a contract.

The publishing node keeps an outbox: publishing stores the event and one delivery per matching
subscription in one transaction, so nothing is lost when the node stops. A delivery task sends
each due delivery through the node's own outway (the subscriber offers a ``cloudevents`` service
and has granted the publisher a connection), retries with exponential backoff, and after the last
attempt moves the delivery to the dead-letter list, from where an administrator can retry it.

The subscribing node's ``cloudevents`` service keeps an inbox keyed by (source, id): a delivery
that arrives twice is acknowledged and stored once, so consumers are idempotent.
"""

import asyncio
import datetime as dt
import http.client
import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from thorbecke.node.http_io import Receive, Send, body, header, now_ms, respond_json
from thorbecke.node.in_process import processor_or_refuse
from thorbecke.node.processing_log import PROCESSOR, SUBJECT, SUBJECT_TYPE, GroupCommitter, LogWriteError, Record

CONTENT_TYPE = "application/cloudevents+json"
REQUIRED = ("specversion", "id", "source", "type")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (name TEXT PRIMARY KEY, grant_hash TEXT NOT NULL, types TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, type TEXT NOT NULL,
                                   event TEXT NOT NULL, created INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (event_seq INTEGER NOT NULL, subscription TEXT NOT NULL,
                                       state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,
                                       next_at REAL NOT NULL, last_error TEXT NOT NULL DEFAULT '',
                                       PRIMARY KEY (event_seq, subscription));
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_at);
CREATE TABLE IF NOT EXISTS inbox (source TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, event TEXT NOT NULL,
                                  received INTEGER NOT NULL, PRIMARY KEY (source, id));
"""


class EventError(ValueError):
    """An event or subscription that cannot be accepted, with the reason."""


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.executescript(_SCHEMA)
    return db


def check(event: Any) -> dict[str, Any]:
    if not isinstance(event, dict):
        raise EventError("a CloudEvent is a JSON object")
    missing = [key for key in REQUIRED if not event.get(key)]
    if missing:
        raise EventError(f"the event lacks {', '.join(missing)}")
    if event["specversion"] != "1.0":
        raise EventError("only CloudEvents specversion 1.0")
    return event


class Outbox:
    def __init__(self, path: Path, source: str, outway_port: int, retry_base: float = 2.0, max_attempts: int = 8):
        self.source, self.outway_port = source, outway_port
        self.retry_base, self.max_attempts = retry_base, max_attempts
        self._db = _connect(path)
        self._lock = threading.Lock()
        self._closed = False
        self.wakeup = asyncio.Event()

    def subscribe(self, name: str, grant_hash: str, types: list[str]) -> None:
        if not name or not grant_hash.startswith("$1$"):
            raise EventError("a subscription needs a name and the grant hash of the subscriber's cloudevents service")
        self._db.execute("INSERT OR REPLACE INTO subscriptions VALUES (?, ?, ?)", (name, grant_hash, json.dumps(types)))

    def publish(self, event_type: str, data: Any, subject: str = "", extensions: dict[str, str] | None = None) -> str:
        """Store the event and its deliveries durably; returns the event's id."""
        event = {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": self.source,
            "type": event_type,
            "time": dt.datetime.now(dt.UTC).isoformat(),
            "datacontenttype": "application/json",
            "data": data,
            **({"subject": subject} if subject else {}),
            **(extensions or {}),
        }
        check(event)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.execute(
                    "INSERT INTO events (id, type, event, created) VALUES (?, ?, ?, ?)",
                    (event["id"], event_type, json.dumps(event), int(time.time())),
                )
                for name, types in self._db.execute("SELECT name, types FROM subscriptions").fetchall():
                    if not json.loads(types) or event_type in json.loads(types):
                        self._db.execute(
                            "INSERT INTO deliveries (event_seq, subscription, next_at) VALUES (?, ?, ?)",
                            (cursor.lastrowid, name, time.time()),
                        )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        self.wakeup.set()
        return event["id"]

    def _due(self) -> list[tuple[int, str, str, str, int]]:
        with self._lock:
            if self._closed:
                return []
            return self._db.execute(
                "SELECT d.event_seq, d.subscription, s.grant_hash, e.event, d.attempts FROM deliveries d "
                "JOIN subscriptions s ON s.name = d.subscription JOIN events e ON e.seq = d.event_seq "
                "WHERE d.state = 'pending' AND d.next_at <= ? ORDER BY d.next_at LIMIT 100",
                (time.time(),),
            ).fetchall()

    def _send(self, grant_hash: str, event: str) -> str:
        """'' when the subscriber acknowledged, else the reason."""
        connection = http.client.HTTPConnection("127.0.0.1", self.outway_port, timeout=10)
        try:
            connection.request("POST", "/", event, {"Content-Type": CONTENT_TYPE, "Fsc-Grant-Hash": grant_hash})
            response = connection.getresponse()
            answer = response.read()[:200].decode(errors="replace")
            return "" if 200 <= response.status < 300 else f"{response.status} {answer}"
        except OSError as exc:
            return str(exc)
        finally:
            connection.close()

    def deliver_due(self) -> int:
        """One round of deliveries; returns how many were acknowledged."""
        delivered = 0
        for seq, subscription, grant_hash, event, attempts in self._due():
            error = self._send(grant_hash, event)
            key = (seq, subscription)
            with self._lock:
                if self._closed:
                    return delivered
                if not error:
                    self._db.execute(
                        "UPDATE deliveries SET state='delivered', attempts=attempts+1 "
                        "WHERE event_seq=? AND subscription=?",
                        key,
                    )
                    delivered += 1
                elif attempts + 1 >= self.max_attempts:
                    self._db.execute(
                        "UPDATE deliveries SET state='dead', attempts=attempts+1, last_error=? "
                        "WHERE event_seq=? AND subscription=?",
                        (error, *key),
                    )
                else:
                    delay = min(300.0, self.retry_base * 2**attempts)
                    self._db.execute(
                        "UPDATE deliveries SET attempts=attempts+1, next_at=?, last_error=? "
                        "WHERE event_seq=? AND subscription=?",
                        (time.time() + delay, error, *key),
                    )
        return delivered

    async def run(self) -> None:
        """Deliver until cancelled: on every publish, and at least every second for retries."""
        while True:
            await asyncio.to_thread(self.deliver_due)
            self.wakeup.clear()
            try:
                await asyncio.wait_for(self.wakeup.wait(), 1.0)
            except TimeoutError:
                pass

    def status(self) -> dict[str, Any]:
        counts = dict(self._db.execute("SELECT state, COUNT(*) FROM deliveries GROUP BY state").fetchall())
        dead = [
            {"event": json.loads(event), "subscription": name, "attempts": attempts, "last_error": error}
            for event, name, attempts, error in self._db.execute(
                "SELECT e.event, d.subscription, d.attempts, d.last_error FROM deliveries d "
                "JOIN events e ON e.seq = d.event_seq WHERE d.state = 'dead' ORDER BY d.event_seq"
            )
        ]
        return {"pending": counts.get("pending", 0), "delivered": counts.get("delivered", 0), "dead": dead}

    def retry_dead(self) -> int:
        cursor = self._db.execute(
            "UPDATE deliveries SET state='pending', attempts=0, next_at=? WHERE state='dead'", (time.time(),)
        )
        self.wakeup.set()
        return cursor.rowcount

    def close(self) -> None:
        # The delivery thread may still be in a round; it checks this flag under the same lock.
        with self._lock:
            self._closed = True
            self._db.close()


class Inbox:
    """The ``cloudevents`` service: receives events, once each, and logs the person they concern."""

    name = "melding ontvangen"

    def __init__(self, path: Path, committer: GroupCommitter, purpose: str) -> None:
        self._db = _connect(path)
        self.committer, self.purpose = committer, purpose

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        processor = await processor_or_refuse(scope, send)
        if processor is None:
            return
        if scope["method"] != "POST":
            await respond_json(send, 405, {"title": "POST a CloudEvent"})
            return
        start = now_ms()
        try:
            event = check(json.loads(await body(receive)))
        except (ValueError, EventError) as exc:
            await respond_json(send, 400, {"title": "not a CloudEvent", "detail": str(exc)})
            return
        if event.get("dplsubjecttype") and event.get("subject"):
            trace = (header(scope, b"traceparent") or b"").decode().split("-")
            record = Record(
                trace[1] if len(trace) == 4 else uuid.uuid4().hex,
                uuid.uuid4().hex[:16],
                self.name,
                start,
                now_ms(),
                parent_span_id=trace[2] if len(trace) == 4 else None,
                attributes={
                    SUBJECT: event["subject"],
                    SUBJECT_TYPE: event["dplsubjecttype"],
                    PROCESSOR: processor,
                    **({"dpl.core.processing_activity_id": self.purpose} if self.purpose else {}),
                },
            )
            try:
                await self.committer.write([record])
            except LogWriteError:
                await respond_json(send, 500, {"title": "the processing log did not acknowledge"})
                return
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO inbox VALUES (?, ?, ?, ?, ?)",
            (event["source"], event["id"], event["type"], json.dumps(event), int(time.time())),
        )
        await respond_json(send, 202, {"duplicate": cursor.rowcount == 0})

    def received(self) -> list[dict[str, Any]]:
        return [event for _, event in self.since(0, limit=-1)]

    def since(self, after: int, limit: int = 500) -> list[tuple[int, dict[str, Any]]]:
        """(position, event) in the order received, after a position a consumer has reached."""
        rows = self._db.execute(
            "SELECT rowid, event FROM inbox WHERE rowid > ? ORDER BY rowid LIMIT ?", (after, limit)
        ).fetchall()
        return [(seq, json.loads(event)) for seq, event in rows]

    def close(self) -> None:
        self._db.close()
