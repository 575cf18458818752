"""Small-cell suppression of the workforce figures, so that no person can be recognised in them (decision 0057).

The rule, in full:

- **Primary.** A cell is shown only when it counts at least ``MIN_PERSONS`` (5) persons, from at least
  ``MIN_ORGANISATIONS`` (3) organisations, and no single organisation gives more than ``MAX_SHARE`` (80%) of its
  persons (dominance). A hidden cell hides its whole row: fte, external staff, vacancies, outflow and age bands.
- **Parts.** The persons of a cell are counted again in three partitions (``PARTS``): by age band, by the year they
  are expected to retire (1 to 5, or later), and in-house or hired. Each part is a cell of its own under the same
  rule, with the cell as its total: a fifth dimension of the cube, whose "*" is the cell itself. A hidden part shows
  as hidden inside a shown row, and so does a figure derived from it (the share 55 or older, the hired share and
  fte, the outflow over five years). A part of a hidden row is hidden too; a part with nobody in it is
  shown as 0.
- **Secondary.** The figures form one cube, profile x level x layer x province x part, with every margin ("*": all).
  Whenever a shown total has hidden children along one dimension (for the parts: within one partition), at least two
  of them are hidden and together they pass the primary rule (so subtracting the shown children from the total gives
  only a safe group); otherwise the next smallest shown child is hidden too, or, along the first four dimensions, the
  total when that child would be the last one shown (a cell is never hidden for its parts: they are hidden instead).
  This is repeated until nothing changes.
- **Audit.** Checking each total against its own children is not enough: sums and differences across several margins
  (one profile by level, another profile by level, one layer by level) can add up to a hidden cell. So the shown cells
  (the parts aside) are written as sums of the cube's finest cells, and a hidden cell that fails the primary rule must
  not lie in the span of the shown ones (it would then be an exact linear combination of what is published); while one
  does, the smallest shown cell of its least-norm combination is hidden too. The test is a singular value
  decomposition of the shown cells; between two tests the pseudo-inverse of their Gram matrix is updated as each cell
  is hidden (hiding one lowers the rank by at most one), and the audit ends only when a fresh decomposition finds no
  such cell. The parts are held to secondary suppression across every margin, and to a narrower test than the
  audit (a dense one over the finest cells' parts would be too slow): no unsafe hidden part may be an exact
  combination of shown cells and shown parts of its own partition (``derivable_parts``); while one is, one more
  shown part of that partition over it is hidden (``hide_derivable_parts``) and everything runs again. Without that,
  7 of 600 random cubes and 11 of 43,565 such parts at 350 organisations (bench/workforce_suppression.py) were
  derivable. Chains across partitions (a hidden cell found from the age bands, then used with the retirements) are
  not in that test: a known limit (decision 0057).
- **One cube.** Every view (per profile, per layer, per province, an organisation's comparison, the shortages) is a
  slice or margin of the one protected cube, so two overlapping views are two sets of its cells and cannot be
  subtracted to reveal a hidden one.

The thresholds: the OECD's glossary of statistical disclosure control says some agencies use 3 and others 5 as the
minimum count; CBS's own value was not found (docs/research/issue-27-workforce.md, section 2). We take 5 persons,
and 3 organisations so that no two organisations can subtract their own figures to learn a third's.

Pure functions, no Django: the caller hands in contributions, one per organisation and cell of the finest level."""

import heapq
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
LATER = "later"  # not expected to retire within YEARS: completes the outflow partition, so it sums to the cell
PARTS: dict[str, tuple[str, ...]] = {
    "age": AGE_BANDS,
    "outflow": (*(str(n) for n in range(1, YEARS + 1)), LATER),
    "sourcing": ("in-house", "hired"),
}

PARTS_ORDER = tuple(f"{partition}:{value}" for partition, values in PARTS.items() for value in values)

Key = tuple[str, str, str, str]  # profile ("scheme:code"), level ("1".."5"), layer key, province code ("" for none)
PartKey = tuple[str, str, str, str, str]  # a Key and its part ("age:65+", "outflow:2", "sourcing:hired") or ALL


def part(partition: str, value: str) -> str:
    return f"{partition}:{value}"


