"""The population as a source system: persons and households looked up by citizen number, as they are on disk now.

The demo nodes of the data system serve their personal records (RvIG) and incomes (Belastingdienst) from the same
population the screening reads, so a person the screening finds is a person the registry knows. The demo's test
citizens, who can sign in, are made members of it by :func:`enrol_demo_citizens`.

Lookups go through an index (citizen number -> file, row) built from the ``persoon_id`` columns only, and read one
Parquet row group; the index is rebuilt when a partition file changes (a life event rewrites one).
"""

from __future__ import annotations

import calendar
import datetime as dt
import fcntl
import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import yaml

from thorbecke.population.bsn import is_bsn
from thorbecke.population.dataset import FILE_NAME, PopulationError, partition_files, write_partition
from thorbecke.population.figures import distributions, municipality_names

DEMO_CITIZENS = Path(__file__).parent / "data" / "demo_citizens.yaml"


def reference_date() -> dt.date:
    """The day the population describes (ages, incomes, benefits)."""
    return dt.date.fromisoformat(distributions()["reference_date"]["value"])


@dataclass(frozen=True)
class Found:
    """One person: their own row, and their household's rows (aanvrager first)."""

    gemeente: str
    person: dict[str, Any]
    household: list[dict[str, Any]]


class PopulationSource:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._state: tuple = ()
        self._stale = False
        self._load()

    def _current_state(self) -> tuple:
        """What identifies the files as they are: a replaced file has another inode and time."""
        return tuple(
            (str(f), s.st_ino, s.st_mtime_ns, s.st_size) for _, f in partition_files(self.path) if (s := f.stat())
        )

    def _load(self) -> None:
        state = self._current_state()
        if state == self._state:
            return
        files = partition_files(self.path)
        ids, file_no, rows = [], [], []
        for i, (_, file) in enumerate(files):
            column = pq.read_table(file, columns=["persoon_id"])["persoon_id"].to_numpy()
            ids.append(column)
            file_no.append(np.full(len(column), i, dtype=np.int32))
            rows.append(np.arange(len(column), dtype=np.int32))
        all_ids = np.concatenate(ids)
        order = np.argsort(all_ids, kind="stable")
        self._ids = all_ids[order]
        self._file_no, self._rows = np.concatenate(file_no)[order], np.concatenate(rows)[order]
        self._files = files
        self._state = state
        self._row_group.cache_clear()

    @lru_cache(maxsize=64)  # noqa: B019 - one source per process; the cache is cleared on every reload
    def _row_group(self, file_no: int, group: int) -> pa.Table:
        return pq.ParquetFile(self._files[file_no][1]).read_row_group(group)

    def new_bsn(self) -> int:
        """A citizen number nobody in the population has: the first after the highest (the demo citizens' range
        aside) that passes the 11-test."""
        with self._lock:
            self._load()
            below = self._ids[self._ids < TEST_RANGE]
        candidate = int(below[-1]) + 1 if len(below) else 100_000_000
        while not is_bsn(np.array([candidate]))[0]:
            candidate += 1
        return candidate

    def _locate(self, file_no: int, row: int) -> tuple[int, int]:
        metadata = pq.ParquetFile(self._files[file_no][1]).metadata
        for group in range(metadata.num_row_groups):
            size = metadata.row_group(group).num_rows
            if row < size:
                return group, row
            row -= size
        raise PopulationError(self._files[file_no][1], row, None, "row beyond the end of the file")

    def find(self, bsn: int) -> Found | None:
        """The person with this citizen number and their household, or None when the population has no such person."""
        found = self.find_all([bsn])
        return found[0] if found else None

    def find_all(self, bsns: list[int]) -> list[Found]:
        """The persons the population has of these citizen numbers; the files are checked once for all of them."""
        with self._lock:
            self._load()
        found = []
        for bsn in bsns:
            for _ in range(2):
                one = self._find(bsn)
                if one is not None or not self._stale:
                    break
            if one is not None:
                found.append(one)
        return found

    def _find(self, bsn: int) -> Found | None:
        with self._lock:
            self._stale = False
            if not self._state:  # found stale: read the files again
                self._load()
            at = int(np.searchsorted(self._ids, bsn))
            if at >= len(self._ids) or self._ids[at] != bsn:
                return None
            file_no, row = int(self._file_no[at]), int(self._rows[at])
            gemeente, file = self._files[file_no]
            group, in_group = self._locate(file_no, row)
            table = self._row_group(file_no, group)
            if in_group >= table.num_rows or table["persoon_id"][in_group].as_py() != bsn:
                # The file was replaced between reading the index and the row: never serve another person's row.
                self._state, self._stale = (), True
                return None
        household = table["huishouden_id"][in_group].as_py()
        rows = np.flatnonzero(table["huishouden_id"].to_numpy() == household)
        if rows[0] == 0 or rows[-1] == table.num_rows - 1:  # it may go on in the next or previous row group
            members = pq.read_table(file, filters=[("huishouden_id", "=", household)]).to_pylist()
        else:
            members = table.take(rows).to_pylist()
        person = next((m for m in members if m["persoon_id"] == bsn), None)
        return Found(gemeente, person, members) if person else None


