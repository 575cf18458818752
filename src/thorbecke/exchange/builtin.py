"""Services a node runs itself, behind its own inway: the reading side of its processing log, the
inbox for notifications (``cloudevents``, in events.py), and the demo sources: personal records in
the shape of Haal Centraal BRP Personen, and the tax office's registered incomes. Both sources serve
the synthetic population the screening reads (``population`` in the node configuration), so the
persons the data system knows are the persons the proactive services screen.

Each writes one processing-log record per data subject it touches, in the same trace as the inway's
record, before it answers.
"""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt

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
from thorbecke.proactive.population import municipality_names
from thorbecke.proactive.source import Found, PopulationSource, demo_citizens, reference_date

SUBJECT_TYPES = ("BSN",)
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")  # fmt: skip


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
    """Personal records in the shape of Haal Centraal BRP Personen bevragen (POST /personen, `fields`).

    The population holds household roles, not legal ties: a household's partner, children and parents are served
    as ``partners``, ``kinderen`` and ``ouders``. Names and addresses exist only for the test citizens."""

    name = "persoonsgegevens verstrekken"

    def __init__(self, committer: GroupCommitter, purpose: str, population: PopulationSource) -> None:
        super().__init__(committer, purpose)
        self.population = population
        self.names = municipality_names()
        self.known = {int(p["burgerservicenummer"]): p for p in demo_citizens()}

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
            numbers = [_bsn(n) for n in request["burgerservicenummer"]]
            fields = [str(f) for f in request["fields"]]
            if not numbers or len(numbers) > 20 or not fields:
                raise ValueError("ask for 1 to 20 burgerservicenummers and name the fields")
        except (ValueError, KeyError, TypeError) as exc:
            await _problem(send, 400, "Bad request", str(exc))
            return
        found = self.population.find_all(numbers)
        personen = [_select(self.record(f), fields) for f in found]
        try:
            await self._log(scope, start, [p["burgerservicenummer"] for p in personen])
        except LogWriteError:
            await _problem(send, 500, "The processing log did not acknowledge")
            return
        await respond_json(send, 200, {"type": "RaadpleegMetBurgerservicenummer", "personen": personen})

    def record(self, found: Found) -> dict[str, Any]:
        """The person as Haal Centraal BRP Personen shapes a record."""
        person, today = found.person, dt.date.today()
        born: dt.date = person["geboortedatum"]
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        record: dict[str, Any] = {
            "burgerservicenummer": f"{person['persoon_id']:09d}",
            "geboorte": {
                "datum": {"type": "Datum", "datum": born.isoformat(),
                          "langFormaat": f"{born.day} {MONTHS[born.month - 1]} {born.year}"},
            },
            "leeftijd": age,
            "gemeenteVanInschrijving": {"code": found.gemeente[2:], "omschrijving": self.names.get(found.gemeente, "")},
        }  # fmt: skip
        roles = {m["persoon_id"]: m["rol"] for m in found.household}
        me = roles[person["persoon_id"]]
        adults = [n for n, rol in roles.items() if rol in ("aanvrager", "partner")]
        if me in ("aanvrager", "partner"):
            partners = [n for n in adults if n != person["persoon_id"]]
            children = [n for n, rol in roles.items() if rol == "kind"]
            if partners:
                record["partners"] = [{"burgerservicenummer": f"{n:09d}"} for n in partners]
            if children:
                record["kinderen"] = [{"burgerservicenummer": f"{n:09d}"} for n in children]
        elif me == "kind":
            record["ouders"] = [
                {"burgerservicenummer": f"{n:09d}", "ouderAanduiding": str(i)} for i, n in enumerate(adults, 1)
            ]
        known = self.known.get(person["persoon_id"])
        if known:
            record["naam"] = known["naam"]
            record["geboorte"]["plaats"] = known["geboorte"]["plaats"]
            if found.gemeente == f"GM{known['gemeenteVanInschrijving']['code']}":  # after a move: not known
                record["verblijfplaats"] = known["verblijfplaats"]
        return record


class IncomeSource(_Logged):
    """The tax office's registered incomes (verzamelinkomen) per person and tax year: the population's income,
    for the year it describes, as a provisional (voorlopig) figure, since that year is not yet assessed."""

    name = "inkomensgegevens verstrekken"

    def __init__(self, committer: GroupCommitter, purpose: str, population: PopulationSource) -> None:
        super().__init__(committer, purpose)
        self.population = population
        self.year = reference_date().year

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if (scope["method"], scope["path"]) != ("POST", "/inkomens"):
            await _problem(send, 404, "Not found", "POST /inkomens")
            return
        start = now_ms()
        try:
            request = await self._json(receive)
            numbers = [_bsn(n) for n in request["burgerservicenummer"]]
            year = int(request["belastingjaar"])
            if not numbers or len(numbers) > 20:
                raise ValueError("ask for 1 to 20 burgerservicenummers")
        except (ValueError, KeyError, TypeError) as exc:
            await _problem(send, 400, "Bad request", str(exc))
            return
        found = self.population.find_all(numbers) if year == self.year else []
        answer = [
            {
                "burgerservicenummer": f"{f.person['persoon_id']:09d}",
                "belastingjaar": year,
                "verzamelinkomen": {"bedrag": round(f.person["toetsingsinkomen"]), "valuta": "EUR"},
                "status": "voorlopig",
            }
            for f in found
        ]
        try:
            await self._log(scope, start, [a["burgerservicenummer"] for a in answer])
        except LogWriteError:
            await _problem(send, 500, "The processing log did not acknowledge")
            return
        await respond_json(send, 200, {"inkomens": answer})


def _bsn(value: Any) -> int:
    text = str(value)
    if len(text) != 9 or not text.isdigit():
        raise ValueError(f"a burgerservicenummer has nine digits: {text!r}")
    return int(text)


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


Builder = Callable[[GroupCommitter, str, ProcessingLog, Path, PopulationSource | None], Any]
POPULATION_SOURCES = ("brp-personen", "inkomen")  # NodeConfig.load makes sure these have a population


def _serving(population: PopulationSource | None) -> PopulationSource:
    if population is None:
        raise ValueError("a built-in source without a population to serve")
    return population


BUILTIN: dict[str, Builder] = {
    "logboek": lambda committer, purpose, log, folder, population: LogReader(committer, purpose, log),
    "brp-personen": lambda committer, purpose, log, folder, population: PersonsSource(
        committer, purpose, _serving(population)
    ),
    "inkomen": lambda committer, purpose, log, folder, population: IncomeSource(
        committer, purpose, _serving(population)
    ),
    "cloudevents": lambda committer, purpose, log, folder, population: Inbox(
        folder / "inbox.sqlite", committer, purpose
    ),
}
