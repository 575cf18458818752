"""Computing one indicator as ``steering_compute`` does, and reading back what was stored."""

from django.utils import timezone

from thorbecke.steering import definitions, periods
from thorbecke.steering.compute import compute
from thorbecke.steering.models import Observation


def this_month() -> str:
    return periods.of(timezone.localdate())


def last_month() -> str:
    return periods.shift(this_month(), -1)


def observed(code: str, period: str | None = None) -> dict[tuple[str, str], float | None]:
    """Compute ``code`` for ``period`` (this month) and return its stored values by (scope, key)."""
    period = period or this_month()
    definitions.sync()
    compute([period], codes=[code])
    rows = Observation.objects.filter(indicator__code=code, period=period)
    return {(o.scope, o.key): o.value for o in rows}


def of(found: dict[tuple[str, str], float | None], code: str) -> float | None:
    """The value of one organisation (by code); KeyError when it has no row: no data."""
    return found[("organisation", code)]
