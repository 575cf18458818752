"""Screening: known cases come out right with the conditions that decided them, the result does not depend on
workers, chunk size or Dask, an interrupted run resumes to the same bytes, and a malformed population is
refused before anything is written."""

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from thorbecke.population import schema
from thorbecke.proactive.rules import tax_benefit_system
from thorbecke.proactive.rules.schemes import SCHEMES
from thorbecke.proactive.screening import (
    MANIFEST,
    PopulationError,
    Progress,
    ScreeningError,
    read_results,
    screen,
    screen_household,
)

PERIOD = "2026-03"
PLURAL = {"aanvrager": "aanvragers", "partner": "partners", "kind": "kinderen", "medebewoner": "medebewoners"}
DEFAULTS = {
    "geboortedatum": dt.date(1985, 5, 1),
    "toetsingsinkomen": 0.0,
    "vermogen": 0.0,
    "aow_jaren_niet_verzekerd": 0.0,
    "heeft_handicap": False,
    "verzekerd_zorgverzekering": True,
    "woont_in_nederland": True,
    "kinderbijslag_kind_in_gezin": True,
    "ontvangt_zorgtoeslag": False,
    "ontvangt_kindgebonden_budget": False,
    "ontvangt_kinderbijslag": False,
    "ontvangt_aow": False,
    "huur": 0.0,
    "servicekosten": 0.0,
    "servicekosten_bekend": False,
    "zelfstandige_woning": True,
    "kwijtschelding_aanslag": 0.0,
    "kwijtschelding_netto_inkomen": 0.0,
    "kwijtschelding_uitgaven": 0.0,
    "kwijtschelding_woon_en_zorglasten": 0.0,
    "ontvangt_huurtoeslag": False,
    "ontvangt_kwijtschelding": False,
}
# The known cases: persoon_id 1xx, household 1..4, all in GM0344 (first rows of the first file).
KNOWN = [
    # A low-income single tenant who receives nothing.
    {"persoon_id": 101, "huishouden_id": 1, "rol": "aanvrager", "toetsingsinkomen": 15000.0, "huur": 600.0},
    # A high-income couple owning their home.
    {"persoon_id": 201, "huishouden_id": 2, "rol": "aanvrager", "toetsingsinkomen": 120000.0, "vermogen": 250000.0},
    {"persoon_id": 202, "huishouden_id": 2, "rol": "partner", "toetsingsinkomen": 110000.0, "vermogen": 250000.0},
    # A family with two young children.
    {"persoon_id": 301, "huishouden_id": 3, "rol": "aanvrager", "toetsingsinkomen": 38000.0, "huur": 850.0},
    {"persoon_id": 302, "huishouden_id": 3, "rol": "partner", "toetsingsinkomen": 0.0, "huur": 850.0},
    {"persoon_id": 303, "huishouden_id": 3, "rol": "kind", "geboortedatum": dt.date(2020, 2, 1), "huur": 850.0},
    {"persoon_id": 304, "huishouden_id": 3, "rol": "kind", "geboortedatum": dt.date(2016, 9, 9), "huur": 850.0},
    # A pensioner who already receives AOW.
    {
        "persoon_id": 401,
        "huishouden_id": 4,
        "rol": "aanvrager",
        "geboortedatum": dt.date(1950, 3, 3),
        "toetsingsinkomen": 24000.0,
        "ontvangt_aow": True,
    },
]


def person(**values) -> dict:
    return {**DEFAULTS, **values}


