"""The synthetic population generator and the population file checks (thorbecke.population.generation)."""

import hashlib
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from thorbecke.population import generation as P
from thorbecke.population.schema import ROLES, SCHEMA

PERSONS = 20_000
SEED = 20240101
PEILDATUM = np.datetime64("2026-01-01")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, P.Summary]:
    out = tmp_path_factory.mktemp("population")
    lines: list[str] = []
    summary = P.generate(out, PERSONS, SEED, lines.append)
    assert lines and "persons" in lines[-1]  # progress reached the end
    return out, summary


@pytest.fixture(scope="module")
def table(generated: tuple[Path, P.Summary]) -> pa.Table:
    return pa.concat_tables([t for _, t in P.read(generated[0])])


def ages(table: pa.Table) -> np.ndarray:
    born = table["geboortedatum"].to_numpy().astype("datetime64[D]")
    return ((PEILDATUM - born).astype(int) / 365.2425).astype(int)


# --- Generation ---------------------------------------------------------------------------------------------


def test_generates_the_requested_persons_in_municipality_partitions(generated, table):
    out, summary = generated
    assert summary.persons == PERSONS == table.num_rows
    assert table.schema == SCHEMA
    folders = sorted(p.name for p in out.iterdir())
    assert all(name.startswith("gemeente=GM") for name in folders)
    assert summary.files == len(folders) > 300  # 342 municipalities, a few tiny ones may get nobody
    assert summary.households == pc.sum(pc.equal(table["rol"], "aanvrager")).as_py()


def test_validate_accepts_the_generated_population(generated):
    P.validate(generated[0])


def test_same_seed_same_bytes_for_any_subset(generated, tmp_path):
    # A subset regenerated alone (here with two workers) equals the files of the full run, byte for byte.
    out, _ = generated
    codes = ["GM0344", "GM0363", "GM0014"]
    P.generate(tmp_path / "a", PERSONS, SEED, gemeenten=codes, workers=2)
    for code in codes:
        name = f"gemeente={code}/{P.FILE_NAME}"
        assert (tmp_path / "a" / name).read_bytes() == (out / name).read_bytes()


def test_different_seed_different_data(generated, tmp_path):
    out, _ = generated
    P.generate(tmp_path / "b", PERSONS, SEED + 1, gemeenten=["GM0344"])
    name = f"gemeente=GM0344/{P.FILE_NAME}"
    assert (tmp_path / "b" / name).read_bytes() != (out / name).read_bytes()
    # Identifiers depend on the plan, not on the seed: the same people, other lives.
    a, b = pq.read_table(out / name), pq.read_table(tmp_path / "b" / name)
    assert a["persoon_id"].equals(b["persoon_id"])
    assert not a["toetsingsinkomen"].equals(b["toetsingsinkomen"])


def table_digest(table: pa.Table) -> str:
    """sha256 over every column's name and values (not Arrow's buffers or layout)."""
    h = hashlib.sha256()
    for name in table.column_names:
        values = table[name].to_numpy(zero_copy_only=False)
        h.update(name.encode())
        h.update("\x00".join(values).encode() if values.dtype == object else np.ascontiguousarray(values).tobytes())
    return h.hexdigest()


def test_generated_population_is_pinned():
    # The exact synthetic population, pinned: every random draw in the same order. If this digest changes, the
    # synthetic population changed, and with it every figure built on it (screening counts, benchmarks, the demo's
    # citizens' households). Change it only on purpose, never as a side effect of tidying the generator.
    # (A numpy release may change a Generator method's stream; that, too, changes the population.)
    table = P.generate_gemeente("GM0344", 1_000, 5_000, 7)
    assert table.num_rows == 1_000
    assert table_digest(table) == "87e6473a534fb549c843cac241095f7443c966bcf0ecdbfcece237fe4c78a15f"


def test_municipalities_get_persons_in_proportion_to_addresses(generated, table):
    weights = P.address_weights()
    plan = {code: n for code, n, _ in P.plan(PERSONS, weights)}
    assert sum(plan.values()) == PERSONS
    for code, part in P.read(generated[0]):
        assert part.num_rows == plan[code]
    assert plan["GM0363"] > plan["GM0344"] > plan["GM0014"] / 2  # Amsterdam > Utrecht, Groningen not tiny


def test_identifiers_are_unique_valid_bsns():
    index = np.arange(0, 20_000_000, 997, dtype=np.int64)
    ids = P.synthetic_bsn(index)
    assert P.is_bsn(ids).all()
    assert len(np.unique(ids)) == len(ids)
    assert ((ids >= 100_000_000) & (ids <= 999_999_999)).all()
    assert P.is_bsn(np.array([111222333])).all() and not P.is_bsn(np.array([111222334])).any()


