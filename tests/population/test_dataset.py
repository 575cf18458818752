"""The population files on disk and their checks (thorbecke.population.dataset): every kind of bad file is refused
with file, row and field."""

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from thorbecke.population.bsn import synthetic_bsn
from thorbecke.population.dataset import FILE_NAME, PopulationError, validate
from thorbecke.population.generation import Summary


def test_validate_accepts_the_generated_population(generated):
    validate(generated[0])


def write(folder: Path, code: str, table: pa.Table) -> Path:
    path = folder / f"gemeente={code}" / "part-0.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


@pytest.fixture()
def sample(generated: tuple[Path, Summary]) -> pa.Table:
    return pq.read_table(generated[0] / "gemeente=GM0344" / FILE_NAME)


def refused(folder: Path, file: Path | None, row: int | None, field: str | None) -> str:
    with pytest.raises(PopulationError) as info:
        validate(folder)
    message = str(info.value)
    if file is not None:
        assert str(file) in message
    if row is not None:
        assert f"row {row}," in message or message.split(":")[0].endswith(f"row {row}")
    if field is not None:
        assert f"field {field}" in message
    assert (info.value.row, info.value.field) == (row, field) or row is None
    return message


def replace(table: pa.Table, name: str, values: pa.Array) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), table.schema.field(name), values)


def test_refuses_missing_column(tmp_path, sample):
    file = write(tmp_path, "GM0344", sample.drop_columns(["huur"]))
    refused(tmp_path, file, None, "huur")


def test_refuses_extra_column(tmp_path, sample):
    file = write(tmp_path, "GM0344", sample.append_column("gemeente", pa.array(["GM0344"] * sample.num_rows)))
    refused(tmp_path, file, None, "gemeente")


def test_refuses_wrong_type(tmp_path, sample):
    file = write(
        tmp_path, "GM0344", sample.set_column(4, "toetsingsinkomen", sample["toetsingsinkomen"].cast(pa.int64()))
    )
    assert "expected double" in refused(tmp_path, file, None, "toetsingsinkomen")


def test_refuses_null(tmp_path, sample):
    values = sample["vermogen"].to_pylist()
    values[7] = None
    schema = sample.schema.set(sample.schema.get_field_index("vermogen"), pa.field("vermogen", pa.float64()))
    table = pa.Table.from_arrays([*sample.columns[:5], pa.array(values), *sample.columns[6:]], schema=schema)
    refused(tmp_path, write(tmp_path, "GM0344", table), 7, "vermogen")


@pytest.mark.parametrize(
    ("first", "becomes", "says"),
    [
        (("kind",), "baby", "baby"),  # a role that does not exist
        (("aanvrager", 10), "medebewoner", "no aanvrager"),  # a household without aanvrager
        (("partner",), "aanvrager", "2 aanvragers"),  # a household with two
    ],
    ids=["unknown role", "household without aanvrager", "household with two aanvragers"],
)
def test_refuses_wrong_roles(tmp_path, sample, first, becomes, says):
    roles = sample["rol"].to_pylist()
    row = roles.index(*first)
    roles[row] = becomes
    file = write(tmp_path, "GM0344", replace(sample, "rol", pa.array(roles)))
    assert says in refused(tmp_path, file, row, "rol")


def test_refuses_household_on_non_consecutive_rows(tmp_path, sample):
    # Move the partner of the first couple to the end of the file.
    roles = sample["rol"].to_pylist()
    moved = roles.index("partner")
    order = [i for i in range(sample.num_rows) if i != moved] + [moved]
    file = write(tmp_path, "GM0344", sample.take(order))
    assert "non-consecutive" in refused(tmp_path, file, sample.num_rows - 1, "huishouden_id")


def test_refuses_duplicate_persoon_id_in_a_file(tmp_path, sample):
    ids = sample["persoon_id"].to_numpy().copy()
    ids[12] = ids[3]
    file = write(tmp_path, "GM0344", replace(sample, "persoon_id", pa.array(ids)))
    assert "row 3" in refused(tmp_path, file, 12, "persoon_id")


def test_refuses_duplicate_persoon_id_over_files(tmp_path, sample):
    other = sample.slice(0, 50)
    ids = other["persoon_id"].to_numpy().copy()
    first = write(tmp_path, "GM0344", sample)
    # Shift every id to a fresh valid one, except row 20, which repeats an id of the first file.
    ids = synthetic_bsn(np.arange(30_000_000, 30_000_050))
    ids[20] = sample["persoon_id"][5].as_py()
    hh = other["huishouden_id"].to_numpy() + 10**12
    second_table = replace(replace(other, "persoon_id", pa.array(ids)), "huishouden_id", pa.array(hh))
    second = write(tmp_path, "GM0363", second_table)
    message = refused(tmp_path, second, 20, "persoon_id")
    assert str(first) in message and "row 5" in message


def test_refuses_invalid_bsn(tmp_path, sample):
    ids = sample["persoon_id"].to_numpy().copy()
    row = int(np.flatnonzero(ids % 10 < 9)[0])
    ids[row] += 1  # only the check digit changes: the 11-test fails
    file = write(tmp_path, "GM0344", replace(sample, "persoon_id", pa.array(ids)))
    assert "11-test" in refused(tmp_path, file, row, "persoon_id")


@pytest.mark.parametrize("field", ["huur", "toetsingsinkomen", "kwijtschelding_netto_inkomen"])
def test_refuses_negative_amounts(tmp_path, sample, field):
    values = sample[field].to_numpy().copy()
    values[9] = -100.0
    file = write(tmp_path, "GM0344", replace(sample, field, pa.array(values)))
    assert "negative" in refused(tmp_path, file, 9, field)


def test_refuses_household_facts_that_differ(tmp_path, sample):
    roles = sample["rol"].to_pylist()
    row = roles.index("partner")
    values = sample["zelfstandige_woning"].to_numpy(zero_copy_only=False).copy()
    values[row] = not values[row]
    file = write(tmp_path, "GM0344", replace(sample, "zelfstandige_woning", pa.array(values)))
    refused(tmp_path, file, row, "zelfstandige_woning")


@pytest.mark.parametrize("name", ["gemeente=GM9999", "gemeente=Utrecht", "GM0344"])
def test_refuses_partition_that_is_not_a_municipality(tmp_path, sample, name):
    (tmp_path / name).mkdir()
    pq.write_table(sample, tmp_path / name / "part-0.parquet")
    assert name in refused(tmp_path, None, None, "gemeente")


def test_refuses_truncated_file(tmp_path, sample):
    file = write(tmp_path, "GM0344", sample)
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])
    assert "unreadable or truncated" in refused(tmp_path, file, None, None)


def test_refuses_empty_directory(tmp_path):
    refused(tmp_path, tmp_path, None, None)