def random_households(seed: int, count: int, first_id: int) -> list[dict]:
    """Mixed households around the thresholds, so every condition is met and unmet somewhere."""
    rng = np.random.default_rng(seed)
    rows = []
    for h in range(count):
        hid = first_id + h
        shared = {
            "huur": float(rng.choice([0.0, 350.0, 600.0, 850.0, 1100.0])),
            "zelfstandige_woning": bool(rng.random() < 0.9),
            "kwijtschelding_aanslag": float(rng.choice([0.0, 400.0, 900.0])),
            "kwijtschelding_netto_inkomen": float(rng.integers(800, 3500)),
            "kwijtschelding_uitgaven": float(rng.integers(0, 300)),
            "kwijtschelding_woon_en_zorglasten": float(rng.integers(300, 1200)),
            "ontvangt_huurtoeslag": bool(rng.random() < 0.2),
            "ontvangt_kwijtschelding": bool(rng.random() < 0.1),
        }
        roles = ["aanvrager"]
        if rng.random() < 0.5:
            roles.append("partner")
        roles += ["kind"] * int(rng.integers(0, 4)) + ["medebewoner"] * int(rng.random() < 0.1)
        for i, rol in enumerate(roles):
            adult = rol != "kind"
            born = dt.date(1935, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 50 if adult else 1)))
            if not adult:
                born = dt.date(2004, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 22)))
            rows.append(
                person(
                    persoon_id=hid * 10 + i,
                    huishouden_id=hid,
                    rol=rol,
                    geboortedatum=born,
                    toetsingsinkomen=float(rng.choice([0, 12000, 25000, 38000, 60000, 120000])) if adult else 0.0,
                    vermogen=float(rng.choice([0, 20000, 80000, 200000])),
                    aow_jaren_niet_verzekerd=float(rng.choice([0, 0, 5])),
                    heeft_handicap=bool(rng.random() < 0.05),
                    verzekerd_zorgverzekering=bool(rng.random() < 0.97),
                    woont_in_nederland=bool(rng.random() < 0.98),
                    ontvangt_zorgtoeslag=bool(rng.random() < 0.3),
                    ontvangt_aow=bool(rng.random() < 0.2),
                    ontvangt_kinderbijslag=bool(rng.random() < 0.3),
                    **shared,
                )
            )
    return rows


def write_population(root: Path, files: dict[str, list[list[dict]]], row_group_size: int = 64) -> Path:
    """``{"GM0344": [rows of file 0, rows of file 1], ...}`` as ``root/gemeente=GM0344/part-<i>.parquet``."""
    for gemeente, parts in files.items():
        folder = root / f"gemeente={gemeente}"
        folder.mkdir(parents=True, exist_ok=True)
        for i, rows in enumerate(parts):
            table = pa.Table.from_pylist(rows, schema=schema.SCHEMA)
            pq.write_table(table, folder / f"part-{i}.parquet", row_group_size=row_group_size)
    return root


@pytest.fixture(scope="module")
def population(tmp_path_factory) -> Path:
    known = [person(**{**DEFAULTS, **r}) for r in KNOWN]
    files = {
        "GM0344": [known + random_households(1, 60, 1000), random_households(2, 40, 2000)],
        "GM0363": [random_households(3, 90, 3000)],
        "GM1680": [random_households(4, 3, 4000)],  # a small municipality: chunks span files
        "GM0014": [random_households(5, 110, 5000)],
    }
    return write_population(tmp_path_factory.mktemp("population"), files)


@pytest.fixture(scope="module")
def reference(population, tmp_path_factory) -> Path:
    """An uninterrupted in-process run: what every other way of running must reproduce."""
    out = tmp_path_factory.mktemp("reference") / "out"
    screen(population, out, PERIOD, workers=1, chunk_persons=150)
    return out