@dataclass(frozen=True)
class Figures:
    """What one organisation reports for one cell, or the sum of many. Headcount and its parts count persons; once
    protected (``hidden_figures``) a hidden part, and what would give it away, is None."""

    headcount: int = 0
    fte: float = 0.0
    external_headcount: int | None = 0
    external_fte: float | None = 0.0
    vacancies: int = 0
    vacancies_long: int = 0  # open longer than 90 days
    outflow: tuple[int | None, ...] = (0,) * YEARS  # expected retirements in each of the next five years
    age_bands: tuple[int | None, ...] = (0,) * len(AGE_BANDS)
    outflow_later: int | None = None  # set once protected: None when hidden or not known

    def parts(self) -> dict[str, int]:
        """The persons of each part, for an unprotected cell."""
        external = self.external_headcount or 0
        found = {part("age", band): n or 0 for band, n in zip(AGE_BANDS, self.age_bands, strict=True)}
        found.update((part("outflow", str(y)), n or 0) for y, n in enumerate(self.outflow, 1))
        found[part("outflow", LATER)] = self.headcount - sum(n or 0 for n in self.outflow)
        found[part("sourcing", "in-house")] = self.headcount - external
        found[part("sourcing", "hired")] = external
        return found

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.headcount + other.headcount,
            round(self.fte + other.fte, 2),
            (self.external_headcount or 0) + (other.external_headcount or 0),
            round((self.external_fte or 0) + (other.external_fte or 0), 2),
            self.vacancies + other.vacancies,
            self.vacancies_long + other.vacancies_long,
            tuple((a or 0) + (b or 0) for a, b in zip(self.outflow, other.outflow, strict=True)),
            tuple((a or 0) + (b or 0) for a, b in zip(self.age_bands, other.age_bands, strict=True)),
        )


@dataclass(frozen=True)
class Contribution:
    organisation: int
    key: Key
    figures: Figures


@dataclass
class Cell:
    key: Key  # a PartKey in the extended cube
    figures: Figures = field(default_factory=Figures)
    persons_by_organisation: dict[int, int] = field(default_factory=dict)
    shown: bool = True
    why: str = ""  # "" when shown; "primary" or "secondary" when hidden
    parts: dict[str, "Cell"] = field(default_factory=dict)  # a cell's parts, once the cube is protected

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


def _vector(f: Figures) -> list[float]:
    return [f.headcount, f.fte, f.external_headcount or 0, f.external_fte or 0, f.vacancies, f.vacancies_long,
            *(n or 0 for n in f.outflow), *(n or 0 for n in f.age_bands)]  # fmt: skip


def _figures(v: list[float]) -> Figures:
    k = 6 + YEARS
    return Figures(int(v[0]), round(v[1], 2), int(v[2]), round(v[3], 2), int(v[4]), int(v[5]),
                   tuple(int(n) for n in v[6:k]), tuple(int(n) for n in v[k:]))  # fmt: skip


def build(contributions: Iterable[Contribution]) -> dict[PartKey, Cell]:
    """The extended cube with every margin, unprotected: each contribution is added to its cell, its parts and all
    their totals. A part's figures are its headcount only. Sums are kept as plain lists until the end: this is the
    hot loop (16 totals x 15 parts of every report line)."""
    names = list(PARTS_ORDER)
    totals: dict[Key, list[float]] = {}
    by_organisation: dict[Key, dict[int, list[int]]] = {}
    for c in contributions:
        vector = _vector(c.figures)
        parts = c.figures.parts()
        counts = [c.figures.headcount, *(parts[name] for name in names)]
        for key in _generalisations(c.key):
            total = totals.get(key)
            totals[key] = vector.copy() if total is None else [a + b for a, b in zip(total, vector, strict=True)]
            found = by_organisation.setdefault(key, {})
            before = found.get(c.organisation)
            found[c.organisation] = counts if before is None else [a + b for a, b in zip(before, counts, strict=True)]
    cells: dict[PartKey, Cell] = {}
    for key, total in totals.items():
        found = by_organisation[key]
        whole: PartKey = (*key, ALL)  # type: ignore[assignment]
        cells[whole] = Cell(whole, _figures(total), {org: n[0] for org, n in found.items()})
        for i, name in enumerate(names, 1):
            persons = {org: n[i] for org, n in found.items() if n[i]}
            sub: PartKey = (*key, name)  # type: ignore[assignment]
            cells[sub] = Cell(sub, Figures(headcount=sum(persons.values())), persons)
    return cells


