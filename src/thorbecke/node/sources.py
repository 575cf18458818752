"""Services a node runs itself, behind its own inway: the reading side of its processing log, the
inbox for notifications (``cloudevents``, in events.py), and the demo sources of the population
(``brp-personen``, ``inkomen``, in population_sources.py, loaded only by a node that serves one).

Each writes one processing-log record per data subject it touches, in the same trace as the inway's
record, before it answers, naming the processor the inway verified. The inway calls them in its own process
(in_process.py): they listen on no port, and refuse, logging nothing, a request that did not come through it.
"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thorbecke.node.events import Inbox
from thorbecke.node.http_io import (
    Receive,
    Send,
    body,
    header,
    new_span_id,
    new_trace_id,
    now_ms,
    parse_traceparent,
    respond_json,
)
from thorbecke.node.in_process import processor_or_refuse
from thorbecke.node.processing_log import (
    ACTIVITY,
    PROCESSOR,
    SUBJECT,
    SUBJECT_TYPE,
    GroupCommitter,
    LogWriteError,
    ProcessingLog,
    Record,
)

if TYPE_CHECKING:
    from thorbecke.population.source import PopulationSource

SUBJECT_TYPES = ("BSN",)


async def problem(send: Send, status: int, title: str, detail: str = "") -> None:
    await respond_json(
        send,
        status,
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        [(b"content-type", b"application/problem+json")],
    )


class LoggedService:
    """What the built-in services share: reading a JSON body and logging per data subject."""

    name = "service"

    def __init__(self, committer: GroupCommitter, purpose: str) -> None:
        self.committer, self.purpose = committer, purpose

    async def _log(self, scope: dict, processor: str, start: int, subjects: list[str]) -> None:
        incoming = parse_traceparent(header(scope, b"traceparent"))
        trace_id, parent = incoming if incoming else (new_trace_id(), None)
        attributes = {PROCESSOR: processor, **({ACTIVITY: self.purpose} if self.purpose else {})}
        records = [
            Record(
                trace_id,
                new_span_id(),
                self.name,
                start,
                now_ms(),
                parent_span_id=parent,
                attributes={**attributes, SUBJECT: subject, SUBJECT_TYPE: "BSN"},
            )
            for subject in subjects
        ]
        if records:
            await self.committer.write(records)

    async def _json(self, receive: Receive) -> Any:
        return json.loads(await body(receive) or b"null")


class LogReader(LoggedService):
    """Logboek Dataverwerkingen, read extension: the processings of one data subject at this node.

    The subject's id travels in the body, not the query string, so it stays out of access logs."""

    name = "verwerkingen opvragen"

    def __init__(self, committer: GroupCommitter, purpose: str, log: ProcessingLog) -> None:
        super().__init__(committer, purpose)
        self.log = log

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        processor = await processor_or_refuse(scope, send)
        if processor is None:
            return
        if (scope["method"], scope["path"]) != ("POST", "/processing-activities"):
            await problem(send, 404, "Not found", "POST /processing-activities")
            return
        start = now_ms()
        try:
            request = await self._json(receive)
            subject = str(request["dpl.core.data_subject_id"])
            if request.get("dpl.core.data_subject_id_type", "BSN") not in SUBJECT_TYPES:
                raise ValueError("unknown dpl.core.data_subject_id_type")
        except (ValueError, KeyError, TypeError) as exc:
            await problem(send, 400, "Give dpl.core.data_subject_id (and its type) in a JSON body", str(exc))
            return
        found = [r for r in self.log.for_subject(subject) if r["name"] != self.name]
        try:
            await self._log(scope, processor, start, [subject])
        except LogWriteError:
            await problem(send, 500, "The processing log did not acknowledge")
            return
        activities = [
            {
                "traceId": r["trace_id"],
                "spanId": r["span_id"],
                "parentSpanId": r["parent_span_id"],
                "status": r["status"],
                "name": r["name"],
                "startTime": r["start_time"],
                "endTime": r["end_time"],
                "attributes": {k: v for k, v in r["attributes"].items() if k != SUBJECT},
            }
            for r in found
        ]
        await respond_json(send, 200, {"processingActivities": activities})


Builder = Callable[[GroupCommitter, str, ProcessingLog, Path, "PopulationSource | None"], Any]
POPULATION_SOURCES = ("brp-personen", "inkomen")  # NodeConfig.load makes sure these have a population


def _serving(population: "PopulationSource | None") -> "PopulationSource":
    if population is None:
        raise ValueError("a built-in source without a population to serve")
    return population


def _population_sources() -> Any:
    """Loaded only by a node that serves the population: it brings numpy and pyarrow."""
    from thorbecke.node import population_sources

    return population_sources


BUILTIN: dict[str, Builder] = {
    "logboek": lambda committer, purpose, log, folder, population: LogReader(committer, purpose, log),
    "brp-personen": lambda committer, purpose, log, folder, population: _population_sources().PersonsSource(
        committer, purpose, _serving(population)
    ),
    "inkomen": lambda committer, purpose, log, folder, population: _population_sources().IncomeSource(
        committer, purpose, _serving(population)
    ),
    "cloudevents": lambda committer, purpose, log, folder, population: Inbox(
        folder / "inbox.sqlite", committer, purpose
    ),
}
