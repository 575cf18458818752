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

from django.db import connection, transaction
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


Row = tuple[str, str, float | None, float | None, float | None]  # scope, key, value, numerator, denominator


def observations(unit: str, values: Mapping[int | None, Value], where: dict[int, Place]) -> list[Row]:
    """One period's rows of one indicator: every organisation with data, and the sums of its type, its province and
    the country (which always has a row: None when nothing has data)."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    rows: list[Row] = []

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
        rows.append((Scope.ORGANISATION, place.code, _value(unit, value.numerator, value.denominator),
                     value.numerator, value.denominator))  # fmt: skip
        add(Scope.ORG_TYPE, place.org_type, value)
        if place.province:
            add(Scope.PROVINCE, place.province, value)
        add(Scope.COUNTRY, COUNTRY, value)
    for (scope, key), (numerator, denominator) in sums.items():
        rows.append((scope, key, _value(unit, numerator, denominator), numerator,
                     None if unit == Unit.COUNT else denominator))  # fmt: skip
    if (Scope.COUNTRY, COUNTRY) not in sums:
        rows.append((Scope.COUNTRY, COUNTRY, None, None, None))
    return rows


def _store(indicator: Indicator, period: str, rows: list[Row]) -> None:
    """Replace the period's snapshot of the indicator: one prepared INSERT run for every row, not bulk_create: building
    a model instance and its SQL per observation cost most of a computation (bench/steering_indicators.py)."""
    Observation.objects.filter(indicator=indicator, period=period).delete()
    meta = Observation._meta
    fields = ["indicator", "period", "scope", "key", "value", "numerator", "denominator", "computed_at"]
    columns = ", ".join(connection.ops.quote_name(meta.get_field(name).column) for name in fields)
    sql = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * 8)})"
    now = meta.get_field("computed_at").get_db_prep_save(timezone.now(), connection)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(indicator.pk, period, str(scope), key, *figures, now)
                                 for scope, key, *figures in rows])  # fmt: skip


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
        # A period's snapshot is stored whole or not at all; one commit per period, not per indicator, as each
        # commit waits for the disk.
        with transaction.atomic():
            for indicator in indicators:
                computation = COMPUTATIONS.get(indicator.code)
                if computation is None:
                    continue  # a row left from a definition since removed: it keeps its old snapshots
                rows = observations(indicator.unit, computation(as_of), where)
                _store(indicator, period, rows)
                stored += len(rows)
                done += 1
                if progress:
                    progress(done, total)
    return stored
