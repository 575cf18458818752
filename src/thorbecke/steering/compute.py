"""Computing observations: every indicator's function for every period asked, summed from organisations up to
their type, their province and the country, and stored as that period's snapshot (replacing an earlier
computation of the same period; other periods are kept, so trends show).

A scope's value is the sum of its organisations' numerators over the sum of their denominators (for a share or a
mean), or the sum of numerators (for a count); a value that belongs to no organisation (``NATIONAL``) counts only
for the country. A scope whose organisations have no data has no row, and the country gets a row with value None:
"no data", never 0.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.steering import periods
from thorbecke.steering.indicators import COMPUTATIONS, NATIONAL, Unit, Value
from thorbecke.steering.models import Indicator, Observation, Scope

COUNTRY = "NL"


@dataclass(frozen=True)
class Place:
    code: str
    org_type: str
    province: str  # the province's code, empty for an organisation in no province


def places() -> dict[int, Place]:
    rows = Organisation.objects.values_list("pk", "code", "org_type", "province__code")
    found = {}
    for pk, code, org_type, province in rows:
        if org_type == OrganisationType.PROVINCIE:
            province = code
        found[pk] = Place(code, org_type, province or "")
    return found


def _value(unit: str, numerator: float, denominator: float | None) -> float | None:
    if unit == Unit.COUNT:
        return numerator
    return numerator / denominator if denominator else None


def observations(
    indicator: Indicator, period: str, values: Mapping[int | None, Value], where: dict[int, Place]
) -> list[Observation]:
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    rows = []
    now = timezone.now()

    def add(scope: str, key: str, value: Value) -> None:
        total = sums[(scope, key)]
        total[0] += value.numerator
        total[1] += value.denominator or 0.0

    for organisation, value in values.items():
        if organisation is NATIONAL:
            add(Scope.COUNTRY, COUNTRY, value)
            continue
        place = where.get(organisation)
        if place is None:
            continue
        rows.append(
            Observation(
                indicator=indicator,
                period=period,
                scope=Scope.ORGANISATION,
                key=place.code,
                value=_value(indicator.unit, value.numerator, value.denominator),
                numerator=value.numerator,
                denominator=value.denominator,
                computed_at=now,
            )
        )
        add(Scope.ORG_TYPE, place.org_type, value)
        if place.province:
            add(Scope.PROVINCE, place.province, value)
        add(Scope.COUNTRY, COUNTRY, value)
    for (scope, key), (numerator, denominator) in sums.items():
        rows.append(
            Observation(
                indicator=indicator,
                period=period,
                scope=scope,
                key=key,
                value=_value(indicator.unit, numerator, denominator),
                numerator=numerator,
                denominator=None if indicator.unit == Unit.COUNT else denominator,
                computed_at=now,
            )
        )
    if (Scope.COUNTRY, COUNTRY) not in sums:
        rows.append(
            Observation(
                indicator=indicator, period=period, scope=Scope.COUNTRY, key=COUNTRY, value=None, computed_at=now
            )
        )
    return rows


def compute(
    period_list: Iterable[str],
    codes: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Compute and store the observations of every indicator (or those in ``codes``) for every period; returns
    how many observations were stored. ``progress(done, total)`` is told after each indicator and period."""
    wanted = list(period_list)
    for period in wanted:
        periods.parse(period)
    indicators = list(Indicator.objects.filter(code__in=list(codes)) if codes else Indicator.objects.all())
    where = places()
    total, done, stored = len(wanted) * len(indicators), 0, 0
    for period in wanted:
        as_of = periods.end(period)
        for indicator in indicators:
            computation = COMPUTATIONS.get(indicator.code)
            if computation is None:
                continue  # a row left from a definition since removed: it keeps its old snapshots
            rows = observations(indicator, period, computation(as_of), where)
            with transaction.atomic():
                Observation.objects.filter(indicator=indicator, period=period).delete()
                Observation.objects.bulk_create(rows, batch_size=2000)
            stored += len(rows)
            done += 1
            if progress:
                progress(done, total)
    return stored
