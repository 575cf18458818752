"""Small-cell suppression of the workforce figures, so that no person can be recognised in them (decision 0057).

The rule, in full:

- **Primary.** A cell is shown only when it counts at least ``MIN_PERSONS`` (5) persons, from at least
  ``MIN_ORGANISATIONS`` (3) organisations, and no single organisation gives more than ``MAX_SHARE`` (80%) of its
  persons (dominance). A hidden cell hides its whole row: fte, external staff, vacancies, outflow and age bands.
- **Secondary.** The figures form one cube, profile x level x layer x province, with every margin ("*": all). Whenever
  a shown total has hidden children along one dimension, at least two of them are hidden and together they pass the
  primary rule (so subtracting the shown children from the total gives only a safe group); otherwise the next
  smallest shown child is hidden too, or the total when that child would be the last one shown. This is repeated
  until nothing changes.
- **Audit.** Checking each total against its own children is not enough: sums and differences across several margins
  (one profile by level, another profile by level, one layer by level) can add up to a hidden cell. So the shown
  cells are written as sums of the cube's finest cells, and a hidden cell that fails the primary rule must not lie in
  the span of the shown ones (it would then be an exact linear combination of what is published); while one does,
  the smallest shown cell that overlaps it is hidden too.
- **One cube.** Every view (per profile, per layer, per province, an organisation's comparison, the shortages) is a
  slice or margin of the one protected cube, so two overlapping views are two sets of its cells and cannot be
  subtracted to reveal a hidden one.

The thresholds: the OECD's glossary of statistical disclosure control says some agencies use 3 and others 5 as the
minimum count; CBS's own value was not found (docs/research/issue-27-workforce.md, section 2). We take 5 persons,
and 3 organisations so that no two organisations can subtract their own figures to learn a third's.

Pure functions, no Django: the caller hands in contributions, one per organisation and cell of the finest level."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

MIN_PERSONS = 5
MIN_ORGANISATIONS = 3
MAX_SHARE = 0.8
ALL = "*"
DIMENSIONS = ("profile", "level", "layer", "province")
AGE_BANDS = ("<25", "25-34", "35-44", "45-54", "55-64", "65+")
YEARS = 5

Key = tuple[str, str, str, str]  # profile ("scheme:code"), level ("1".."5"), layer key, province code ("" for none)


@dataclass(frozen=True)
class Figures:
    """What one organisation reports for one cell, or the sum of many. Only headcount counts persons."""

    headcount: int = 0
    fte: float = 0.0
    external_headcount: int = 0
    external_fte: float = 0.0
    vacancies: int = 0
    vacancies_long: int = 0  # open longer than 90 days
    outflow: tuple[int, ...] = (0,) * YEARS  # expected retirements in each of the next five years
    age_bands: tuple[int, ...] = (0,) * len(AGE_BANDS)

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.headcount + other.headcount,
            round(self.fte + other.fte, 2),
            self.external_headcount + other.external_headcount,
            round(self.external_fte + other.external_fte, 2),
            self.vacancies + other.vacancies,
            self.vacancies_long + other.vacancies_long,
            tuple(a + b for a, b in zip(self.outflow, other.outflow, strict=True)),
            tuple(a + b for a, b in zip(self.age_bands, other.age_bands, strict=True)),
        )


@dataclass(frozen=True)
class Contribution:
    organisation: int
    key: Key
    figures: Figures


@dataclass
class Cell:
    key: Key
    figures: Figures = field(default_factory=Figures)
    persons_by_organisation: dict[int, int] = field(default_factory=dict)
    shown: bool = True
    why: str = ""  # "" when shown; "primary" or "secondary" when hidden

    @property
    def persons(self) -> int:
        return self.figures.headcount


def safe(persons_by_organisation: Mapping[int, int]) -> bool:
    """The primary rule for a group of persons, given how many each organisation gives."""
    persons = sum(persons_by_organisation.values())
    contributing = [n for n in persons_by_organisation.values() if n > 0]
    if persons < MIN_PERSONS or len(contributing) < MIN_ORGANISATIONS:
        return False
    # Dominance in whole persons: 4 of 5 is 80% and allowed; a larger share is not. Integers avoid 0.8 * n rounding.
    return max(contributing) * 10 <= persons * int(MAX_SHARE * 10)


def _generalisations(key: Key) -> list[Key]:
    keys = []
    for mask in range(2 ** len(DIMENSIONS)):
        keys.append(tuple(ALL if mask & (1 << d) else key[d] for d in range(len(DIMENSIONS))))  # type: ignore[misc]
    return keys


def build(contributions: Iterable[Contribution]) -> dict[Key, Cell]:
    """The cube with every margin, unprotected: each contribution is added to its cell and to all its totals."""
    cells: dict[Key, Cell] = {}
    for c in contributions:
        for key in _generalisations(c.key):
            cell = cells.setdefault(key, Cell(key))
            cell.figures = cell.figures + c.figures
            cell.persons_by_organisation[c.organisation] = (
                cell.persons_by_organisation.get(c.organisation, 0) + c.figures.headcount
            )
    return cells


def _relations(cells: Mapping[Key, Cell]) -> list[tuple[Key, list[Key]]]:
    """Each total with its children along one dimension: (a, *, x, y) with every (a, v, x, y)."""
    children: dict[tuple[Key, int], list[Key]] = {}
    for key in cells:
        for d in range(len(DIMENSIONS)):
            if key[d] != ALL:
                parent = (*key[:d], ALL, *key[d + 1 :])
                children.setdefault((parent, d), []).append(key)  # type: ignore[arg-type]
    return [(parent, sorted(found)) for (parent, _d), found in sorted(children.items())]


def _union(cells: Mapping[Key, Cell], keys: Iterable[Key]) -> dict[int, int]:
    found: dict[int, int] = {}
    for key in keys:
        for organisation, n in cells[key].persons_by_organisation.items():
            found[organisation] = found.get(organisation, 0) + n
    return found


def primary(cells: dict[Key, Cell]) -> dict[Key, Cell]:
    for cell in cells.values():
        cell.shown = safe(cell.persons_by_organisation)
        cell.why = "" if cell.shown else "primary"
    return cells


def secondary(cells: dict[Key, Cell]) -> dict[Key, Cell]:
    """Hide more cells until no shown total lets a hidden child, or an unsafe group of them, be computed."""
    relations = _relations(cells)
    changed = True
    while changed:
        changed = False
        for parent, children in relations:
            total = cells[parent]
            hidden = [k for k in children if not cells[k].shown]
            if not total.shown or not hidden:
                continue
            if len(hidden) >= 2 and safe(_union(cells, hidden)):
                continue
            shown = sorted((k for k in children if cells[k].shown), key=lambda k: (cells[k].persons, k))
            # Hiding the last shown child would leave only the total, which then says what the hidden children
            # sum to: hide the total instead, and keep the child's detail.
            victim = cells[shown[0]] if len(shown) > 1 else total
            victim.shown, victim.why = False, "secondary"
            changed = True
    return cells


def _cover(cells: Mapping[Key, Cell]) -> tuple[list[Key], np.ndarray]:
    """Every cell as a row of 0/1 over the cube's finest cells: which of them it sums."""
    keys = list(cells)
    finest = [k for k in keys if ALL not in k]
    cover = np.ones((len(keys), len(finest)), dtype=bool)
    for d in range(len(DIMENSIONS)):
        values = np.array([k[d] for k in finest], dtype=object)
        for row, key in enumerate(keys):
            if key[d] != ALL:
                cover[row] &= values == key[d]
    return keys, cover


