"""What the public dashboard shows of an indicator: the country's value per month (its trend), and the latest
month per type of organisation and per province, each with its chart. It reads only the summed rows (country,
type, province), never the organisations' rows, so a page costs the same at 1,000 organisations as at 10.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import pgettext

from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.steering import charts
from thorbecke.steering.compute import COUNTRY
from thorbecke.steering.indicators import Unit
from thorbecke.steering.models import Indicator, Observation, Priority, Scope

Area = tuple[str, str, float | None]  # key, name, value (None: no data)


@dataclass(frozen=True)
class Panel:
    indicator: Indicator
    name: str
    definition: str
    series: list[tuple[str, float | None]]  # (month, the country's value), oldest first
    trend: charts.Trend | None
    latest_period: str
    latest: float | None
    by_type: list[Area]
    type_bars: charts.Bars | None
    by_province: list[Area]
    province_bars: charts.Bars | None

    @property
    def breakdowns(self) -> list[tuple[str, list[Area], charts.Bars, str]]:
        """The latest month's bar charts: (title, areas, chart, kind), per type, and per province where it has
        data."""
        found = []
        if self.type_bars:
            found.append((pgettext("chart", "Per type of organisation"), self.by_type, self.type_bars, "type"))
        if self.province_bars:
            found.append((pgettext("chart", "Per province"), self.by_province, self.province_bars, "province"))
        return found


def _country_series(indicator_ids: list[int]) -> dict[int, list[tuple[str, float | None]]]:
    series: dict[int, list[tuple[str, float | None]]] = defaultdict(list)
    rows = Observation.objects.filter(scope=Scope.COUNTRY, key=COUNTRY, indicator_id__in=indicator_ids)
    for indicator_id, period, value in rows.order_by("period").values_list("indicator_id", "period", "value"):
        series[indicator_id].append((period, value))
    return series


def latest_figures(indicators: Iterable[Indicator]) -> dict[int, tuple[str, float | None]]:
    """Per indicator (pk): its latest month and the country's value then."""
    series = _country_series([i.pk for i in indicators])
    return {pk: rows[-1] for pk, rows in series.items() if rows}


def provinces() -> list[tuple[str, str]]:
    """The current provinces, (code, name), by name."""
    rows = Organisation.objects.filter(org_type=OrganisationType.PROVINCIE, end_date__isnull=True)
    return list(rows.order_by("sort_name").values_list("code", "name"))


def panels(indicators: list[Indicator], language: str) -> list[Panel]:
    """One panel per indicator, in the order given: three queries whatever the number of indicators."""
    series = _country_series([i.pk for i in indicators])
    latest = {pk: rows[-1][0] for pk, rows in series.items() if rows}
    breakdown: dict[tuple[int, str], dict[str, float | None]] = defaultdict(dict)
    if latest:
        wanted = Q()
        for pk, period in latest.items():
            wanted |= Q(indicator_id=pk, period=period)
        rows = Observation.objects.filter(wanted, scope__in=[Scope.ORG_TYPE, Scope.PROVINCE])
        for indicator_id, scope, key, value in rows.values_list("indicator_id", "scope", "key", "value"):
            breakdown[(indicator_id, scope)][key] = value
    types = [(str(value), str(label)) for value, label in OrganisationType.choices]
    found = []
    for indicator in indicators:
        months = series.get(indicator.pk, [])
        # A target per type or province is read against a share or a mean; a count's target is the country's.
        part_target = indicator.target if indicator.unit != Unit.COUNT else None
        by_type = [(key, name, breakdown[(indicator.pk, Scope.ORG_TYPE)].get(key)) for key, name in types]
        province_values = breakdown[(indicator.pk, Scope.PROVINCE)]
        by_province = [(code, name, province_values.get(code)) for code, name in provinces()] if province_values else []
        found.append(
            Panel(
                indicator=indicator,
                name=indicator.name(language),
                definition=indicator.definition(language),
                series=months,
                trend=charts.trend(months, indicator.unit, indicator.target) if months else None,
                latest_period=months[-1][0] if months else "",
                latest=months[-1][1] if months else None,
                by_type=by_type,
                type_bars=charts.bars(by_type, indicator.unit, part_target) if months else None,
                by_province=by_province,
                province_bars=charts.bars(by_province, indicator.unit, part_target) if by_province else None,
            )
        )
    return found


def priorities(language: str) -> list[dict]:
    """The landing page: every priority with its indicators and their latest figure for the country."""
    indicators = list(Indicator.objects.all())
    latest = latest_figures(indicators)
    grouped: dict[str, list[dict]] = defaultdict(list)
    for indicator in indicators:
        period, value = latest.get(indicator.pk, ("", None))
        grouped[indicator.priority].append(
            {"indicator": indicator, "name": indicator.name(language), "period": period, "value": value}
        )
    return [{"key": key, "name": label, "rows": grouped.get(key, [])} for key, label in Priority.choices]
