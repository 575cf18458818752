"""Queries on the register shared by its API and its pages."""

import csv
from pathlib import Path

from django.db.models import F, Q, QuerySet

from thorbecke.caches import process_cache
from thorbecke.registry.geo import get_locator
from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.registry.sources import normalise

# Names people use that no official register records ('Den Bosch'), each with where it comes from.
NAME_ALIASES_FILE = Path(__file__).parent / "data" / "name_aliases.csv"


@process_cache()
def _aliases() -> tuple[tuple[str, str], ...]:
    with NAME_ALIASES_FILE.open(encoding="utf-8", newline="") as file:
        return tuple((normalise(row["name"]), row["code"]) for row in csv.DictReader(file))


@process_cache()
def _water_boards_by_province() -> dict[str, tuple[str, ...]]:
    """Water boards have no province of their own; they are listed under every province they overlap."""
    by_province: dict[str, list[str]] = {}
    for board, provinces in get_locator().water_board_provinces().items():
        for province in provinces:
            by_province.setdefault(province, []).append(board)
    return {province: tuple(boards) for province, boards in by_province.items()}


def filter_organisations(
    org_type: str | None = None, province: str | None = None, q: str | None = None, active: bool | None = True
) -> QuerySet[Organisation]:
    """The one filter behind both the API and the organisations page; active None is current and ceased alike,
    the current ones first."""
    queryset = Organisation.objects.select_related("province", "successor")
    if active is None:
        queryset = queryset.order_by(F("end_date").desc(nulls_first=True), "sort_name", "code")
    else:
        queryset = queryset.filter(end_date__isnull=active)
    if org_type:
        queryset = queryset.filter(org_type=org_type)
    if province:
        boards = _water_boards_by_province().get(province, ())
        queryset = queryset.filter(
            Q(province__code=province) | Q(org_type=OrganisationType.WATERSCHAP, code__in=boards)
        )
    if q:
        wanted = normalise(q)
        aliased = [code for alias, code in _aliases() if wanted and wanted in alias]
        queryset = queryset.filter(
            Q(name__icontains=q)
            | Q(short_name__icontains=q)
            | Q(code__iexact=q)
            | Q(register_code__iexact=q)
            | Q(domains__name__iexact=q)
            | Q(code__in=aliased)
        ).distinct()
    return queryset
