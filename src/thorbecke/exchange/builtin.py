"""Services a node runs itself, behind its own inway: the reading side of its processing log, the
inbox for notifications (``cloudevents``, in events.py), and the demo sources: personal records in
the shape of Haal Centraal BRP Personen, and the tax office's registered incomes.

Each writes one processing-log record per data subject it touches, in the same trace as the inway's
record, before it answers.
"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
import yaml

from thorbecke.exchange.asgi import (
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
from thorbecke.exchange.events import Inbox
from thorbecke.exchange.processing_log import (
    ACTIVITY,
    PROCESSOR,
    SUBJECT,
    SUBJECT_TYPE,
    GroupCommitter,
    LogWriteError,
    ProcessingLog,
    Record,
)

PERSONS = Path(__file__).parent / "content" / "demo_persons.yaml"
INCOMES = Path(__file__).parent / "content" / "demo_incomes.yaml"
SUBJECT_TYPES = ("BSN",)


async def _problem(send: Send, status: int, title: str, detail: str = "") -> None:
    await respond_json(
        send,
        status,
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        [(b"content-type", b"application/problem+json")],
    )


class _Logged:
    """What the built-in services share: reading a JSON body and logging per data subject."""

    name = "service"

    def __init__(self, committer: GroupCommitter, purpose: str) -> None:
        self.committer, self.purpose = committer, purpose

    async def _log(self, scope: dict, start: int, subjects: list[str]) -> None:
        incoming = parse_traceparent(header(scope, b"traceparent"))
        trace_id, parent = incoming if incoming else (new_trace_id(), None)
        attributes = {ACTIVITY: self.purpose} if self.purpose else {}
        caller = _caller(scope)
        if caller:
            attributes[PROCESSOR] = f"urn:oin:{caller}"
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


class LogReader(_Logged):
    """Logboek Dataverwerkingen, read extension: the processings of one data subject at this node.

    The subject's id travels in the body, not the query string, so it stays out of access logs."""

    name = "verwerkingen opvragen"

    def __init__(self, committer: GroupCommitter, purpose: str, log: ProcessingLog) -> None:
        super().__init__(committer, purpose)
        self.log = log

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if (scope["method"], scope["path"]) != ("POST", "/processing-activities"):
            await _problem(send, 404, "Not found", "POST /processing-activities")
            return
        start = now_ms()
        try:
            request = await self._json(receive)
            subject = str(request["dpl.core.data_subject_id"])
            if request.get("dpl.core.data_subject_id_type", "BSN") not in SUBJECT_TYPES:
                raise ValueError("unknown dpl.core.data_subject_id_type")
        except (ValueError, KeyError, TypeError) as exc:
            await _problem(send, 400, "Give dpl.core.data_subject_id (and its type) in a JSON body", str(exc))
            return
        found = [r for r in self.log.for_subject(subject) if r["name"] != self.name]
        try:
            await self._log(scope, start, [subject])
        except LogWriteError:
            await _problem(send, 500, "The processing log did not acknowledge")
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


class PersonsSource(_Logged):
    """Personal records in the shape of Haal Centraal BRP Personen bevragen (POST /personen, `fields`)."""

    name = "persoonsgegevens verstrekken"

    def __init__(self, committer: GroupCommitter, purpose: str, persons: Path = PERSONS) -> None:
        super().__init__(committer, purpose)
        self.persons = {p["burgerservicenummer"]: p for p in yaml.safe_load(persons.read_text())["personen"]}

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if (scope["method"], scope["path"]) != ("POST", "/personen"):
            await _problem(send, 404, "Not found", "POST /personen")
            return
        start = now_ms()
        try:
            request = await self._json(receive)
            if request.get("type") != "RaadpleegMetBurgerservicenummer":
                raise ValueError("type must be RaadpleegMetBurgerservicenummer")
            numbers = [str(n) for n in request["burgerservicenummer"]]
            fields = [str(f) for f in request["fields"]]
            if not numbers or len(numbers) > 20 or not fields:
                raise ValueError("ask for 1 to 20 burgerservicenummers and name the fields")
        except (ValueError, KeyError, TypeError) as exc:
            await _problem(send, 400, "Bad request", str(exc))
            return
        personen = [_select(self.persons[n], fields) for n in numbers if n in self.persons]
        try:
            await self._log(scope, start, [p["burgerservicenummer"] for p in personen])
        except LogWriteError:
            await _problem(send, 500, "The processing log did not acknowledge")
            return
        await respond_json(send, 200, {"type": "RaadpleegMetBurgerservicenummer", "personen": personen})


class IncomeSource(_Logged):
    """The tax office's registered incomes (verzamelinkomen) per person and tax year."""

    name = "inkomensgegevens verstrekken"

    def __init__(self, committer: GroupCommitter, purpose: str, incomes: Path = INCOMES) -> None:
        super().__init__(committer, purpose)
        self.incomes = {
            (i["burgerservicenummer"], int(i["belastingjaar"])): i
            for i in yaml.safe_load(incomes.read_text())["inkomens"]
        }

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if (scope["method"], scope["path"]) != ("POST", "/inkomens"):
            await _problem(send, 404, "Not found", "POST /inkomens")
            return
        start = now_ms()
        try:
            request = await self._json(receive)
            numbers = [str(n) for n in request["burgerservicenummer"]]
            year = int(request["belastingjaar"])
            if not numbers or len(numbers) > 20:
                raise ValueError("ask for 1 to 20 burgerservicenummers")
        except (ValueError, KeyError, TypeError) as exc:
            await _problem(send, 400, "Bad request", str(exc))
            return
        found = [self.incomes[(n, year)] for n in numbers if (n, year) in self.incomes]
        try:
            await self._log(scope, start, [i["burgerservicenummer"] for i in found])
        except LogWriteError:
            await _problem(send, 500, "The processing log did not acknowledge")
            return
        answer = [
            {
                "burgerservicenummer": i["burgerservicenummer"],
                "belastingjaar": year,
                "verzamelinkomen": {"bedrag": i["verzamelinkomen"], "valuta": "EUR"},
                "status": i["status"],
            }
            for i in found
        ]
        await respond_json(send, 200, {"inkomens": answer})


def _caller(scope: dict) -> str:
    """The calling organisation's OIN from the access token the inway has already checked."""
    token = (header(scope, b"fsc-authorization") or b"").decode(errors="replace").removeprefix("Bearer ")
    try:
        return str(jwt.decode(token, options={"verify_signature": False})["sub"])
    except (jwt.PyJWTError, KeyError):
        return ""


def _select(person: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """Only the asked fields (dotted paths, as in Haal Centraal), plus the citizen number."""
    chosen: dict[str, Any] = {"burgerservicenummer": person["burgerservicenummer"]}
    for path in fields:
        source: Any = person
        target = chosen
        parts = path.split(".")
        for i, part in enumerate(parts):
            if not isinstance(source, dict) or part not in source:
                break
            source = source[part]
            if i == len(parts) - 1:
                target[part] = source
            else:
                target = target.setdefault(part, {})
    return chosen


Builder = Callable[[GroupCommitter, str, ProcessingLog, Path], Any]
BUILTIN: dict[str, Builder] = {
    "logboek": lambda committer, purpose, log, folder: LogReader(committer, purpose, log),
    "brp-personen": lambda committer, purpose, log, folder: PersonsSource(committer, purpose),
    "inkomen": lambda committer, purpose, log, folder: IncomeSource(committer, purpose),
    "cloudevents": lambda committer, purpose, log, folder: Inbox(folder / "inbox.sqlite", committer, purpose),
}
