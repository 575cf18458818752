"""How an indicator is computed: one function per indicator, registered under its code.

A function takes the moment the period ends (``as_of``: the first instant of the next month) and returns, per
organisation (its pk), a ``Value`` as the source knew it at that moment; the key ``NATIONAL`` holds a value that
belongs to no organisation (a question asked at the front door, say). An organisation the source knows nothing
about is left out: it has no data, which is not 0. Numerators and denominators add up over organisations, so the
figures of a type of organisation, a province and the country are computed from them (``steering.compute``), never
averaged from shares.

A function reads an app through that app's own read functions (``ai.adoption``, ``agreements.scorecards``, ...),
never its tables (docs/architecture.md).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.utils import timezone

from thorbecke.steering import periods


class Unit(StrEnum):
    SHARE = "share"  # numerator / denominator, shown as a percentage
    COUNT = "count"  # the numerator; the denominator is None
    MEAN = "mean"  # numerator (a sum) / denominator (how many)


@dataclass(frozen=True)
class Value:
    numerator: float
    denominator: float | None = None


NATIONAL = None  # the key of a value that belongs to no organisation

Computation = Callable[[datetime], Mapping[int | None, Value]]
COMPUTATIONS: dict[str, Computation] = {}


def computes(code: str) -> Callable[[Computation], Computation]:
    """Register ``function`` as the computation of the indicator ``code`` (defined in data/indicators.yaml)."""

    def register(function: Computation) -> Computation:
        if code in COMPUTATIONS:
            raise ValueError(f"indicator {code!r} is computed twice")
        COMPUTATIONS[code] = function
        return function

    return register


def ratios(counts: Mapping[int, tuple[float, float]]) -> dict[int | None, Value]:
    """(numerator, denominator) per organisation as Values; an organisation with a denominator of 0 has no data."""
    return {organisation: Value(part, whole) for organisation, (part, whole) in counts.items() if whole}


def month_before(as_of: datetime) -> datetime:
    """The first instant of the month that ends at ``as_of``: for what happened within the period, not before it."""
    return periods.end(periods.shift(periods.of(timezone.localdate(as_of - timedelta(microseconds=1))), -1))


def share(meets: bool) -> Value:
    """One organisation's part in a share of organisations: 1 of 1 when it meets, 0 of 1 when not."""
    return Value(1.0 if meets else 0.0, 1.0)