def test_household_structure(table):
    rol = table["rol"].to_numpy(zero_copy_only=False)
    hh = table["huishouden_id"].to_numpy()
    households = int((rol == "aanvrager").sum())
    assert 2.0 < PERSONS / households < 2.2  # CBS 2024: 17,653,766 / 8,374,404 = 2.108
    starts = np.flatnonzero(np.concatenate([[True], hh[1:] != hh[:-1]]))
    assert len(starts) == households and (rol[starts] == "aanvrager").all()  # aanvrager first
    assert set(np.unique(rol)) <= set(ROLES)
    age = ages(table)
    partner = np.flatnonzero(rol == "partner")
    assert (rol[partner - 1] == "aanvrager").all()
    assert np.abs(age[partner] - age[partner - 1]).mean() < 5  # partners of about the same age
    kind = rol == "kind"
    assert 0.24 < kind.mean() < 0.29  # CBS: 4,670,903 children at home of 17,653,766
    assert (age[kind] < 51).all() and (age[~kind] >= 18).all()


def test_age_distribution_roughly_cbs(table):
    cbs = json.loads(P.DISTRIBUTIONS.read_text())["age_bands"]["bands"]
    expected = np.array(list(cbs.values()), dtype=float)
    got = np.histogram(ages(table), [0, 20, 40, 65, 80, 200])[0] / table.num_rows
    assert np.abs(got - expected / expected.sum()).max() < 0.03


def test_income_wealth_rent_plausible(table):
    rol = table["rol"].to_numpy(zero_copy_only=False)
    age = ages(table)
    income = table["toetsingsinkomen"].to_numpy()
    assert (income >= 0).all() and (table["vermogen"].to_numpy() >= 0).all()
    assert (income[age < 15] == 0).all()
    median = np.median(income[age >= 18])
    assert 24_000 < median < 36_000  # 83931NED 2022: median personal income 29.7k
    aow = table["ontvangt_aow"].to_numpy()
    assert (income[aow] > 0).all() and np.median(income[aow]) > 15_000  # at least their (partial) AOW
    aanvrager = rol == "aanvrager"
    huur = table["huur"].to_numpy()[aanvrager]
    assert 0.39 < (huur > 0).mean() < 0.47  # 82900NED 2023: 42.8% rented
    assert 500 < np.median(huur[huur > 0]) < 900
    assert table["zelfstandige_woning"].to_numpy().mean() > 0.95
    aanslag = table["kwijtschelding_aanslag"].to_numpy()[aanvrager]
    assert 150 < np.median(aanslag) < 900


def test_take_up_leaves_non_take_up(table):
    rol = table["rol"].to_numpy(zero_copy_only=False)
    aanvrager = rol == "aanvrager"
    ht = table["ontvangt_huurtoeslag"].to_numpy()[aanvrager]
    huur = table["huur"].to_numpy()[aanvrager]
    assert 0.1 < ht.mean() < 0.25  # ~1.46M of 8.4M households (2022)
    assert (huur[ht] > 0).all()  # only tenants
    zt = table["ontvangt_zorgtoeslag"].to_numpy()
    assert not zt[rol == "partner"].any()  # the partner is in the aanvrager's claim
    kb = table["ontvangt_kinderbijslag"].to_numpy()
    assert (rol[kb] == "aanvrager").all()


# --- Validation: every kind of bad file is refused with file, row and field --------------------------------


def write(folder: Path, code: str, table: pa.Table) -> Path:
    path = folder / f"gemeente={code}" / "part-0.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


@pytest.fixture()
def sample(generated: tuple[Path, P.Summary]) -> pa.Table:
    return pq.read_table(generated[0] / "gemeente=GM0344" / P.FILE_NAME)


def refused(folder: Path, file: Path | None, row: int | None, field: str | None) -> str:
    with pytest.raises(P.PopulationError) as info:
        P.validate(folder)
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


def test_refuses_unknown_role(tmp_path, sample):
    roles = sample["rol"].to_pylist()
    row = roles.index("kind")
    roles[row] = "baby"
    file = write(tmp_path, "GM0344", replace(sample, "rol", pa.array(roles)))
    assert "baby" in refused(tmp_path, file, row, "rol")


def test_refuses_household_without_aanvrager(tmp_path, sample):
    roles = sample["rol"].to_pylist()
    row = roles.index("aanvrager", 10)
    roles[row] = "medebewoner"
    file = write(tmp_path, "GM0344", replace(sample, "rol", pa.array(roles)))
    assert "no aanvrager" in refused(tmp_path, file, row, "rol")


def test_refuses_household_with_two_aanvragers(tmp_path, sample):
    roles = sample["rol"].to_pylist()
    row = roles.index("partner")
    roles[row] = "aanvrager"
    file = write(tmp_path, "GM0344", replace(sample, "rol", pa.array(roles)))
    assert "2 aanvragers" in refused(tmp_path, file, row, "rol")


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
    ids = P.synthetic_bsn(np.arange(30_000_000, 30_000_050))
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
