"""The national picture of the government's IT workforce, from the organisations' reports: per profile, layer of
government and province, the shortage forecast per profile, and the split between in-house and hired staff.

Every figure here is a cell of the one protected cube of a year as the programme published it (``publication.py``),
or a part of one (an age band, a year's outflow, the hired): a view is a slice or a margin of it, never a sum of its
own, so no two views can be subtracted to reveal a hidden cell or part. A figure computed from a hidden part is hidden
(None) too. An organisation's own figures are shown to it beside the national ones; they are its own and need no
protection from it."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thorbecke.registry import layers
from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.workforce import profiles, publication
from thorbecke.workforce.models import CoreProfile
from thorbecke.workforce.publication import NO_PROVINCE, contributions
from thorbecke.workforce.suppression import ALL, DIMENSIONS, YEARS, Cell, Figures, Key

ROEMERNORM = 0.10  # external hire at most 10% of personnel spending (agreed 2010); applied here to headcount
HARD_TO_FILL = 0.5  # our own signal: at least half the open vacancies have been open longer than 90 days
BY = {"profile": 0, "level": 1, "layer": 2, "province": 3}


def years() -> list[int]:
    """The published years, the latest first."""
    return publication.published_years()


def latest_year() -> int | None:
    found = years()
    return found[0] if found else None


def cube(year: int) -> dict[Key, Cell]:
    """The year's published cube (decision 0061); {} when the year is not published."""
    return publication.cells(year)


@dataclass(frozen=True)
class Row:
    """One cell of a view, with the measures a page shows; a hidden row has no figures."""

    key: Key
    label: str | Promise
    shown: bool
    figures: Figures
    own: Figures | None = None  # the viewing organisation's own figures in the same cell

    @property
    def share_external(self) -> float | None:
        f = self.figures
        if not self.shown or not f.headcount or f.external_headcount is None:
            return None
        return f.external_headcount / f.headcount

    @property
    def outflow_five_years(self) -> int | None:
        """The persons expected to retire within five years: the cell less those who stay longer, so shown only when
        that part is (the sum of the years would otherwise give it away)."""
        later = self.figures.outflow_later
        return self.figures.headcount - later if self.shown and later is not None else None

    @property
    def share_55_plus(self) -> float | None:
        f = self.figures
        older = f.age_bands[4:]
        if not self.shown or not f.headcount or None in older:
            return None
        return sum(n or 0 for n in older) / f.headcount


def profile_label(key: str) -> str:
    scheme, _sep, code = key.partition(":")
    found = profiles.find(scheme, code)
    return f"{code}. {found}" if found else key


def labels(by: str) -> dict[str, str | Promise]:
    if by == "layer":
        return {layer.key: layer.label for layer in layers.LAYERS}
    if by == "province":
        found: dict[str, str | Promise] = {NO_PROVINCE: _("Not in one province")}
        for code, name in Organisation.objects.filter(org_type=OrganisationType.PROVINCIE).values_list(
            "code", "short_name"
        ):
            found[code] = name
        return found
    if by == "level":
        return {str(n): f"e-{n}" for n in range(1, 6)}
    return {}


def label(by: str, value: str, known: dict | None = None) -> str | Promise:
    if value == ALL:
        return _("All")
    if by == "profile":
        return profile_label(value)
    return (known if known is not None else labels(by)).get(value, value)


def own_figures(organisation: Organisation, year: int) -> dict[Key, Figures]:
    """The organisation's own report summed over the same cube (its layer and province are fixed)."""
    found: dict[Key, Figures] = {}
    for c in contributions(year):
        if c.organisation != organisation.pk:
            continue
        for mask in range(2 ** len(DIMENSIONS)):
            key = tuple(ALL if mask & (1 << d) else c.key[d] for d in range(len(DIMENSIONS)))
            found[key] = found.get(key, Figures()) + c.figures  # type: ignore[index]
    return found