PART = len(DIMENSIONS)  # the index of the part in a PartKey


def _relations(cells: Mapping[PartKey, Cell]) -> list[tuple[PartKey, list[PartKey]]]:
    """Each total with its children along one dimension: (a, *, x, y, p) with every (a, v, x, y, p); and a cell
    (a, b, x, y, *) with the parts of one partition (a, b, x, y, "age:..."), whose sum it is."""
    children: dict[tuple[PartKey, int, str], list[PartKey]] = {}
    for key in cells:
        for d in range(len(DIMENSIONS)):
            if key[d] != ALL:
                parent = (*key[:d], ALL, *key[d + 1 :])
                children.setdefault((parent, d, ""), []).append(key)  # type: ignore[arg-type]
        if key[PART] != ALL:
            children.setdefault(((*key[:PART], ALL), PART, key[PART].partition(":")[0]), []).append(key)  # type: ignore[arg-type]
    # Sorted by total, so that the outcome does not depend on the order of the reports.
    return [(parent, found) for (parent, _d, _p), found in sorted(children.items(), key=lambda item: item[0])]


def _union(cells: Mapping, keys: Iterable) -> dict[int, int]:
    found: dict[int, int] = {}
    for key in keys:
        for organisation, n in cells[key].persons_by_organisation.items():
            found[organisation] = found.get(organisation, 0) + n
    return found


def primary(cells: dict[PartKey, Cell]) -> dict[PartKey, Cell]:
    for key, cell in cells.items():
        # A part with nobody in it (no one 65 or older) points to no one: it is shown as 0, so that an empty age band
        # does not force a full one to be hidden beside it. A cell itself is held to the rule even when empty, as
        # its other figures (vacancies) are an organisation's.
        cell.shown = safe(cell.persons_by_organisation) or (key[PART] != ALL and cell.persons == 0)
        cell.why = "" if cell.shown else "primary"
    return cells


def _row_of(key: PartKey) -> PartKey:
    return (*key[:PART], ALL)  # type: ignore[return-value]


def secondary(cells: dict[PartKey, Cell]) -> dict[PartKey, Cell]:
    """Hide more cells until no shown total lets a hidden child, or an unsafe group of them, be computed, and no part
    of a hidden row is shown. A worklist: only the relations of a cell just hidden are looked at again."""
    relations = _relations(cells)
    of: dict[PartKey, list[int]] = {}  # the relations each cell is in, as total or child
    for n, (parent, children) in enumerate(relations):
        for key in (parent, *children):
            of.setdefault(key, []).append(n)
    parts_of: dict[PartKey, list[PartKey]] = {}
    for key in cells:
        if key[PART] != ALL:
            parts_of.setdefault(_row_of(key), []).append(key)

    def lone(key: PartKey, here: int) -> int:
        """In how many other relations with a shown total hiding this child would make it the only hidden one."""
        found = 0
        for m in of.get(key, ()):
            parent, children = relations[m]
            if m != here and parent != key and cells[parent].shown:
                found += not any(not cells[k].shown for k in children)
        return found

    def hide(cell: Cell) -> None:
        cell.shown, cell.why = False, "secondary"
        for n in of.get(cell.key, ()):  # type: ignore[arg-type]
            if n not in pending:
                pending.add(n)
                heapq.heappush(queue, n)
        for key in parts_of.get(cell.key, ()):  # type: ignore[arg-type]
            if cells[key].shown:
                hide(cells[key])

    pending = set(range(len(relations)))
    queue = list(pending)  # in order, so that the result does not depend on set iteration
    heapq.heapify(queue)
    for key, cell in cells.items():
        if key[PART] == ALL and not cell.shown:
            for sub in parts_of.get(key, ()):
                if cells[sub].shown:
                    hide(cells[sub])
    while queue:
        n = heapq.heappop(queue)
        pending.discard(n)
        parent, children = relations[n]
        total = cells[parent]
        hidden = [k for k in children if not cells[k].shown]
        if not total.shown or not hidden:
            continue
        if len(hidden) >= 2 and safe(_union(cells, hidden)):
            continue
        # The cheapest child to hide is one whose other relations already hide another child (hiding it there
        # leaves a safe pair rather than a new lone hidden child, which would cascade); then the smallest.
        # Hiding a child with nobody in it adds no one to the hidden group.
        shown = sorted((k for k in children if cells[k].shown and cells[k].persons),
                       key=lambda k: (lone(k, n), cells[k].persons, k))  # fmt: skip
        # Hiding the last shown child would leave only the total, which then says what the hidden children sum to:
        # hide the total instead, and keep the child's detail; but a row is never hidden for its parts, which all
        # go instead (their sum is the row, which is safe).
        along_parts = children[0][PART] != ALL and parent[PART] == ALL
        if not shown and along_parts:
            continue  # parts that do not add up to their cell: nothing left to hide (a report's checks prevent it)
        hide(cells[shown[0]] if len(shown) > 1 or along_parts else total)
        if n not in pending:
            pending.add(n)
            heapq.heappush(queue, n)
    return cells


