"""The population on disk, and the checks every population file must pass before screening.

A population is a folder of ``gemeente=GM0344/part-0.parquet`` files in the layout of
:mod:`thorbecke.population.schema`. ``write_partition`` writes one municipality's file, ``read`` yields the
partitions one by one, ``household_of`` reads one person's household. ``validate`` refuses a malformed or partial
population (naming file, row and field) so the screening can stop before it writes any result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from thorbecke.population.bsn import is_bsn
from thorbecke.population.figures import address_weights
from thorbecke.population.schema import HOUSEHOLD_INPUTS, ROLES, SCHEMA

PARTITION = re.compile(r"^gemeente=(GM\d{4})$")
ROW_GROUP = 100_000
FILE_NAME = "part-0.parquet"

NON_NEGATIVE = (
    "toetsingsinkomen",
    "vermogen",
    "aow_jaren_niet_verzekerd",
    "huur",
    "servicekosten",
    "kwijtschelding_aanslag",
    "kwijtschelding_netto_inkomen",
    "kwijtschelding_uitgaven",
    "kwijtschelding_woon_en_zorglasten",
)


class PopulationError(ValueError):
    """A population file that does not meet the contract: names the file, the row (0-based, within the file;
    None for a problem with the whole file or its schema) and the field."""

    def __init__(self, file: Path | str, row: int | None, field: str | None, reason: str) -> None:
        self.file, self.row, self.field, self.reason = str(file), row, field, reason
        where = f"file {self.file}"
        where += f", row {row}" if row is not None else ", row - (whole file)"
        where += f", field {field}" if field else ""
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type, tuple]:
        # Raised in worker processes: travels back to the parent by pickling, with all four parts.
        return type(self), (self.file, self.row, self.field, self.reason)


def write_partition(table: pa.Table, out_dir: Path, code: str) -> Path:
    """Write one municipality's table; through a temporary name so a crash never leaves a half file under the
    final name."""
    folder = out_dir / f"gemeente={code}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    tmp = folder / f".{FILE_NAME}.tmp"
    pq.write_table(table, tmp, row_group_size=ROW_GROUP, compression="zstd", write_statistics=True)
    tmp.replace(path)
    return path


# --- Reading and validating ------------------------------------------------------------------------------------


def partition_files(path: Path) -> list[tuple[str, Path]]:
    """(municipality, file) for every Parquet file under ``path``, in code and name order. A partition folder whose
    name is not ``gemeente=GM....`` is refused."""
    path = Path(path)
    if not path.is_dir():
        raise PopulationError(path, None, None, "not a directory with gemeente=GM.... partitions")
    found = []
    for folder in sorted(p for p in path.iterdir() if not p.name.startswith((".", "_"))):
        m = PARTITION.match(folder.name)
        if not folder.is_dir() or not m:
            raise PopulationError(folder, None, "gemeente", "partition name is not gemeente=GM followed by four digits")
        found += [(m.group(1), f) for f in sorted(folder.glob("*.parquet"))]
    if not found:
        raise PopulationError(path, None, None, "no population files (gemeente=GM..../*.parquet)")
    return found


def _read_file(file: Path) -> pa.Table:
    try:
        table = pq.read_table(file)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for a truncated or corrupt file
        raise PopulationError(file, None, None, f"unreadable or truncated Parquet file ({exc})") from exc
    names = table.schema.names
    for field in SCHEMA:
        if field.name not in names:
            raise PopulationError(file, None, field.name, "missing column")
    for name in names:
        if SCHEMA.get_field_index(name) < 0:
            raise PopulationError(file, None, name, "extra column, not in the population schema")
    for field in SCHEMA:
        actual = table.schema.field(field.name).type
        if actual != field.type:
            raise PopulationError(file, None, field.name, f"type {actual}, expected {field.type}")
    return table.select(SCHEMA.names)


def read(path: Path) -> Iterator[tuple[str, pa.Table]]:
    """Yield (municipality, table) per partition file, the columns in schema order. Checks the schema of each file;
    call ``validate`` first to check the contents before anything is written."""
    for code, file in partition_files(path):
        yield code, _read_file(file)


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _known_codes(shared_dir: Path | None) -> set[str] | None:
    try:
        return set(address_weights(shared_dir))
    except OSError:
        return None  # without the shared table only the code's form is checked


def validate_table(table: pa.Table, file: Path | str) -> None:
    """Check one file's contents (schema already checked): nulls, values, roles, BSNs and households."""
    for name in SCHEMA.names:
        col = table[name]
        if col.null_count:
            raise PopulationError(file, _first(col.is_null().to_numpy(zero_copy_only=False)), name, "null value")
    for name in NON_NEGATIVE:
        values = table[name].to_numpy()
        bad = ~np.isfinite(values)
        if bad.any():
            raise PopulationError(file, _first(bad), name, "not a finite number")
        bad = values < 0
        if bad.any():
            raise PopulationError(file, _first(bad), name, f"negative ({values[_first(bad)]})")
    rol = table["rol"]
    bad = ~pc.is_in(rol, value_set=pa.array(ROLES)).to_numpy(zero_copy_only=False)
    if bad.any():
        raise PopulationError(file, _first(bad), "rol", f"role {rol[_first(bad)].as_py()!r} is not one of {ROLES}")
    ids = table["persoon_id"].to_numpy()
    bad = ~is_bsn(ids)
    if bad.any():
        raise PopulationError(
            file, _first(bad), "persoon_id", f"{ids[_first(bad)]} is not a nine-digit BSN passing the 11-test"
        )
    order = np.argsort(ids, kind="stable")
    dup = np.flatnonzero(ids[order][1:] == ids[order][:-1])
    if len(dup):
        rows = np.sort(order[dup[0] : dup[0] + 2])
        raise PopulationError(file, int(rows[1]), "persoon_id", f"duplicate of row {rows[0]}")

    hh = table["huishouden_id"].to_numpy()
    n = len(hh)
    if n == 0:
        return
    starts = np.flatnonzero(np.concatenate([[True], hh[1:] != hh[:-1]]))
    run_ids = hh[starts]
    order = np.argsort(run_ids, kind="stable")
    dup = np.flatnonzero(run_ids[order][1:] == run_ids[order][:-1])
    if len(dup):
        later = int(max(order[dup[0]], order[dup[0] + 1]))
        raise PopulationError(file, int(starts[later]), "huishouden_id", "household split over non-consecutive rows")
    is_a = pc.equal(rol, "aanvrager").to_numpy(zero_copy_only=False)
    per_hh = np.add.reduceat(is_a.astype(np.int64), starts)
    bad = per_hh != 1
    if bad.any():
        k = _first(bad)
        reason = "household has no aanvrager" if per_hh[k] == 0 else f"household has {per_hh[k]} aanvragers"
        row = int(starts[k]) if per_hh[k] == 0 else int(np.flatnonzero(is_a[starts[k] :])[1] + starts[k])
        raise PopulationError(file, row, "rol", reason)
    # Household facts are read from the aanvrager's row; a member that disagrees means a broken join upstream.
    sizes = np.diff(np.append(starts, n))
    aanvrager_row = np.repeat(np.flatnonzero(is_a), sizes)
    for name in HOUSEHOLD_INPUTS:
        values = table[name].to_numpy(zero_copy_only=False)
        bad = values != values[aanvrager_row]
        if bad.any():
            raise PopulationError(file, _first(bad), name, "household fact differs from the aanvrager's row")