def files_of(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def canonical(out: Path) -> bytes:
    """The whole result as one Parquet file: equal bytes mean equal results whatever the chunking."""
    sink = pa.BufferOutputStream()
    pq.write_table(read_results(out), sink)
    return sink.getvalue().to_pybytes()


def test_known_cases_come_out_right_with_their_reasons(reference):
    rows = {r["persoon_id"]: r for r in read_results(reference).to_pylist()}
    assert pq.read_schema(next(reference.glob("part-*.parquet"))) == schema.result_schema([s.key for s in SCHEMES])

    single = rows[101]
    assert single["zorgtoeslag_recht"] and not single["zorgtoeslag_ontvangt"]
    assert single["zorgtoeslag_niet_voldaan"] == ""
    assert 100 < single["zorgtoeslag_bedrag"] < 130
    assert single["huurtoeslag_recht"] and not single["huurtoeslag_ontvangt"] and single["huurtoeslag_bedrag"] > 100
    assert single["aow_niet_voldaan"] == "aow__pensioengerechtigde_leeftijd_bereikt"
    assert single["kinderbijslag_niet_voldaan"] == "kinderbijslag__kind_in_gezin,kinderbijslag__kind_jonger_dan_18"
    assert single["kwijtschelding_niet_voldaan"].split(",")[0] == "kwijtschelding__aanslag"
    assert single["gemeente"] == "GM0344"

    rich, partner = rows[201], rows[202]
    for key in [s.key for s in SCHEMES]:
        assert not rich[f"{key}_recht"] and rich[f"{key}_bedrag"] == 0 and rich[f"{key}_niet_voldaan"], key
    assert {"zorgtoeslag__inkomen", "zorgtoeslag__vermogen"} <= set(rich["zorgtoeslag_niet_voldaan"].split(","))
    assert "huurtoeslag__huurt_woning" in rich["huurtoeslag_niet_voldaan"].split(",")
    assert "zorgtoeslag__eigen_aanspraak" in partner["zorgtoeslag_niet_voldaan"].split(",")
    # A household scheme is the aanvrager's: the partner's row says so.
    assert partner["huurtoeslag_niet_voldaan"] == "huurtoeslag__aanvrager"

    parent, other_parent, child = rows[301], rows[302], rows[303]
    assert parent["kinderbijslag_recht"] and parent["kinderbijslag_bedrag"] > 0
    assert parent["kinderbijslag_niet_voldaan"] == ""
    assert not other_parent["kinderbijslag_recht"] and not child["kinderbijslag_recht"]
    assert other_parent["kinderbijslag_niet_voldaan"] == "kinderbijslag__aanvrager"
    assert not child["huurtoeslag_recht"] and child["huurtoeslag_bedrag"] == 0

    pensioner = rows[401]
    assert pensioner["aow_recht"] and pensioner["aow_ontvangt"] and pensioner["aow_bedrag"] > 1000

    # What an estimate assumed is named where entitled, and only there: the population does not hold the vermogen
    # on the day of a request, so every kwijtschelding estimate says it took the one of 1 January (issue 22 item 7).
    remitted = [r for r in rows.values() if r["kwijtschelding_recht"]]
    assert remitted and all(
        r["kwijtschelding_aannames"] == "kwijtschelding_aanname_vermogen_1_januari" for r in remitted
    )
    for key in [s.key for s in SCHEMES]:
        assert all(r[f"{key}_aannames"] == "" for r in rows.values() if not r[f"{key}_recht"]), key


def test_results_match_openfisca_on_its_own_terms(reference):
    """Each household of a sample, built the ordinary way (OpenFisca's dict input), gives the same values."""
    from openfisca_core.simulations import SimulationBuilder

    table = read_results(reference)
    rows = [person(**r) for r in KNOWN] + random_households(1, 60, 1000)
    by_household: dict[int, list[dict]] = {}
    for r in rows:
        by_household.setdefault(r["huishouden_id"], []).append(r)
    results = {r["persoon_id"]: r for r in table.to_pylist()}
    tbs = tax_benefit_system()
    year = PERIOD[:4]
    for hid, members in list(by_household.items())[:25]:
        persons, household = {}, {"gemeente": {"ETERNITY": "GM0344"}}
        roles: dict[str, list[str]] = {"aanvragers": [], "partners": [], "kinderen": [], "medebewoners": []}
        for m in members:
            name = str(m["persoon_id"])
            values = {}
            for key in schema.PERSON_INPUTS:
                unit = tbs.variables[key].definition_period
                value = m[key].isoformat() if isinstance(m[key], dt.date) else m[key]
                span = "ETERNITY" if unit == "eternity" else year if unit == "year" else None
                values[key] = {span: value} if span else {f"{year}-{i:02d}": value for i in range(1, 13)}
            persons[name] = values
            roles[PLURAL[m["rol"]]].append(name)
        aanvrager = next(m for m in members if m["rol"] == "aanvrager")
        for key in schema.HOUSEHOLD_INPUTS:
            unit = tbs.variables[key].definition_period
            span = year if unit == "year" else None
            value = aanvrager[key]
            household[key] = {span: value} if span else {f"{year}-{i:02d}": value for i in range(1, 13)}
        household.update({k: v for k, v in roles.items() if v})
        sim = SimulationBuilder().build_from_entities(tbs, {"personen": persons, "huishoudens": {"h": household}})
        for scheme in SCHEMES:
            recht = sim.calculate(scheme.entitled, PERIOD)
            bedrag = sim.calculate(scheme.amount, PERIOD)
            for i, m in enumerate(members):
                got = results[m["persoon_id"]]
                if scheme.entity == "huishouden":
                    if m["rol"] != "aanvrager":
                        assert not got[f"{scheme.key}_recht"]
                        continue
                    expected_recht, expected_bedrag = bool(recht[0]), float(bedrag[0])
                else:
                    expected_recht, expected_bedrag = bool(recht[i]), float(bedrag[i])
                assert got[f"{scheme.key}_recht"] == expected_recht, (hid, scheme.key)
                assert got[f"{scheme.key}_bedrag"] == pytest.approx(expected_bedrag, abs=0.006), (hid, scheme.key)
                assert (got[f"{scheme.key}_niet_voldaan"] == "") == expected_recht


def test_workers_and_chunk_sizes_do_not_change_a_single_byte(population, reference, tmp_path):
    two = tmp_path / "two"
    summary = screen(population, two, PERIOD, workers=2, chunk_persons=150)
    assert files_of(two) == files_of(reference)
    assert summary.chunks > 5 and summary.persons == read_results(reference).num_rows
    for size in (40, 100_000):  # households smaller than a chunk; one chunk for everything
        other = tmp_path / f"size-{size}"
        screen(population, other, PERIOD, workers=1, chunk_persons=size)
        assert canonical(other) == canonical(reference)
    # A chunk never splits a household.
    for part in reference.glob("part-*.parquet"):
        ids = pq.read_table(part, columns=["huishouden_id"]).column("huishouden_id")
        first, last = ids[0].as_py(), ids[-1].as_py()
        others = [p for p in reference.glob("part-*.parquet") if p != part]
        for p in others:
            assert not pc.any(pc.is_in(pq.read_table(p).column("huishouden_id"), pa.array([first, last]))).as_py()


def test_a_dask_cluster_gives_the_same_bytes(population, reference, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "dask"
    screen(population, out, PERIOD, chunk_persons=150, scheduler="local:2")
    assert files_of(out) == files_of(reference)


def test_an_interrupted_screening_resumes_to_the_same_result(population, reference, tmp_path):
    out = tmp_path / "interrupted"
    seen: list[Progress] = []

    def stop_after_three(p: Progress) -> None:
        seen.append(p)
        if p.chunks_done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        screen(population, out, PERIOD, workers=1, chunk_persons=150, progress=stop_after_three)
    assert len(list(out.glob("part-*.parquet"))) == 3
    summary = screen(population, out, PERIOD, workers=2, chunk_persons=150)
    assert summary.chunks_resumed == 3
    assert files_of(out) == files_of(reference)

    # A different chunk size (or period, or population) is not resumed into the same directory.
    with pytest.raises(ScreeningError):
        screen(population, out, PERIOD, workers=1, chunk_persons=151)


def test_a_killed_screening_resumes_to_the_same_result(population, reference, tmp_path):
    """A hard kill (no cleanup at all) after the second chunk, then a rerun."""
    out = tmp_path / "killed"
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from thorbecke.proactive.screening import screen

        def progress(p):
            if p.chunks_done == 2:
                os.kill(os.getpid(), signal.SIGKILL)

        screen(Path({str(population)!r}), Path({str(out)!r}), {PERIOD!r}, workers=1, chunk_persons=150,
               progress=progress)
        """
    )
    run = subprocess.run([sys.executable, "-c", script], env=os.environ.copy(), capture_output=True, timeout=60)
    assert run.returncode == -9, run.stderr.decode()
    assert len(list(out.glob("part-*.parquet"))) == 2
    summary = screen(population, out, PERIOD, workers=1, chunk_persons=150)
    assert summary.chunks_resumed == 2
    assert files_of(out) == files_of(reference)


def test_progress_reports_persons_rate_and_time_left(population, tmp_path):
    seen: list[Progress] = []
    summary = screen(population, tmp_path / "out", PERIOD, workers=1, chunk_persons=200, progress=seen.append)
    assert seen[0].persons_done == 0 and seen[-1].persons_done == seen[-1].persons_total == summary.persons
    assert [p.persons_done for p in seen] == sorted(p.persons_done for p in seen)
    assert all(p.rate > 0 and p.time_left is not None for p in seen[1:])
    assert seen[-1].time_left == 0 and seen[-1].chunks_done == seen[-1].chunks_total == summary.chunks
    assert summary.schemes["aow"].entitled > 0 and summary.schemes["zorgtoeslag"].entitled_not_receiving > 0


def malformed(rows: list[dict], how: str) -> pa.Table:
    table = pa.Table.from_pylist(rows, schema=schema.SCHEMA)
    if how == "missing column":
        return table.drop_columns(["vermogen"])
    if how == "household split":
        order = list(range(len(rows)))
        order[1], order[-1] = order[-1], order[1]  # a member of the first household moves to the end
        return table.take(order)
    if how == "bad role":
        return table.set_column(2, "rol", pa.array(["aanvrager"] + ["ouder"] * (len(rows) - 1)))
    if how == "two aanvragers":
        return table.set_column(2, "rol", pa.array(["aanvrager"] * len(rows)))
    if how == "null":
        values = table.column("toetsingsinkomen").to_pylist()
        values[3] = None
        return table.set_column(4, pa.field("toetsingsinkomen", pa.float64()), pa.array(values, pa.float64()))
    raise AssertionError(how)


@pytest.mark.parametrize(
    ("how", "field", "row"),
    [
        ("missing column", "vermogen", None),
        ("household split", "huishouden_id", None),
        ("bad role", "rol", None),
        ("two aanvragers", "rol", None),
        ("null", "toetsingsinkomen", 3),
    ],
)
def test_a_malformed_population_is_refused_before_anything_is_written(tmp_path, how, field, row):
    good = random_households(7, 10, 7000)
    good = [r for r in good if r["huishouden_id"] != 7000] + [r for r in good if r["huishouden_id"] == 7000]
    family = [person(persoon_id=1, huishouden_id=1, rol="aanvrager"), person(persoon_id=2, huishouden_id=1, rol="kind")]
    root = write_population(tmp_path / "population", {"GM0344": [good]})
    bad = root / "gemeente=GM0363"
    bad.mkdir()
    pq.write_table(malformed(family + good, how), bad / "part-0.parquet")
    out = tmp_path / "out"
    with pytest.raises(PopulationError) as refused:
        screen(root, out, PERIOD, workers=1, chunk_persons=20)
    assert refused.value.field == field and refused.value.file == str(bad / "part-0.parquet")
    if row is not None:
        assert refused.value.row == row
    assert not out.exists()


def test_a_partial_file_or_a_household_across_files_is_refused(tmp_path):
    rows = random_households(8, 20, 8000)
    # The same household in two municipalities, each part complete in itself.
    elsewhere = [{**r, "persoon_id": r["persoon_id"] + 1} for r in rows if r["huishouden_id"] == 8005]
    root = write_population(tmp_path / "population", {"GM0344": [rows], "GM0363": [elsewhere]})
    out = tmp_path / "out"
    with pytest.raises(PopulationError, match="split over several files") as refused:
        screen(root, out, PERIOD, workers=1)
    assert refused.value.field == "huishouden_id" and refused.value.file.endswith("GM0363/part-0.parquet")
    assert refused.value.row == 0
    root = write_population(tmp_path / "population2", {"GM0344": [rows]})
    target = root / "gemeente=GM0344" / "part-0.parquet"
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])  # a copy that stopped half way
    with pytest.raises(PopulationError, match="partial"):
        screen(root, out, PERIOD, workers=1)
    assert not out.exists()


def test_a_single_household_is_rescreened_like_the_full_screening(reference):
    # Its speed is measured in bench/proactive_screening.py, not timed here.
    rows = [person(**r) for r in KNOWN if r["huishouden_id"] == 3]
    full = {r["persoon_id"]: r for r in read_results(reference).to_pylist()}
    for r in rows:
        r["gemeente"] = "GM0344"
    assert screen_household(rows, PERIOD) == {r["persoon_id"]: full[r["persoon_id"]] for r in rows}
    with pytest.raises(PopulationError):
        screen_household([{**rows[0], "rol": "ouder"}], PERIOD)


def test_the_output_directory_is_not_mistaken_for_a_screening(population, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("something else")
    with pytest.raises(ScreeningError):
        screen(population, out, PERIOD, workers=1)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert MANIFEST not in os.listdir(out)


def test_the_rent_allowance_says_it_assumed_no_service_costs_where_they_are_not_known():
    """Issue 22 item 3: in 2025 the subsidiable service costs count (art. 5 Wht); for a tenant whose service costs
    the government does not know, the estimate leaves them out and says so; from 2026 only the bare rent counts."""
    tenant = {"persoon_id": 101, "huishouden_id": 1, "rol": "aanvrager", "toetsingsinkomen": 15000.0, "huur": 600.0}
    unknown = screen_household([person(**tenant)], "2025-03")[101]
    known = screen_household([person(**tenant, servicekosten=40.0, servicekosten_bekend=True)], "2025-03")[101]
    assert unknown["huurtoeslag_recht"] and unknown["huurtoeslag_aannames"] == "huurtoeslag_aanname_geen_servicekosten"
    assert known["huurtoeslag_aannames"] == "" and known["huurtoeslag_bedrag"] > unknown["huurtoeslag_bedrag"] + 20
    in_2026 = screen_household([person(**tenant, servicekosten=40.0, servicekosten_bekend=True)], "2026-03")[101]
    bare = screen_household([person(**tenant)], "2026-03")[101]
    assert in_2026["huurtoeslag_bedrag"] == bare["huurtoeslag_bedrag"] and bare["huurtoeslag_aannames"] == ""