def _cover(cells: Mapping[PartKey, Cell]) -> tuple[list[PartKey], np.ndarray]:
    """Every cell (not its parts) as a row of 0/1 over the cube's finest cells: which of them it sums."""
    keys = [k for k in cells if k[PART] == ALL]
    finest = [k for k in keys if ALL not in k[:PART]]
    cover = np.ones((len(keys), len(finest)), dtype=bool)
    for d in range(len(DIMENSIONS)):
        values = np.array([k[d] for k in finest], dtype=object)
        for row, key in enumerate(keys):
            if key[d] != ALL:
                cover[row] &= values == key[d]
    return keys, cover


def audit(cells: dict[PartKey, Cell]) -> dict[PartKey, Cell]:
    """Hide more cells until no unsafe hidden cell is an exact linear combination of the shown ones."""
    keys, cover = _cover(cells)
    if not cover.shape[1]:
        return cells
    unsafe = np.array([not safe(cells[k].persons_by_organisation) for k in keys])
    persons = np.array([cells[k].persons for k in keys])
    rows = cover.astype(float)
    while True:
        shown = np.array([cells[k].shown for k in keys])
        hidden = np.flatnonzero(~shown & unsafe)
        shown = np.flatnonzero(shown)
        if not len(hidden) or not len(shown):
            return cells
        # The exact test, from a fresh decomposition: only when it finds nothing does the audit end.
        span = _Span(rows[shown])
        inside = hidden[span.contains(rows[hidden])]
        if not len(inside):
            return cells
        # Each round hides only a few cells, and hiding one lowers the rank by at most one: the decomposition is
        # updated per hidden row rather than made again, and each combination is checked against the rows themselves,
        # so rounding can make the loop stop early (the fresh test then looks again) but not hide for nothing. The
        # first round trusts the fresh test, so that each fresh decomposition hides at least one cell.
        trusted = True
        while len(inside):
            published = rows[shown]
            weights = span.weights(published, rows[inside])
            found = trusted | (np.abs(weights.T @ published - rows[inside]).max(axis=1) < 1e-8)
            inside, weights, trusted = inside[found], weights[:, found], False
            used = [shown[np.abs(w) > 1e-8] for w in weights.T]
            # Of the shown cells each combination adds and subtracts, the smallest is hidden: that breaks it at the
            # least cost; the loop then looks again, since other combinations may remain.
            for victim in sorted({int(u[np.lexsort((u, persons[u]))[0]]) for u in used}):
                cells[keys[victim]].shown, cells[keys[victim]].why = False, "secondary"
                span.remove(rows[victim])
                shown = shown[shown != victim]


