"""The demo sources a node can run itself: personal records in the shape of Haal Centraal BRP Personen, and the
tax office's registered incomes. Both serve the synthetic population the screening reads (``population`` in the
node configuration), so the persons the data system knows are the persons the proactive services screen."""

import datetime as dt
from typing import Any

from thorbecke.node.http_io import Receive, Send, now_ms, respond_json
from thorbecke.node.in_process import processor_or_refuse
from thorbecke.node.processing_log import GroupCommitter, LogWriteError
from thorbecke.node.sources import LoggedService, problem
from thorbecke.population.figures import municipality_names
from thorbecke.population.source import Found, PopulationSource, demo_citizens, reference_date

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")  # fmt: skip


class PersonsSource(LoggedService):
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
        processor = await processor_or_refuse(scope, send)
        if processor is None:
            return
        if (scope["method"], scope["path"]) != ("POST", "/personen"):
            await problem(send, 404, "Not found", "POST /personen")
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
            await problem(send, 400, "Bad request", str(exc))
            return
        found = self.population.find_all(numbers)
        personen = [_select(self.record(f), fields) for f in found]
        try:
            await self._log(scope, processor, start, [p["burgerservicenummer"] for p in personen])
        except LogWriteError:
            await problem(send, 500, "The processing log did not acknowledge")
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


class IncomeSource(LoggedService):
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
        processor = await processor_or_refuse(scope, send)
        if processor is None:
            return
        if (scope["method"], scope["path"]) != ("POST", "/inkomens"):
            await problem(send, 404, "Not found", "POST /inkomens")
            return
        start = now_ms()
        try:
            request = await self._json(receive)
            numbers = [_bsn(n) for n in request["burgerservicenummer"]]
            year = int(request["belastingjaar"])
            if not numbers or len(numbers) > 20:
                raise ValueError("ask for 1 to 20 burgerservicenummers")
        except (ValueError, KeyError, TypeError) as exc:
            await problem(send, 400, "Bad request", str(exc))
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
            await self._log(scope, processor, start, [a["burgerservicenummer"] for a in answer])
        except LogWriteError:
            await problem(send, 500, "The processing log did not acknowledge")
            return
        await respond_json(send, 200, {"inkomens": answer})


def _bsn(value: Any) -> int:
    text = str(value)
    if len(text) != 9 or not text.isdigit():
        raise ValueError(f"a burgerservicenummer has nine digits: {text!r}")
    return int(text)


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
