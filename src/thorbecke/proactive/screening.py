"""Screening: every scheme for every person in the population, in chunks of whole households, on all cores or
on a Dask cluster, resumable, with per person and scheme whether they are entitled, roughly how much, whether
they receive it now and the conditions they do not meet (``schema.result_schema``).

How it runs:

- The population (``gemeente=GM..../*.parquet``, see ``schema.py``) is checked in full first; a malformed or
  partial file is refused with the file, row and field, before anything is written.
- The files, in sorted order, are cut into chunks of about ``chunk_persons`` rows, always at a household
  boundary; a chunk may span several small files. A chunk's id is its global row range (``<start>-<stop>``
  over the files in sorted order), so it depends only on the input and ``chunk_persons``.
- Each chunk is one OpenFisca simulation built from arrays; its results go to ``out/part-<id>.parquet``
  (written under a temporary name, then renamed) and the parent records it in ``out/_manifest.json``. A rerun
  skips the chunks the manifest lists, so an interrupted screening resumes and ends with the same bytes.
- Chunks run in-process (``workers=1``), on a spawn process pool (``workers=N``, default all cores), or with
  ``scheduler`` on dask.distributed (``"local:N"``: a LocalCluster of N worker processes; ``"tcp://..."``: an
  existing cluster, which must see the same ``population`` and ``out`` paths). The chunk function is the same.

Household schemes (huurtoeslag, kwijtschelding: entity ``huishouden``) are claimed by the household through its
aanvrager, like kinderbijslag and kindgebonden budget already are in the rules: the aanvrager's row carries the
household's result, every other member's row says not entitled, 0, not receiving, with ``<key>__aanvrager``
as the unmet condition. So summing amounts or counting entitled rows counts each household once, and a message
goes to the person who can apply.

``<key>_niet_voldaan`` lists the scheme's condition variables (``Scheme.conditions``, in that order) that are
false, comma-separated; empty when entitled. Two names are not condition variables: ``<key>_bedrag`` when
every condition holds but the amount is nil (huurtoeslag: rent below the basishuur), and ``<key>__aanvrager``
as above. Amounts are rounded to cents (OpenFisca computes in float32).

``<key>_aannames`` lists, for an entitled row, the scheme's ``<key>_aanname_<what>`` variables
(``Scheme.assumptions``) that are true: what the estimate assumed because the government does not know it (the
vermogen on the day of a request, the service costs in a rent); the message says so. Empty when not entitled.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from thorbecke.caches import process_cache
from thorbecke.population import schema
from thorbecke.population.dataset import PopulationError

MANIFEST = "_manifest.json"
FORMAT = 2  # bump when the output's layout or meaning changes, so an old run is not resumed
DEFAULT_CHUNK_PERSONS = 250_000
GEMEENTE_DIR = re.compile(r"^gemeente=(GM\d{4})$")
INPUT_COLUMNS = ["persoon_id", "huishouden_id", "rol", *schema.PERSON_INPUTS, *schema.HOUSEHOLD_INPUTS]
AANVRAGER, PARTNER = schema.ROLES.index("aanvrager"), schema.ROLES.index("partner")
ROLE_CODES = {role: code for code, role in enumerate(schema.ROLES)}


def _refuse(message: str, file: str | None = None, row: int | None = None, field: str | None = None) -> PopulationError:
    """The one population error, as the population module raises it: file, row (0-based), field and why."""
    return PopulationError(file or "<population>", row, field, message)


class ScreeningError(RuntimeError):
    """The output directory holds a screening that cannot be resumed with these arguments."""


@dataclass(frozen=True)
class Progress:
    persons_done: int  # including chunks a previous run completed
    persons_total: int
    chunks_done: int
    chunks_total: int
    elapsed: float  # seconds since this run started
    rate: float  # persons a second screened by this run

    @property
    def time_left(self) -> float | None:
        remaining = self.persons_total - self.persons_done
        if remaining == 0:
            return 0.0
        return remaining / self.rate if self.rate > 0 else None


@dataclass(frozen=True)
class SchemeTotals:
    entitled: int  # rows entitled (for a household scheme: households)
    entitled_not_receiving: int  # the ones to tell
    receiving_not_entitled: int  # worth a second look
    amount: float  # € a month, over the entitled


@dataclass(frozen=True)
class Summary:
    persons: int
    households: int
    chunks: int
    chunks_resumed: int  # completed by an earlier run and skipped by this one
    seconds: float
    schemes: dict[str, SchemeTotals]


@dataclass(frozen=True)
class Segment:
    path: str
    gemeente: str
    start: int  # rows [start, stop) of the file
    stop: int


@dataclass(frozen=True)
class ChunkTask:
    id: str
    segments: tuple[Segment, ...]
    out: str
    period: str

    @property
    def persons(self) -> int:
        return sum(s.stop - s.start for s in self.segments)


@dataclass
class _FileInfo:
    path: str
    gemeente: str
    rows: int
    footer: str  # hash of the Parquet footer: changes with the content, cheap to read
    household_starts: np.ndarray = field(repr=False)  # row of each household's first member
    household_ids: np.ndarray = field(repr=False)


# --- The rules, once per process ---


def _rules() -> tuple[Any, list[Any]]:
    # Imported here so a process that only validates or plans does not pay for loading the rules.
    from thorbecke.proactive.rules import tax_benefit_system
    from thorbecke.proactive.rules.schemes import SCHEMES

    return tax_benefit_system(), SCHEMES


@process_cache()
def rules_fingerprint() -> str:
    """The rules' source and parameters: resuming under changed rules would mix two laws in one result, and a
    message after a correction says the rules changed (delivery)."""
    root = Path(__file__).parent / "rules"
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml")):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# --- Checking the population ---


def _check_table(table: pa.Table, file: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Refuse what screening cannot use: a missing or mistyped column, a null, a non-finite number, an unknown
    role, a household whose members are not consecutive, without exactly one aanvrager or with two partners, a
    person twice. Returns the household starts, the households' ids and the role codes."""
    _check_columns(table.schema, file)
    for name in schema.SCHEMA.names:
        column = table.column(name)
        if column.null_count:
            row = int(pc.index(pc.is_null(column), True).as_py())
            raise _refuse("missing value", file, row, name)
        if pa.types.is_floating(column.type):
            bad = pc.invert(pc.is_finite(column))
            if pc.any(bad).as_py():
                raise _refuse("not a finite number", file, int(pc.index(bad, True).as_py()), name)
    roles = pc.index_in(table.column("rol"), value_set=pa.array(schema.ROLES))
    if roles.null_count:
        row = int(pc.index(pc.is_null(roles), True).as_py())
        raise _refuse(f"unknown role {table.column('rol')[row].as_py()!r}", file, row, "rol")
    roles = roles.to_numpy().astype(np.int8)
    households = table.column("huishouden_id").to_numpy()
    n = len(households)
    starts = np.flatnonzero(np.r_[True, households[1:] != households[:-1]]) if n else np.zeros(0, np.int64)
    ids = households[starts]
    order = np.argsort(ids, kind="stable")
    repeated = np.flatnonzero(ids[order][1:] == ids[order][:-1])
    if len(repeated):
        row = int(starts[order[repeated[0] + 1]])
        raise _refuse("household's members are not on consecutive rows", file, row, "huishouden_id")
    if n:
        aanvragers = np.add.reduceat((roles == AANVRAGER).astype(np.int32), starts)
        partners = np.add.reduceat((roles == PARTNER).astype(np.int32), starts)
        bad = np.flatnonzero(aanvragers != 1)
        if len(bad):
            raise _refuse("household has no aanvrager or more than one", file, int(starts[bad[0]]), "rol")
        bad = np.flatnonzero(partners > 1)
        if len(bad):
            raise _refuse("household has more than one partner", file, int(starts[bad[0]]), "rol")
        persons = table.column("persoon_id").to_numpy()
        order = np.argsort(persons, kind="stable")
        repeated = np.flatnonzero(persons[order][1:] == persons[order][:-1])
        if len(repeated):
            raise _refuse("person appears twice", file, int(order[repeated[0] + 1]), "persoon_id")
    return starts.astype(np.int64), ids, roles