def view(
    cells: dict[Key, Cell], by: str, where: dict[str, str] | None = None, own: dict[Key, Figures] | None = None
) -> tuple[list[Row], Row | None]:
    """The rows of one view: the cells with the `by` dimension given, every other dimension at its filter value or
    all; and the view's total row. Both are cells of the cube as they are."""
    where = where or {}
    base = [where.get(name, ALL) for name in DIMENSIONS]
    d = BY[by]
    known = labels(by)
    rows = []
    for key, cell in cells.items():
        if key[d] == ALL or any(key[i] != base[i] for i in range(len(DIMENSIONS)) if i != d):
            continue
        rows.append(Row(key, label(by, key[d], known), cell.shown, cell.figures, own.get(key) if own else None))
    rows.sort(key=lambda r: (-r.figures.headcount if r.shown else 1, str(r.label)))
    total_key: Key = tuple([*base[:d], ALL, *base[d + 1 :]])  # type: ignore[assignment]
    total = cells.get(total_key)
    total_row = (
        Row(total_key, _("All"), total.shown, total.figures, own.get(total_key) if own else None) if total else None
    )
    return rows, total_row


@dataclass(frozen=True)
class Shortage:
    profile: str  # "scheme:code"
    label: str
    headcount: int
    vacancies: int
    vacancies_long: int
    # Positions to fill by the end of each of the next five years, assuming no inflow. None from the first year whose
    # outflow is hidden: each year's figure less the one before is that year's outflow.
    to_fill: tuple[int | None, ...]

    @property
    def hard_to_fill(self) -> bool:
        return self.vacancies > 0 and self.vacancies_long >= HARD_TO_FILL * self.vacancies

    @property
    def share_of_staff(self) -> float | None:
        return self.to_fill[-1] / self.headcount if self.headcount and self.to_fill[-1] is not None else None

    @property
    def most(self) -> int:
        """The most positions to fill that is shown: ranking by a hidden figure would give its size away."""
        return max((n for n in self.to_fill if n is not None), default=self.vacancies)


def _shortage(profile: str, f: Figures) -> Shortage:
    running: int | None = 0
    to_fill: list[int | None] = []
    for outflow in f.outflow:
        running = None if running is None or outflow is None else running + outflow
        to_fill.append(None if running is None else f.vacancies + running)
    return Shortage(profile, profile_label(profile), f.headcount, f.vacancies, f.vacancies_long, tuple(to_fill))


def rank(found: Iterable[Shortage]) -> list[Shortage]:
    """Most positions to fill in five years (of those shown) first; long-open vacancies break a tie."""
    return sorted(found, key=lambda s: (-s.most, -s.vacancies_long, s.profile))


def shortages(organisation: Organisation | None = None, year: int | None = None) -> list[Shortage]:
    """The profiles with positions to fill in the next five years, ranked: the organisation's own from its report,
    or the country's from the protected cube (hidden profiles left out). For another part to call (e.g. courses
    for a gap); [] when there is no report for the year."""
    year = year or latest_year()
    if year is None:
        return []
    if organisation is not None:
        cells = {k: f for k, f in own_figures(organisation, year).items() if k[1:] == (ALL, ALL, ALL) and k[0] != ALL}
        found = [_shortage(key[0], f) for key, f in cells.items()]
    else:
        found = [_shortage(key[0], cell.figures) for key, cell in cube(year).items()
                 if key[1:] == (ALL, ALL, ALL) and key[0] != ALL and cell.shown]  # fmt: skip
    return rank(s for s in found if s.most > 0 or s.to_fill[-1] is None)


def hidden_profiles(cells: dict[Key, Cell]) -> int:
    return sum(1 for key, cell in cells.items() if key[1:] == (ALL, ALL, ALL) and key[0] != ALL and not cell.shown)


@dataclass(frozen=True)
class Sourcing:
    row: Row
    core: CoreProfile | None

    @property
    def above_norm(self) -> bool:
        share = self.row.share_external
        return share is not None and share > ROEMERNORM

    @property
    def flagged(self) -> bool:
        """A core profile, to keep in-house, that is hired for more than the norm (never when the hired are hidden)."""
        return self.core is not None and self.above_norm


def sourcing(cells: dict[Key, Cell]) -> list[Sourcing]:
    """In-house and hired per profile, nationally, with the programme's core profiles; flagged ones first."""
    rows, _total = view(cells, "profile")
    core = {f"{c.scheme}:{c.code}": c for c in CoreProfile.objects.all()}
    found = [Sourcing(row, core.get(row.key[0])) for row in rows]
    return sorted(found, key=lambda s: (not s.flagged, -(s.row.share_external or -1), str(s.row.label)))


__all__ = ["YEARS", "Row", "Shortage", "Sourcing", "cube", "shortages", "sourcing", "view"]
