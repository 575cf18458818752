"""Which registered algorithms serve a processing activity, so "who used my data" can say an algorithm was involved
(issue 24 item 7, decision 0041).

The algorithm register sits above the data system (decision 0034) and keeps which activities its algorithms serve.
It provides the answer here when it starts (``ai.apps``), so the data system names an algorithm without importing
the register; with no register provided, no use names one.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ServedBy:
    """A published algorithm: its name and the address of its page in the public register."""

    name: str
    url: str


Finder = Callable[[set[int]], dict[int, list[ServedBy]]]
_finders: list[Finder] = []


def provide(finder: Finder) -> None:
    """Called once at start-up by what keeps the algorithms (a second call with the same finder adds nothing)."""
    if finder not in _finders:
        _finders.append(finder)


def served_by(activity_ids: Iterable[int]) -> dict[int, tuple[ServedBy, ...]]:
    """Per processing activity (primary key) the published algorithms that serve it; activities with none left out."""
    wanted = set(activity_ids)
    found: dict[int, list[ServedBy]] = {}
    if wanted:
        for finder in _finders:
            for activity_id, algorithms in finder(wanted).items():
                found.setdefault(activity_id, []).extend(algorithms)
    return {activity_id: tuple(algorithms) for activity_id, algorithms in found.items()}