class _Span:
    """The row space of the shown cells over the finest cells, as the pseudo-inverse of their Gram matrix AᵀA: it
    gives each target's least-norm combination (A P t), and is updated in O(columns²) when a row is taken away."""

    def __init__(self, published: np.ndarray) -> None:
        _u, singular, vt = np.linalg.svd(published, full_matrices=False)
        rank = int((singular > singular[0] * 1e-10).sum())
        self.basis = vt[:rank]
        self.inverse = (self.basis.T / singular[:rank] ** 2) @ self.basis

    def contains(self, targets: np.ndarray) -> np.ndarray:
        """Which targets lie in the row space, by the SVD's own basis: the exact test, so only before any removal."""
        return np.abs(targets - (targets @ self.basis.T) @ self.basis).max(axis=1) < 1e-8

    def weights(self, published: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """The least-norm weights over the published rows of each target (one column each)."""
        return published @ (self.inverse @ targets.T)

    def remove(self, row: np.ndarray) -> None:
        p = self.inverse
        u = p @ row
        leverage = float(row @ u)
        if leverage < 1 - 1e-6:  # the row is a combination of the others: Sherman-Morrison, the rank stays
            p += np.outer(u, u / (1 - leverage))
            return
        # The rank drops by one, and u is the direction that leaves the row space: project it out of P, as
        # (I - qqᵀ) P (I - qqᵀ) = P - q rᵀ - r qᵀ with r = Pq - (qᵀPq / 2) q, in one product.
        q = u / np.linalg.norm(u)
        pq = p @ q
        r = pq - q * (float(q @ pq) / 2)
        p -= np.column_stack((q, r)) @ np.vstack((r, q))


def _orthonormal(rows: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the rows' span, with the audit's rank cut-off. The floor of 1 keeps the cut-off absolute
    for rows that are residuals of unit vectors (a 0/1 cover already has a singular value of at least 1)."""
    if not len(rows):
        return rows
    _u, singular, vt = np.linalg.svd(rows, full_matrices=False)
    return vt[: int((singular > max(singular[0], 1) * 1e-10).sum())]


def _intersection(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the intersection of two spans given by orthonormal bases: the directions of the smaller
    one that leave nothing when projected on the other."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    residual = a - (a @ b.T) @ b
    u, singular, _vt = np.linalg.svd(residual, full_matrices=False)
    return u[:, int((singular > max(singular[0], 1) * 1e-10).sum()) :].T @ a


def derivable_parts(extended: Mapping[PartKey, Cell]) -> list[PartKey]:
    """The test the parts are held to (decision 0057): the unsafe hidden parts (with someone in them) that are an exact
    sum and difference of shown cells and shown parts of their own partition.

    Over the finest cells' parts, a cell is its cover repeated over the partition's values and a part its cover at
    its own value only, so what is published spans every sum over the values k of (t + p_k) at k, with one t from the
    shown cells' span T and each p_k from the span P_k of the cells whose part k is shown. Part j of a cell with cover
    c is then derivable if and only if c = t + p_j with t + p_k = 0 at every other k: c in P_j + (T and every other
    P_k). Each span lives in the finest cells alone, a few thousand dimensions where the parts' space has six times
    as many."""
    keys, cover = _cover(extended)
    if not cover.shape[1]:
        return []
    rows = cover.astype(float)
    index = {key: n for n, key in enumerate(keys)}
    cells = _orthonormal(rows[[n for n, key in enumerate(keys) if extended[key].shown]])
    found: list[PartKey] = []
    for partition, values in PARTS.items():
        names = [part(partition, value) for value in values]
        spans = [_orthonormal(rows[[index[_row_of(k)] for k, c in extended.items() if k[PART] == name and c.shown]])
                 for name in names]  # fmt: skip
        # Every span but one, for each value: the intersections of those before it and of those after it, so that a
        # partition of v values costs about 3v intersections rather than v².
        before = [cells]
        for span in spans[:-1]:
            before.append(_intersection(before[-1], span))
        after: list[np.ndarray | None] = [None]
        for span in reversed(spans[1:]):
            after.insert(0, span if after[0] is None else _intersection(span, after[0]))
        after.insert(0, None)  # after[j + 1]: the spans after value j, or None for the whole space
        for j, name in enumerate(names):
            targets = [k for k, c in extended.items() if k[PART] == name and not c.shown and c.persons
                       and not safe(c.persons_by_organisation)]  # fmt: skip
            if not targets:
                continue
            common = before[j] if after[j + 1] is None else _intersection(before[j], after[j + 1])
            # Both parts of one orthonormal basis of P_j + common: P_j's, and what of common lies outside P_j.
            basis = np.vstack((spans[j], _orthonormal(common - (common @ spans[j].T) @ spans[j])))
            target = rows[[index[_row_of(k)] for k in targets]]
            residual = np.abs(target - (target @ basis.T) @ basis).max(axis=1)
            found += [key for key, r in zip(targets, residual, strict=True) if r < 1e-8]
    return found


def hide_derivable_parts(cells: dict[PartKey, Cell]) -> int:
    """For each unsafe hidden part that is derivable within its partition (``derivable_parts``), hide one more shown
    part of that partition that overlaps it; returns how many were hidden. The part of the same value one margin away
    is preferred, since a margin less its other children is how such a part is found; failing that, the same value
    anywhere over it, then any value. Some shown part always overlaps it (no combination of rows that miss a cell's
    finest cells can give that cell), so each call with something derivable hides at least one."""
    hidden = 0
    for key in derivable_parts(cells):
        partition = key[PART].split(":")[0]
        overlapping = [k for k, c in cells.items() if c.shown and k[PART].startswith(f"{partition}:")
                       and all(a == b or ALL in (a, b) for a, b in zip(k[:PART], key[:PART], strict=True))]  # fmt: skip
        same = [k for k in overlapping if k[PART] == key[PART]]
        near = [k for k in same if sum(a != b for a, b in zip(k[:PART], key[:PART], strict=True)) == 1]
        if candidates := near or same or overlapping:
            victim = min(candidates, key=lambda k: (cells[k].persons, k))
            cells[victim].shown, cells[victim].why = False, "secondary"
            hidden += 1
    return hidden


def protect_parts(contributions: Iterable[Contribution]) -> dict[PartKey, Cell]:
    """The protected extended cube, every part a cell: primary suppression, secondary to a fixed point, then the
    audit across margins, each audit followed by secondary suppression until neither hides more; then the parts that
    are still derivable within their partition are broken, and all of it runs again until nothing is hidden."""
    cells = secondary(primary(build(contributions)))
    while True:
        before = sum(not c.shown for c in cells.values())
        cells = secondary(audit(cells))
        if sum(not c.shown for c in cells.values()) == before and not hide_derivable_parts(cells):
            return cells


def protect(contributions: Iterable[Contribution]) -> dict[Key, Cell]:
    """The protected cube of the cells, each with its protected parts (``Cell.parts``)."""
    extended = protect_parts(contributions)
    cells: dict[Key, Cell] = {}
    for key, cell in extended.items():
        if key[PART] == ALL:
            cell.key = key[:PART]  # type: ignore[assignment]
            cells[cell.key] = cell
    for key, cell in extended.items():
        if key[PART] != ALL:
            cells[key[:PART]].parts[key[PART]] = cell  # type: ignore[index]
    return cells


def hidden_figures(cell: Cell) -> Cell:
    """The cell as it may leave this module: a hidden cell keeps its key and why, and no figure; a shown cell has
    None for each hidden part and for what would give it away."""
    if not cell.shown:
        return replace(cell, figures=Figures(), persons_by_organisation={}, parts={})
    f = cell.figures
    if not cell.parts:
        return cell

    def count(name: str) -> int | None:
        sub = cell.parts.get(name)
        return sub.persons if sub is not None and sub.shown else None

    hired = count(part("sourcing", "hired"))
    figures = replace(
        f,
        external_headcount=hired,
        external_fte=f.external_fte if hired is not None else None,
        outflow=tuple(count(part("outflow", str(y))) for y in range(1, YEARS + 1)),
        age_bands=tuple(count(part("age", band)) for band in AGE_BANDS),
        outflow_later=count(part("outflow", LATER)),
    )
    parts = {name: replace(sub, persons_by_organisation={}) for name, sub in cell.parts.items()}
    return replace(cell, figures=figures, parts=parts)