T = TypeVar("T")


def _one_writer(change: Callable[..., T]) -> Callable[..., T]:
    """One change to a population at a time: two changes read-modify-writing the same partition would lose one."""

    @functools.wraps(change)
    def locked(path: Path, *args: Any, **kwargs: Any) -> T:
        with (Path(path) / "_writer.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                return change(path, *args, **kwargs)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    return locked


def demo_citizens() -> list[dict[str, Any]]:
    """The demo's test citizens: their personal records in the shape of Haal Centraal BRP Personen, and under
    ``populatie`` what makes them members of the synthetic population."""
    return yaml.safe_load(DEMO_CITIZENS.read_text(encoding="utf-8"))["personen"]


@_one_writer
def enrol_demo_citizens(path: Path) -> list[int]:
    """Make the test citizens members of the population: each takes the place of the single-person household in
    their municipality closest to them in age and income, with their own citizen number, birth date and income.
    Idempotent; returns the citizen numbers enrolled now."""
    path = Path(path)
    source = PopulationSource(path)
    enrolled = []
    peildatum = reference_date()
    for person in demo_citizens():
        bsn = int(person["burgerservicenummer"])
        if source.find(bsn) is not None:
            continue
        code = f"GM{person['gemeenteVanInschrijving']['code']}"
        file = path / f"gemeente={code}" / FILE_NAME
        if not file.exists():
            raise PopulationError(file, None, None, f"no population for {code}, where demo citizen {bsn} lives")
        table = pq.read_table(file)
        born = dt.date.fromisoformat(person["geboorte"]["datum"]["datum"])
        income = float(person["populatie"]["toetsingsinkomen"])
        _, which = np.unique(table["huishouden_id"].to_numpy(), return_inverse=True)
        single = np.bincount(which)[which] == 1
        if not single.any():
            raise PopulationError(file, None, "huishouden_id", "no single-person household to enrol a demo citizen in")
        ages = _ages(table["geboortedatum"], peildatum)
        want_age = (peildatum - born).days / 365.25
        distance = np.abs(ages - want_age) / 10 + np.abs(table["toetsingsinkomen"].to_numpy() - income) / 10_000
        distance[~single] = np.inf
        row = int(np.argmin(distance))
        columns = {name: table[name].to_pylist() for name in table.schema.names}
        columns["persoon_id"][row] = bsn
        columns["geboortedatum"][row] = born
        columns["toetsingsinkomen"][row] = income
        for name, value in person["populatie"].get("ontvangt", {}).items():
            columns[f"ontvangt_{name}"][row] = bool(value)
        write_partition(pa.Table.from_pydict(columns, schema=table.schema), path, code)
        enrolled.append(bsn)
    return enrolled


def _ages(born: pa.ChunkedArray, on: dt.date) -> np.ndarray:
    days = born.to_numpy().astype("datetime64[D]").astype(np.int64)
    return (np.datetime64(on, "D").astype(np.int64) - days) / 365.25


# --- Changes at the source, and the life events they publish --------------------------------------------------

MOVE, BIRTH, COMING_OF_AGE = "nl.brp.verhuizing", "nl.brp.geboorte", "nl.brp.meerderjarig"
TEST_RANGE = 999_990_000  # citizen numbers from here up are the demo citizens'


@dataclass(frozen=True)
class LifeEvent:
    """What the registry tells subscribers: the type, the person (a citizen number) and where they live now."""

    type: str
    bsn: int
    gemeente: str
    data: dict[str, Any]


@_one_writer
def move_household(path: Path, bsn: int, to: str) -> LifeEvent:
    """Register that a person's household moved to another municipality: its rows leave one partition file and
    join the other. The new file is written first, so a crash in between leaves the household in both files,
    which validation refuses by name, never in neither."""
    path = Path(path)
    found = PopulationSource(path).find(bsn)
    if found is None:
        raise PopulationError(path, None, "persoon_id", f"{bsn} is not in the population")
    if found.gemeente == to:
        raise PopulationError(path, None, "gemeente", f"{bsn} already lives in {to}")
    if to not in municipality_names():
        raise PopulationError(path, None, "gemeente", f"{to} is not a municipality code (CBS 2024)")
    origin = path / f"gemeente={found.gemeente}" / FILE_NAME
    table = pq.read_table(origin)
    moving = pc.equal(table["huishouden_id"], found.person["huishouden_id"])
    target = path / f"gemeente={to}" / FILE_NAME
    joined = (
        pa.concat_tables([pq.read_table(target), table.filter(moving)]) if target.exists() else table.filter(moving)
    )
    write_partition(joined, path, to)
    write_partition(table.filter(pc.invert(moving)), path, found.gemeente)
    return LifeEvent(MOVE, bsn, to, {"gemeente": to, "vorigeGemeente": found.gemeente})


@_one_writer
def register_birth(path: Path, parent: int, born: dt.date) -> LifeEvent:
    """Register a child born to an adult of a household: a new person (a new citizen number) on the household's
    last row, sharing its household facts. The event names the child; the household is read from the source."""
    path = Path(path)
    source = PopulationSource(path)
    found = source.find(parent)
    if found is None:
        raise PopulationError(path, None, "persoon_id", f"{parent} is not in the population")
    if found.person["rol"] not in ("aanvrager", "partner"):
        raise PopulationError(path, None, "rol", f"{parent} is a {found.person['rol']}, not a parent of the household")
    if not (found.person["geboortedatum"] < born <= dt.date.today()):
        raise PopulationError(path, None, "geboortedatum", f"{born} is not a day between the parent's birth and today")
    file = path / f"gemeente={found.gemeente}" / FILE_NAME
    table = pq.read_table(file)
    rows = np.flatnonzero(table["huishouden_id"].to_numpy() == found.person["huishouden_id"])
    child = {**found.household[0]}  # the aanvrager's row carries the household facts
    child.update(
        persoon_id=source.new_bsn(),
        rol="kind",
        geboortedatum=born,
        toetsingsinkomen=0.0,
        vermogen=0.0,
        aow_jaren_niet_verzekerd=0.0,
        heeft_handicap=False,
        verzekerd_zorgverzekering=True,
        woont_in_nederland=True,
        kinderbijslag_kind_in_gezin=True,
        ontvangt_zorgtoeslag=False,
        ontvangt_kindgebonden_budget=False,
        ontvangt_kinderbijslag=False,
        ontvangt_aow=False,
    )
    after = int(rows[-1]) + 1
    born_row = pa.Table.from_pylist([child], schema=table.schema)
    write_partition(pa.concat_tables([table.slice(0, after), born_row, table.slice(after)]), path, found.gemeente)
    data = {"gemeente": found.gemeente, "datum": born.isoformat()}
    return LifeEvent(BIRTH, child["persoon_id"], found.gemeente, data)


def coming_of_age(path: Path, day: dt.date) -> list[LifeEvent]:
    """Everyone who turns 18 on ``day`` (born on 29 February: on 1 March in a common year)."""
    year = day.year - 18
    births = [dt.date(year, day.month, day.day)] if (day.month, day.day) != (2, 29) else []
    if (day.month, day.day) == (3, 1) and not calendar.isleap(day.year) and calendar.isleap(year):
        births.append(dt.date(year, 2, 29))
    wanted = np.array(births, dtype="datetime64[D]")
    events = []
    for code, file in partition_files(Path(path)):
        table = pq.read_table(file, columns=["persoon_id", "geboortedatum"])
        hit = np.isin(table["geboortedatum"].to_numpy().astype("datetime64[D]"), wanted)
        for bsn in table["persoon_id"].to_numpy()[hit].tolist():
            events.append(LifeEvent(COMING_OF_AGE, bsn, code, {"gemeente": code, "datum": day.isoformat()}))
    return events