def audit(cells: dict[Key, Cell]) -> dict[Key, Cell]:
    """Hide more cells until no unsafe hidden cell is an exact linear combination of the shown ones."""
    keys, cover = _cover(cells)
    if not cover.shape[1]:
        return cells
    unsafe = np.array([not safe(cells[k].persons_by_organisation) for k in keys])
    persons = np.array([cells[k].persons for k in keys])
    while True:
        shown = np.array([cells[k].shown for k in keys])
        combinations = _combinations(cover, np.flatnonzero(shown), np.flatnonzero(~shown & unsafe))
        if not combinations:
            return cells
        # Of the shown cells each combination adds and subtracts, the smallest is hidden: that breaks it at the
        # least cost; the loop then looks again, since other combinations may remain.
        for used in combinations:
            victim = used[np.lexsort((used, persons[used]))[0]]
            cells[keys[victim]].shown, cells[keys[victim]].why = False, "secondary"


def _combinations(cover: np.ndarray, shown: np.ndarray, hidden: np.ndarray) -> list[np.ndarray]:
    """For each hidden cell that lies in the span of the shown cells, the shown cells (indices) that add up to it."""
    if not len(hidden) or not len(shown):
        return []
    published = cover[shown].astype(float)
    u, singular, vt = np.linalg.svd(published, full_matrices=False)
    rank = int((singular > singular[0] * 1e-10).sum())
    u, singular, vt = u[:, :rank], singular[:rank], vt[:rank]
    targets = cover[hidden].astype(float)
    projected = targets @ vt.T
    in_span = np.abs(targets - projected @ vt).max(axis=1) < 1e-8
    # The least-norm weights of each such cell over the shown cells: the pseudo-inverse, from the same SVD.
    weights = (projected[in_span] / singular) @ u.T
    return [shown[np.abs(w) > 1e-8] for w in weights]


def protect(contributions: Iterable[Contribution]) -> dict[Key, Cell]:
    """The protected cube: primary suppression, secondary to a fixed point, then the audit across margins."""
    cells = secondary(primary(build(contributions)))
    while True:
        before = sum(not c.shown for c in cells.values())
        cells = secondary(audit(cells))
        if sum(not c.shown for c in cells.values()) == before:
            return cells


def hidden_figures(cell: Cell) -> Cell:
    """The cell as it may leave this module: a hidden cell keeps its key and why, and no figure."""
    if cell.shown:
        return cell
    return replace(cell, figures=Figures(), persons_by_organisation={})
