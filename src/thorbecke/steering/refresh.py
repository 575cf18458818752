"""One way to bring the steering up to date, for the command, the programme's "compute now" and the demo: read the
definitions, compute the months asked, then judge the commitments on the new figures (a gap opens for one that fell
behind, decision 0046)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from thorbecke.steering import accountability, definitions
from thorbecke.steering.compute import compute


@dataclass(frozen=True)
class Refreshed:
    stored: int  # observations stored
    opened: int  # gaps opened for commitments behind
    resolved: int  # gaps resolved for commitments back on their path


def refresh(months: Iterable[str], progress: Callable[[int, int], None] | None = None) -> Refreshed:
    definitions.sync()
    stored = compute(months, progress=progress)
    reviewed = accountability.review()
    return Refreshed(stored, reviewed["opened"], reviewed["resolved"])
