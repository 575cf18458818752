"""Life events: when a source tells that something changed in a person's life (a move, a birth, turning 18,
reaching the state pension age), re-screen only that person's household, at once, and tell them what they
may now be entitled to.

A life event arrives as a CloudEvent through the data system (node.events: a node's inbox), its
``subject`` the person's citizen number and ``data.gemeente`` the municipality they now live in. The
household is read from the source as it is now, never from the event, which only says where to look. An
event is handled once, whatever the number of deliveries (at-least-once delivery on the data system).

Both ends are here: ``publish`` is the registry's side (its node's outbox delivers to every subscriber),
``consume`` and ``follow`` the hub's (reading its node's inbox from where it left off).
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction

from thorbecke.exchange.federated import HubNode, NotConnected
from thorbecke.node.events import EventError, check
from thorbecke.node.launcher import NodeProcess
from thorbecke.population.dataset import PopulationError, household_of
from thorbecke.population.source import LifeEvent
from thorbecke.proactive import delivery
from thorbecke.proactive.models import HandledEvent, InboxPosition
from thorbecke.proactive.screening import rules_fingerprint, screen_household

logger = logging.getLogger(__name__)

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
        delivery.Finding(
            persoon,
            gemeente,
            scheme,
            row[f"{scheme.key}_bedrag"],
            row["huishouden_id"],
            tuple(filter(None, row[f"{scheme.key}_aannames"].split(","))),
        )
        for persoon, row in results.items()
        for scheme in delivery.SCHEMES
        if row[f"{scheme.key}_recht"] and not row[f"{scheme.key}_ontvangt"]
    ]
    applicants = {p for p, rol in zip(household["persoon_id"].to_pylist(), household["rol"].to_pylist(), strict=True)
                  if rol == "aanvrager"}  # fmt: skip
    told = delivery.deliver(delivery.one_per_household(found, applicants), rules_fingerprint(), f"{moment:%Y-%m}")
    return Outcome(len(results), told, False, time.perf_counter() - start)


def publish(node: NodeProcess, events: list[LifeEvent]) -> list[str]:
    """The registry's side: publish each event through its node (stored durably, then delivered at least once to
    every subscriber); returns the events' ids."""
    ids = []
    for event in events:
        status, answer = node.admin(
            "POST",
            "/events",
            {"type": event.type, "subject": f"{event.bsn:09d}", "subject_type": "BSN", "data": event.data},
        )
        if status != 201:
            raise EventError(f"the node did not take the event ({status}): {answer}")
        ids.append(answer["id"])
    return ids


@dataclass
class Round:
    """One read of the inbox: what was handled, and what could not be (with the reason)."""

    handled: list[Outcome] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    position: int = 0

    @property
    def told(self) -> int:
        return sum(o.told for o in self.handled)


def consume(node: HubNode, population: Path | None = None) -> Round:
    """Handle the life events the hub's node received since the last round. An event that cannot be handled (a
    person the source does not have, a malformed event) is refused with its reason and not retried; other event
    types are left to their own consumers."""
    position, _ = InboxPosition.objects.get_or_create(inbox=str(node.folder / "node.json"))
    result = Round(position=position.position)
    while batch := node.inbox(result.position):
        for seq, event in batch:
            if event.get("type") in TYPES:
                try:
                    result.handled.append(handle(event, population))
                except (EventError, PopulationError) as exc:
                    result.refused.append(f"{event.get('source')} {event.get('id')}: {exc}")
                    logger.warning("life event refused: %s %s: %s", event.get("source"), event.get("id"), exc)
            result.position = seq
            InboxPosition.objects.filter(pk=position.pk).update(position=seq)
    return result


def follow(node: HubNode, stop: threading.Event, interval: float = 1.0, say: Callable[[str], None] = print) -> None:
    """Consume until ``stop`` is set, every ``interval`` seconds; a node that does not answer is retried."""
    while not stop.is_set():
        try:
            result = consume(node)
            for outcome in result.handled:
                if not outcome.duplicate:
                    ms = outcome.seconds * 1000
                    say(f"life event: {outcome.persons} re-screened, {outcome.told} told, {ms:.0f} ms")
            for reason in result.refused:
                say(f"life event refused: {reason}")
        except NotConnected as exc:
            say(f"life events: {exc}; trying again")
        except Exception:  # a consumer that stops would leave every later event unhandled: report, retry
            logger.exception("life events: a round failed; the event is read again in the next round")
            say("life events: a round failed (logged); trying again")
        finally:
            close_old_connections()
        stop.wait(interval)
