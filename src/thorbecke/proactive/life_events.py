"""Life events: when a source tells that something changed in a person's life (a move, a birth, turning 18,
reaching the state pension age), re-screen only that person's household, at once, and tell them what they
may now be entitled to.

A life event arrives as a CloudEvent through the data system (exchange.events: a node's inbox), its
``subject`` the person's citizen number and ``data.gemeente`` the municipality they now live in. The
household is read from the source as it is now, never from the event, which only says where to look. An
event is handled once, whatever the number of deliveries (at-least-once delivery on the data system).
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from thorbecke.exchange.events import EventError, check
from thorbecke.proactive import delivery
from thorbecke.proactive.models import HandledEvent
from thorbecke.proactive.population import household_of
from thorbecke.proactive.screening import screen_household

TYPES = {
    "nl.brp.verhuizing": "a move",
    "nl.brp.geboorte": "a birth",
    "nl.brp.meerderjarig": "turning 18",
    "nl.svb.pensioengerechtigde-leeftijd": "reaching the state pension age",
}


@dataclass(frozen=True)
class Outcome:
    persons: int  # re-screened: the members of the household
    told: int  # people told something new
    duplicate: bool
    seconds: float


def population_dir() -> Path:
    return Path(settings.THORBECKE_POPULATION)


def handle(event: dict, population: Path | None = None) -> Outcome:
    """Re-screen the household an event concerns and notify; EventError for an event that cannot be handled."""
    start = time.perf_counter()
    event = check(event)
    if event["type"] not in TYPES:
        raise EventError(f"not a life event: {event['type']} (known: {', '.join(sorted(TYPES))})")
    subject, gemeente = str(event.get("subject", "")), str((event.get("data") or {}).get("gemeente", ""))
    if not (subject.isdigit() and len(subject) == 9) or not (gemeente.startswith("GM") and len(gemeente) == 6):
        raise EventError("a life event names the person (subject, a citizen number) and data.gemeente (GM....)")
    try:
        with transaction.atomic():
            HandledEvent.objects.create(source=event["source"], event_id=event["id"], type=event["type"])
    except IntegrityError:
        return Outcome(0, 0, True, time.perf_counter() - start)
    moment = datetime.fromisoformat(event["time"].replace("Z", "+00:00")) if event.get("time") else datetime.now(UTC)
    household = household_of(population or population_dir(), gemeente, int(subject))
    results = screen_household(household, f"{moment:%Y-%m}")
    found = [
        delivery.Finding(persoon, gemeente, scheme, row[f"{scheme.key}_bedrag"], row["huishouden_id"])
        for persoon, row in results.items()
        for scheme in delivery.SCHEMES
        if row[f"{scheme.key}_recht"] and not row[f"{scheme.key}_ontvangt"]
    ]
    applicants = {p for p, rol in zip(household["persoon_id"].to_pylist(), household["rol"].to_pylist(), strict=True)
                  if rol == "aanvrager"}  # fmt: skip
    told = delivery.deliver(delivery.one_per_household(found, applicants))
    return Outcome(len(results), told, False, time.perf_counter() - start)
