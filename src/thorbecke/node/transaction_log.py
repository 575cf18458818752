"""FSC's logging extension on the manager: ``GET /v1/logs`` gives a peer the TransactionLog records that concern it.

The inway and outway write their TransactionLog records into the node's processing log (processing_log.py) as
Logboek Dataverwerkingen records whose ``fsc.*`` attributes hold the extension's fields; this module reads them
back in the extension's record format (logging.yaml's ``logRecord``): transaction id, direction, grant hash, source
and destination (each with its delegator when there is one), service name and creation time, with the trace and
span ids. A peer gets only the records that name it as outway, service provider or either delegator.

The query parameters are the extension's: ``cursor``, ``limit`` (1-1000, 25 by default), ``sort_order``
(``SORT_ORDER_ASCENDING`` or ``SORT_ORDER_DESCENDING``), ``after`` and ``before`` (Unix seconds, exclusive), and
comma-separated lists of ``grant_hash``, ``service_name`` and ``transaction_id``, each matching any of its values.
The cursor is the log's sequence number of the last record returned; ``next_cursor`` is empty when the log holds no
more.
"""

from dataclasses import dataclass
from typing import Any

from thorbecke.node.processing_log import ProcessingLog

LIMIT_DEFAULT, LIMIT_MAX = 25, 1000
ASCENDING, DESCENDING = "SORT_ORDER_ASCENDING", "SORT_ORDER_DESCENDING"
# Records are read in batches of this many and filtered here: the log's attributes are JSON, the same on SQLite and
# PostgreSQL, and most of its records are TransactionLog records of the node's own peers.
SCAN_BATCH = 500


@dataclass(frozen=True)
class LogQuery:
    cursor: int | None = None
    limit: int = LIMIT_DEFAULT
    descending: bool = False
    after: int | None = None
    before: int | None = None
    grant_hashes: frozenset[str] = frozenset()
    service_names: frozenset[str] = frozenset()
    transactions: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, params: dict[str, str]) -> "LogQuery":
        """The query of a request's parameters; ValueError names the one that is malformed."""

        def listed(name: str) -> frozenset[str]:
            return frozenset(v for v in params.get(name, "").split(",") if v)

        def number(name: str) -> int | None:
            value = params.get(name, "")
            if value and not value.isdigit():
                raise ValueError(f"{name} must be a non-negative integer")
            return int(value) if value else None

        limit = number("limit") or LIMIT_DEFAULT
        if not 1 <= limit <= LIMIT_MAX:
            raise ValueError(f"limit must be between 1 and {LIMIT_MAX}")
        order = params.get("sort_order") or ASCENDING
        if order not in (ASCENDING, DESCENDING):
            raise ValueError(f"sort_order must be {ASCENDING} or {DESCENDING}")
        return cls(
            number("cursor"),
            limit,
            order == DESCENDING,
            number("after"),
            number("before"),
            listed("grant_hash"),
            listed("service_name"),
            listed("transaction_id"),
        )

    def matches(self, record: dict[str, Any]) -> bool:
        return (
            (self.after is None or record["created_at"] > self.after)
            and (self.before is None or record["created_at"] < self.before)
            and (not self.grant_hashes or record["grant_hash"] in self.grant_hashes)
            and (not self.service_names or record["service_name"] in self.service_names)
            and (not self.transactions or record["transaction_id"] in self.transactions)
        )


def as_fsc_record(record: dict[str, Any]) -> dict[str, Any] | None:
    """A processing log record in the logging extension's format, or None when it is no TransactionLog record (a
    source's own processing, or a request refused before its grant was known)."""
    a = record["attributes"]
    if not a.get("fsc.direction") or not a.get("fsc.grant_hash"):
        return None
    source = {"type": "SOURCE_TYPE_SOURCE", "outway_peer_id": a["fsc.source.outway_peer_id"]}
    if a.get("fsc.source.delegator_peer_id"):
        source |= {"type": "SOURCE_TYPE_DELEGATED_SOURCE", "delegator_peer_id": a["fsc.source.delegator_peer_id"]}
    destination = {"type": "DESTINATION_TYPE_DESTINATION", "service_peer_id": a["fsc.destination.service_peer_id"]}
    if a.get("fsc.destination.delegator_peer_id"):
        destination |= {
            "type": "DESTINATION_TYPE_DELEGATED_DESTINATION",
            "delegator_peer_id": a["fsc.destination.delegator_peer_id"],
        }
    return {
        "transaction_id": a["fsc.transaction_id"],
        "direction": a["fsc.direction"],
        "grant_hash": a["fsc.grant_hash"],
        "source": source,
        "destination": destination,
        "service_name": a["fsc.service_name"],
        "created_at": record["start_time"] // 1000,
        "trace_id": record["trace_id"],
        "span_id": record["span_id"],
    }


def concerns(record: dict[str, Any], peer_id: str) -> bool:
    """Whether the peer may see the record: it is its outway's peer, the service's, or a delegator of either."""
    source, destination = record["source"], record["destination"]
    return peer_id in (
        source["outway_peer_id"],
        source.get("delegator_peer_id"),
        destination["service_peer_id"],
        destination.get("delegator_peer_id"),
    )


def page(log: ProcessingLog, peer_id: str, query: LogQuery) -> dict[str, Any]:
    """One page of the records that concern the peer and match the query, as ``GET /v1/logs`` answers it."""
    found: list[dict[str, Any]] = []
    cursor = query.cursor
    while len(found) < query.limit:
        batch = log.sequenced(cursor, query.descending, SCAN_BATCH)
        for seq, record in batch:
            cursor = seq
            fsc_record = as_fsc_record(record)
            if fsc_record and concerns(fsc_record, peer_id) and query.matches(fsc_record):
                found.append(fsc_record)
                if len(found) == query.limit:
                    break
        if len(batch) < SCAN_BATCH and (not batch or cursor == batch[-1][0]):
            return {"records": found, "pagination": {"next_cursor": ""}}
    return {"records": found, "pagination": {"next_cursor": str(cursor)}}