def _footer_hash(path: Path) -> str:
    with path.open("rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        if size < 12:
            raise _refuse("not a Parquet file (truncated)", str(path))
        f.seek(size - 8)
        length = int.from_bytes(f.read(4), "little")
        if f.read(4) != b"PAR1" or length + 8 > size:
            raise _refuse("not a Parquet file, or a partial one (no valid footer)", str(path))
        f.seek(size - 8 - length)
        return hashlib.sha256(f.read(length) + size.to_bytes(8, "little")).hexdigest()


def _check_columns(found: pa.Schema, file: str) -> None:
    for expected in schema.SCHEMA:
        if expected.name not in found.names:
            raise _refuse("missing column", file, None, expected.name)
        actual = found.field(expected.name).type
        if not (actual == expected.type or (expected.type == pa.string() and actual == pa.large_string())):
            raise _refuse(f"column has type {actual}, expected {expected.type}", file, None, expected.name)


def _inspect_file(path: str, gemeente: str) -> _FileInfo:
    """Check one population file in full (runs on a worker)."""
    footer = _footer_hash(Path(path))
    try:
        source = pq.ParquetFile(path)
        _check_columns(source.schema_arrow, path)
        table = source.read(columns=INPUT_COLUMNS, use_threads=False)
    except (pa.ArrowException, OSError) as error:
        raise _refuse(f"unreadable Parquet file: {error}", path) from error
    starts, ids, _ = _check_table(table, path)
    return _FileInfo(path, gemeente, table.num_rows, footer, starts, ids)


def _population_files(population: Path) -> list[tuple[str, str]]:
    if not population.is_dir():
        raise _refuse("the population is not a directory", str(population))
    files = []
    for path in sorted(population.rglob("*")):
        if path.is_dir() or path.name.startswith((".", "_")):
            continue
        parent = GEMEENTE_DIR.match(path.parent.name)
        if path.parent.parent != population or parent is None:
            raise _refuse("not in a gemeente=GM.... partition", str(path))
        if path.suffix != ".parquet":
            raise _refuse("not a .parquet file", str(path))
        files.append((str(path), parent.group(1)))
    if not files:
        raise _refuse("no population files", str(population))
    return files


def _check_across_files(infos: list[_FileInfo]) -> None:
    ids = np.concatenate([i.household_ids for i in infos])
    owner = np.repeat(np.arange(len(infos)), [len(i.household_ids) for i in infos])
    order = np.argsort(ids, kind="stable")
    repeated = np.flatnonzero(ids[order][1:] == ids[order][:-1])
    if len(repeated):
        k = order[repeated[0] + 1]
        info = infos[owner[k]]
        row = int(info.household_starts[np.flatnonzero(info.household_ids == ids[k])[0]])
        raise _refuse("household is split over several files", info.path, row, "huishouden_id")


# --- Planning chunks ---


def _plan(infos: list[_FileInfo], chunk_persons: int, out: Path, period: str) -> list[ChunkTask]:
    """Cut the files, in order, into chunks of about ``chunk_persons`` rows at household boundaries."""
    tasks: list[ChunkTask] = []
    segments: list[Segment] = []
    chunk_start = offset = 0  # global row numbers
    size = 0
    for info in infos:
        start = 0
        while start < info.rows:
            want = start + chunk_persons - size
            # The first household that starts at or after `want`: the chunk ends just before it.
            k = np.searchsorted(info.household_starts, want, side="left")
            stop = int(info.household_starts[k]) if k < len(info.household_starts) else info.rows
            segments.append(Segment(info.path, info.gemeente, start, stop))
            size += stop - start
            start = stop
            if size >= chunk_persons:
                end = offset + start
                tasks.append(ChunkTask(f"{chunk_start:012d}-{end:012d}", tuple(segments), str(out), period))
                segments, size, chunk_start = [], 0, end
        offset += info.rows
    if segments:
        tasks.append(ChunkTask(f"{chunk_start:012d}-{offset:012d}", tuple(segments), str(out), period))
    return tasks


# --- Evaluating a chunk ---


def _read_segment(segment: Segment) -> pa.Table:
    source = pq.ParquetFile(segment.path)
    groups, first, offset = [], None, 0
    for g in range(source.metadata.num_row_groups):
        rows = source.metadata.row_group(g).num_rows
        if offset + rows > segment.start and offset < segment.stop:
            groups.append(g)
            first = offset if first is None else first
        offset += rows
    table = source.read_row_groups(groups, columns=INPUT_COLUMNS, use_threads=False)
    return table.slice(segment.start - (first or 0), segment.stop - segment.start)


class _RoleCodes(np.ndarray):
    """A household's ``members_role`` as one small integer per person (the index in ``schema.ROLES``) rather than
    an array of Role objects. OpenFisca only ever compares it with a Role (``has_role``, ``nb_persons``), and
    comparing Python objects one by one costs about a fifth of a chunk's time; integers cost nothing."""

    def __eq__(self, other: object) -> Any:
        key = getattr(other, "key", None)
        if key in ROLE_CODES:
            return np.asarray(self) == ROLE_CODES[key]
        return super().__eq__(other)

    def __ne__(self, other: object) -> Any:
        return np.logical_not(self.__eq__(other))

    __hash__ = None  # type: ignore[assignment]


def evaluate(table: pa.Table, gemeente: pa.Array, period: str) -> tuple[pa.Table, int]:
    """Screen a checked table of whole households as one OpenFisca simulation: the result rows in input order
    (``schema.result_schema``) and the number of households."""
    from openfisca_core.periods import DateUnit
    from openfisca_core.periods import period as make_period
    from openfisca_core.simulations import SimulationBuilder

    tbs, schemes = _rules()
    month = make_period(period)
    year = month.this_year
    table = table.select(INPUT_COLUMNS).cast(pa.schema([schema.SCHEMA.field(n) for n in INPUT_COLUMNS]))
    n = table.num_rows
    households = table.column("huishouden_id").to_numpy()
    starts = np.flatnonzero(np.r_[True, households[1:] != households[:-1]])
    h = len(starts)
    household_of = np.repeat(np.arange(h, dtype=np.int32), np.diff(np.r_[starts, n]))
    roles = pc.index_in(table.column("rol"), value_set=pa.array(schema.ROLES)).to_numpy().astype(np.int8)
    aanvrager_rows = np.flatnonzero(roles == AANVRAGER)  # one per household, in household order

    # Entities straight from arrays: the builder's dict paths cost a Python object per person.
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    persons = builder.populations["persoon"]
    persons.ids, persons.count = table.column("persoon_id").to_numpy(), n
    builder.persons_plural = persons.entity.plural
    group = builder.populations["huishouden"]
    group.ids, group.count = households[starts], h
    group.members_entity_id = household_of
    # Set the private attribute: the public setter turns any array into a list of Python objects first.
    group._members_role = roles.view(_RoleCodes)
    simulation = builder.build(tbs)

    months = list(year.get_subperiods(DateUnit.MONTH))  # quarter rules read inputs at other months of the year
    for name in [*schema.PERSON_INPUTS, *schema.HOUSEHOLD_INPUTS]:
        variable = tbs.variables[name]
        values = table.column(name).to_numpy(zero_copy_only=False)
        if variable.entity.key == "huishouden":
            values = values[aanvrager_rows]  # household facts are read from the aanvrager's row
        values = values.astype(variable.dtype, copy=False)
        if variable.definition_period == DateUnit.ETERNITY:
            simulation.set_input(name, make_period("ETERNITY"), values)
        elif variable.definition_period == DateUnit.YEAR:
            simulation.set_input(name, year, values)
        else:
            for m in months:
                simulation.set_input(name, m, values)
    gemeente_values = gemeente.to_numpy(zero_copy_only=False)[aanvrager_rows]
    simulation.set_input("gemeente", make_period("ETERNITY"), gemeente_values.astype(tbs.variables["gemeente"].dtype))

    is_aanvrager = roles == AANVRAGER
    columns: dict[str, Any] = {
        "persoon_id": table.column("persoon_id"),
        "huishouden_id": table.column("huishouden_id"),
        "gemeente": gemeente,
    }
    for scheme in schemes:
        conditions = scheme.conditions
        per_household = tbs.variables[scheme.entitled].entity.key == "huishouden"

        def to_persons(name: str, household_level: bool) -> np.ndarray:
            values = simulation.calculate(name, month)
            return values[household_of] if household_level else values

        recht = to_persons(scheme.entitled, per_household).astype(bool)
        bedrag = np.round(to_persons(scheme.amount, per_household).astype(np.float64), 2)
        receives = table.column(scheme.receives).to_numpy(zero_copy_only=False)
        if per_household:
            receives = receives[aanvrager_rows][household_of]
        failed = np.zeros(n, dtype=np.uint64)
        for bit, name in enumerate(conditions):
            level = tbs.variables[name].entity.key == "huishouden"
            failed |= (~to_persons(name, level).astype(bool)).astype(np.uint64) << np.uint64(bit)
        nil_amount, applicant_only = np.uint64(1 << len(conditions)), np.uint64(1 << (len(conditions) + 1))
        failed[recht] = 0
        failed[(~recht) & (failed == 0)] = nil_amount
        if per_household:
            others = ~is_aanvrager
            recht, receives, bedrag = recht & is_aanvrager, receives & is_aanvrager, np.where(others, 0.0, bedrag)
            failed[others] = applicant_only
        names = [*conditions, scheme.amount, f"{scheme.key}__aanvrager"]
        codes, inverse = np.unique(failed, return_inverse=True)
        texts = [",".join(nm for b, nm in enumerate(names) if int(code) >> b & 1) for code in codes]
        columns[f"{scheme.key}_recht"] = pa.array(recht, pa.bool_())
        columns[f"{scheme.key}_bedrag"] = pa.array(bedrag, pa.float64())
        columns[f"{scheme.key}_ontvangt"] = pa.array(np.asarray(receives, dtype=bool), pa.bool_())
        columns[f"{scheme.key}_niet_voldaan"] = pa.array(texts, pa.string()).take(pa.array(inverse.astype(np.int32)))
        assumed = np.zeros(n, dtype=np.uint64)
        for bit, name in enumerate(scheme.assumptions):
            level = tbs.variables[name].entity.key == "huishouden"
            assumed |= to_persons(name, level).astype(bool).astype(np.uint64) << np.uint64(bit)
        assumed[~recht] = 0
        codes, inverse = np.unique(assumed, return_inverse=True)
        texts = [",".join(nm for b, nm in enumerate(scheme.assumptions) if int(code) >> b & 1) for code in codes]
        columns[f"{scheme.key}_aannames"] = pa.array(texts, pa.string()).take(pa.array(inverse.astype(np.int32)))
    result_schema = schema.result_schema([s.key for s in schemes])
    return pa.Table.from_pydict(columns, schema=result_schema), h


def _totals(table: pa.Table, keys: list[str]) -> dict[str, dict[str, float]]:
    totals = {}
    for key in keys:
        recht = table.column(f"{key}_recht").to_numpy(zero_copy_only=False)
        ontvangt = table.column(f"{key}_ontvangt").to_numpy(zero_copy_only=False)
        bedrag = table.column(f"{key}_bedrag").to_numpy()
        totals[key] = {
            "entitled": int(recht.sum()),
            "entitled_not_receiving": int((recht & ~ontvangt).sum()),
            "receiving_not_entitled": int((ontvangt & ~recht).sum()),
            "amount": float(np.round(bedrag[recht].sum(), 2)),
        }
    return totals


def _write_atomically(write: Callable[[str], None], target: Path) -> None:
    """Write under a temporary name in the same directory, flush to disk, rename: a reader (or a resumed run)
    sees the whole file or none of it."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    write(str(tmp))
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)


def screen_chunk(task: ChunkTask) -> dict[str, Any]:
    """Screen one chunk and write its part file; the parent records it. Runs on a pool or Dask worker."""
    tables = [_read_segment(s) for s in task.segments]
    gemeente = pa.concat_arrays(
        [pa.repeat(pa.scalar(s.gemeente, pa.string()), s.stop - s.start) for s in task.segments]
    )
    table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    result, households = evaluate(table, gemeente, task.period)
    target = Path(task.out) / f"part-{task.id}.parquet"
    _write_atomically(lambda tmp: pq.write_table(result, tmp, compression="zstd"), target)
    keys = [n[: -len("_recht")] for n in result.column_names if n.endswith("_recht")]
    return {"id": task.id, "persons": result.num_rows, "households": households, "totals": _totals(result, keys)}


# --- Running chunks: in-process, process pool or Dask, the same function ---


def _keep_freed_memory() -> None:
    """A chunk allocates hundreds of arrays of a few MB. glibc maps each from the OS and unmaps it when freed, so
    every chunk pays the page faults again (a third of a worker's first chunk). Keeping freed memory in the heap
    lets each chunk reuse the last one's; a worker holds on to its peak, which it reaches anyway."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc: nothing to tune
        return
    m_trim_threshold, m_top_pad, m_mmap_threshold = -1, -2, -3
    libc.mallopt(m_mmap_threshold, 32 << 20)  # the largest glibc allows; a chunk's arrays are smaller
    libc.mallopt(m_trim_threshold, 1 << 30)
    libc.mallopt(m_top_pad, 64 << 20)


def _init_worker() -> None:
    # One Arrow thread per worker: the workers already fill the cores.
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    _keep_freed_memory()
    _rules()


class _Runner:
    def __init__(self, workers: int | None, scheduler: str | None) -> None:
        self.workers = workers or len(os.sched_getaffinity(0))
        self.scheduler = scheduler
        self._pool: Any = None
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> _Runner:
        if self.scheduler:
            from dask.distributed import Client, LocalCluster

            if self.scheduler.startswith("local:"):
                n = int(self.scheduler.split(":", 1)[1])
                self._cluster = LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None, memory_limit=0
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.scheduler)
            self._client.run(_init_worker)
        elif self.workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def map_unordered(self, fn: Callable[..., Any], tasks: list[Any]) -> Iterator[Any]:
        """``fn`` over the tasks, results as they complete; the first error stops the rest."""
        if not tasks:
            return
        if self._client is not None:
            from dask.distributed import as_completed

            futures = self._client.map(fn, tasks, pure=False)
            try:
                for future in as_completed(futures):
                    yield future.result()
            finally:
                self._client.cancel([f for f in futures if not f.done()])
        elif self._pool is not None:
            from concurrent.futures import as_completed

            futures = [self._pool.submit(fn, t) for t in tasks]
            try:
                for future in as_completed(futures):
                    yield future.result()
            finally:
                for f in futures:
                    f.cancel()
        else:
            for task in tasks:
                yield fn(task)


def _inspect_task(args: tuple[str, str]) -> _FileInfo:
    return _inspect_file(*args)


# --- The entry points ---


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ScreeningError(f"{path} is damaged; remove the directory and screen again") from error


def _write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=1, sort_keys=True)
    _write_atomically(lambda tmp: Path(tmp).write_text(text), out / MANIFEST)


