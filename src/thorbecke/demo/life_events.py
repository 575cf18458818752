"""The registry's side of the demo's life events (`thorbecke life-events publish`): a change registered at the
synthetic population's source, as RvIG registers one in the BRP, and published through the registry's node to every
subscriber. A node that does not answer is refused before the source changes: no change without its event."""

import datetime as dt
import json
from pathlib import Path

from thorbecke.node.events import EventError
from thorbecke.node.launcher import NodeProcess
from thorbecke.population import source
from thorbecke.proactive import life_events


class NotPublished(RuntimeError):
    """Nothing was published; the message says whether the source changed."""


def register_and_publish(
    config: Path,
    coming_of_age: dt.date | None = None,
    move: tuple[int, str] | None = None,
    birth: tuple[int, dt.date] | None = None,
) -> list[str]:
    """Register one change at the source of the registry whose node configuration is `config` (everyone who comes of
    age on a day; a household moved to a municipality, by a member's BSN; a child born to a parent, by the parent's
    BSN), then publish its events; returns their ids. A change the source refuses raises PopulationError."""
    node_settings = json.loads(config.read_text())
    if not node_settings.get("population"):
        raise NotPublished(f"{config} names no population: this node is not the registry's")
    population = config.parent / node_settings["population"]
    node = NodeProcess.of(config)
    try:
        node.admin("GET", "/events")  # a node that does not answer now: refuse before the source changes
    except OSError as exc:
        raise NotPublished(f"the node at {config} does not answer ({exc}); nothing changed") from exc
    if coming_of_age is not None:
        events = source.coming_of_age(population, coming_of_age)
    elif move is not None:
        events = [source.move_household(population, *move)]
    elif birth is not None:
        events = [source.register_birth(population, *birth)]
    else:
        raise ValueError("no change: give coming_of_age, move or birth")
    try:
        return life_events.publish(node, events)
    except (EventError, OSError) as exc:
        raise NotPublished(f"the change is registered at the source, but its event was not published: {exc}") from exc