def validate(path: Path, *, shared_dir: Path | None = None) -> None:
    """Refuse a malformed or partial population: raises PopulationError naming the file, row and field.

    Checks partition names (and, when the shared address table is there, that the code is a 2024 municipality),
    readability, columns and types, nulls, negative or non-finite amounts, roles, BSNs (11-test, unique over all
    files), one aanvrager per household, households on consecutive rows and in one file only, and household facts
    equal on every member's row."""
    known = _known_codes(shared_dir)
    files = partition_files(path)
    all_ids, id_file, id_row = [], [], []
    hh_ids, hh_file, hh_row = [], [], []
    for i, (code, file) in enumerate(files):
        if known is not None and code not in known:
            raise PopulationError(file.parent, None, "gemeente", f"{code} is not a municipality code (CBS 2024)")
        table = _read_file(file)
        validate_table(table, file)
        ids = table["persoon_id"].to_numpy()
        all_ids.append(ids)
        id_file.append(np.full(len(ids), i, dtype=np.int32))
        id_row.append(np.arange(len(ids), dtype=np.int64))
        hh = table["huishouden_id"].to_numpy()
        starts = np.flatnonzero(np.concatenate([[True], hh[1:] != hh[:-1]])) if len(hh) else np.zeros(0, np.int64)
        hh_ids.append(hh[starts])
        hh_file.append(np.full(len(starts), i, dtype=np.int32))
        hh_row.append(starts)
    for values, fidx, rows, field, reason in (
        (all_ids, id_file, id_row, "persoon_id", "duplicate persoon_id, also in"),
        (hh_ids, hh_file, hh_row, "huishouden_id", "household split over files, also in"),
    ):
        v, f, r = np.concatenate(values), np.concatenate(fidx), np.concatenate(rows)
        order = np.argsort(v, kind="stable")
        dup = np.flatnonzero(v[order][1:] == v[order][:-1])
        if len(dup):
            a, b = order[dup[0]], order[dup[0] + 1]
            raise PopulationError(files[f[b]][1], int(r[b]), field, f"{reason} {files[f[a]][1]} row {r[a]}")


def household_of(path: Path, gemeente: str, persoon_id: int) -> pa.Table:
    """The current rows of a person's household, read from the municipality's partition: what a life event's
    re-screening asks of the source. Raises PopulationError when the person is not there."""
    file = Path(path) / f"gemeente={gemeente}" / FILE_NAME
    if not file.exists():
        raise PopulationError(file, None, None, f"no population for {gemeente}")
    person = pq.read_table(file, columns=["huishouden_id"], filters=[("persoon_id", "=", persoon_id)])
    if person.num_rows != 1:
        raise PopulationError(file, None, "persoon_id", f"{persoon_id} does not live in {gemeente}")
    household = person["huishouden_id"][0].as_py()
    table = pq.read_table(file, filters=[("huishouden_id", "=", household)])
    return table.append_column("gemeente", pa.array([gemeente] * table.num_rows, pa.string()))