def screen(
    population: Path,
    out: Path,
    period: str,
    workers: int | None = None,
    chunk_persons: int = DEFAULT_CHUNK_PERSONS,
    scheduler: str | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> Summary:
    """Screen every person in ``population`` for every scheme in the month ``period`` (``YYYY-MM``), writing
    ``out/part-<chunk>.parquet`` and ``out/_manifest.json``. Resumes a run that stopped part way; refuses a
    malformed population (``PopulationError``) before writing anything."""
    began = time.monotonic()
    population, out = Path(population), Path(out)
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
        raise ValueError(f"period must be a month, YYYY-MM: {period!r}")
    if chunk_persons < 1:
        raise ValueError("chunk_persons must be positive")
    files = _population_files(population)
    with _Runner(workers, scheduler) as runner:
        infos = {i.path: i for i in runner.map_unordered(_inspect_task, files)}
        ordered = [infos[p] for p, _ in files]
        _check_across_files(ordered)
        from thorbecke.proactive.rules.schemes import SCHEMES

        keys = [s.key for s in SCHEMES]
        fingerprint = {
            "format": FORMAT,
            "period": period,
            "chunk_persons": chunk_persons,
            "schemes": keys,
            "rules": rules_fingerprint(),
            "population": [[str(Path(i.path).relative_to(population)), i.rows, i.footer] for i in ordered],
        }
        tasks = _plan(ordered, chunk_persons, out, period)
        total_persons = sum(i.rows for i in ordered)
        del infos, ordered  # the household arrays: not needed once planned

        manifest = _read_manifest(out / MANIFEST)
        if manifest is not None and manifest.get("fingerprint") != fingerprint:
            raise ScreeningError(
                f"{out} holds a screening of another population, period, chunk size or rules: use a new directory"
            )
        if manifest is None:
            if out.exists() and any(out.iterdir()):
                raise ScreeningError(f"{out} is not empty and holds no screening manifest")
            manifest = {"fingerprint": fingerprint, "chunks": {}, "complete": False}
            out.mkdir(parents=True, exist_ok=True)
            _write_manifest(out, manifest)
        for stale in out.glob(".part-*.tmp"):  # left by a worker that was killed mid-write
            stale.unlink()
        done = manifest["chunks"]
        todo = [t for t in tasks if not (t.id in done and (out / f"part-{t.id}.parquet").exists())]
        resumed = len(tasks) - len(todo)
        persons_done = sum(done[t.id]["persons"] for t in tasks if t.id in done and t not in todo)
        persons_before = persons_done

        def report() -> None:
            if progress is not None:
                elapsed = time.monotonic() - began
                rate = (persons_done - persons_before) / elapsed if elapsed > 0 else 0.0
                chunks = sum(1 for t in tasks if t.id in done)
                progress(Progress(persons_done, total_persons, chunks, len(tasks), elapsed, rate))

        report()
        for result in runner.map_unordered(screen_chunk, todo):
            done[result["id"]] = {k: v for k, v in result.items() if k != "id"}
            _write_manifest(out, manifest)
            persons_done += result["persons"]
            report()
    manifest["complete"] = True
    _write_manifest(out, manifest)
    return _summary(manifest, tasks, resumed, time.monotonic() - began)


def _summary(manifest: dict[str, Any], tasks: list[ChunkTask], resumed: int, seconds: float) -> Summary:
    chunks = [manifest["chunks"][t.id] for t in tasks]  # in chunk order: float sums do not depend on timing
    keys = manifest["fingerprint"]["schemes"]
    schemes = {}
    for key in keys:
        rows = [c["totals"][key] for c in chunks]
        sums = {name: sum(r[name] for r in rows) for name in rows[0]} if rows else {}
        schemes[key] = SchemeTotals(
            int(sums.get("entitled", 0)),
            int(sums.get("entitled_not_receiving", 0)),
            int(sums.get("receiving_not_entitled", 0)),
            round(float(sums.get("amount", 0.0)), 2),
        )
    return Summary(
        persons=sum(c["persons"] for c in chunks),
        households=sum(c["households"] for c in chunks),
        chunks=len(tasks),
        chunks_resumed=resumed,
        seconds=seconds,
        schemes=schemes,
    )


def screen_household(rows: list[dict[str, Any]] | pa.Table, period: str) -> dict[int, dict[str, Any]]:
    """Re-screen one household (after a life event): its members' rows as in the population file, optionally
    with ``gemeente``. Returns, per persoon_id, the result row (``schema.result_schema`` columns), the same as
    a full screening would write."""
    if isinstance(rows, pa.Table):
        table = rows
    else:
        names = [n for n in schema.SCHEMA.names if any(n in r for r in rows)]
        table = pa.Table.from_pylist(rows, schema=pa.schema([schema.SCHEMA.field(n) for n in names]))
        if any("gemeente" in r for r in rows):
            table = table.append_column("gemeente", pa.array([r.get("gemeente") for r in rows], pa.string()))
    if table.num_rows == 0:
        raise _refuse("no persons")
    _, ids, _ = _check_table(table, "<household>")
    if len(ids) != 1:
        raise _refuse("more than one household", "<household>", None, "huishouden_id")
    gemeente = table.column("gemeente").combine_chunks() if "gemeente" in table.column_names else None
    if gemeente is None or gemeente.null_count:
        gemeente = pa.array([""] * table.num_rows, pa.string())
    result, _ = evaluate(table, gemeente.cast(pa.string()), period)
    return {row["persoon_id"]: row for row in result.to_pylist()}


def read_results(out: Path) -> pa.Table:
    """A completed screening's results, in input order."""
    manifest = _read_manifest(Path(out) / MANIFEST)
    if manifest is None or not manifest.get("complete"):
        raise ScreeningError(f"{out} holds no completed screening")
    parts = sorted(Path(out).glob("part-*.parquet"))
    return pa.concat_tables(pq.read_table(p) for p in parts)


def progress_bar(stream: TextIO = sys.stderr, width: int = 30) -> Callable[[Progress], None]:
    """A one-line text progress bar for ``screen(progress=...)``: persons done, rate and time left."""

    def show(p: Progress) -> None:
        share = p.persons_done / p.persons_total if p.persons_total else 1.0
        filled = int(share * width)
        left = p.time_left
        eta = "--:--" if left is None or math.isinf(left) else f"{int(left) // 60:d}:{int(left) % 60:02d}"
        stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {p.persons_done:,}/{p.persons_total:,} persons"
            f"  {p.rate:,.0f}/s  {eta} left  "
        )
        if p.persons_done == p.persons_total:
            stream.write("\n")
        stream.flush()

    return show
