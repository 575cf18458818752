"""The population as a source system: the test citizens are members of it, lookups follow the files as they are,
and the personal-records source shapes a household as Haal Centraal BRP Personen does."""

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.populations import copy_of, small_population
from thorbecke.node.population_sources import PersonsSource
from thorbecke.population import source as source_module
from thorbecke.population.dataset import PopulationError, validate
from thorbecke.population.source import PopulationSource, demo_citizens, enrol_demo_citizens

SANNE, JAN = 999990019, 999990032


def test_the_test_citizens_are_members_of_the_population_and_it_stays_valid():
    source = PopulationSource(small_population())
    for person in demo_citizens():
        found = source.find(int(person["burgerservicenummer"]))
        assert found is not None
        assert found.gemeente == f"GM{person['gemeenteVanInschrijving']['code']}"
        assert found.person["geboortedatum"].isoformat() == person["geboorte"]["datum"]["datum"]
        assert found.person["toetsingsinkomen"] == person["populatie"]["toetsingsinkomen"]
        assert [m["persoon_id"] for m in found.household] == [found.person["persoon_id"]]  # a single household
    assert source.find(SANNE).person["ontvangt_zorgtoeslag"] is False
    assert source.find(JAN).person["ontvangt_aow"] is True
    assert source.find(123456782) is None
    validate(small_population())


def test_enrolling_again_changes_nothing(tmp_path):
    population = copy_of(tmp_path / "population")
    before = {f: f.read_bytes() for f in population.rglob("*.parquet")}
    assert enrol_demo_citizens(population) == []
    assert {f: f.read_bytes() for f in population.rglob("*.parquet")} == before


def test_enrolling_where_the_population_has_no_such_municipality_is_refused(tmp_path):
    population = copy_of(tmp_path / "population")
    (population / "gemeente=GM0193" / "part-0.parquet").unlink()
    (population / "gemeente=GM0193").rmdir()
    with pytest.raises(PopulationError, match="GM0193"):
        enrol_demo_citizens(population)


def test_lookups_follow_the_files_as_they_are_now(tmp_path):
    population = copy_of(tmp_path / "population")
    source = PopulationSource(population)
    assert source.find(SANNE).gemeente == "GM0344"
    # Sanne's household moves to Zwolle: it leaves Utrecht's file and joins Zwolle's.
    utrecht, zwolle = (population / f"gemeente={code}" / "part-0.parquet" for code in ("GM0344", "GM0193"))
    table = pq.read_table(utrecht)
    mine = table["persoon_id"].to_numpy() == SANNE
    pq.write_table(table.filter(~mine), utrecht)
    pq.write_table(pa.concat_tables([pq.read_table(zwolle), table.filter(mine)]), zwolle)
    assert source.find(SANNE).gemeente == "GM0193"


def test_a_household_comes_with_its_ties_and_the_test_citizens_with_their_names():
    source = PopulationSource(small_population())
    records = PersonsSource(None, "", source)  # type: ignore[arg-type] - shaping only, nothing is logged
    sanne = records.record(source.find(SANNE))
    assert sanne["naam"]["volledigeNaam"] == "Sanne de Vries"
    assert sanne["gemeenteVanInschrijving"] == {"code": "0344", "omschrijving": "Utrecht"}
    assert sanne["geboorte"]["datum"] == {"type": "Datum", "datum": "1988-04-12", "langFormaat": "12 april 1988"}
    today = dt.date.today()
    assert sanne["leeftijd"] == today.year - 1988 - ((today.month, today.day) < (4, 12))
    assert "partners" not in sanne and "kinderen" not in sanne

    table = pq.read_table(small_population() / "gemeente=GM0344" / "part-0.parquet")
    rows = table.to_pylist()
    family = next(r["huishouden_id"] for r in rows if r["rol"] == "kind")
    members = [r for r in rows if r["huishouden_id"] == family]
    parent, child = members[0], next(r for r in members if r["rol"] == "kind")
    as_parent = records.record(source.find(parent["persoon_id"]))
    assert {"burgerservicenummer": f"{child['persoon_id']:09d}"} in as_parent["kinderen"]
    assert "naam" not in as_parent  # the synthetic population has no names
    as_child = records.record(source.find(child["persoon_id"]))
    assert as_child["ouders"][0] == {"burgerservicenummer": f"{parent['persoon_id']:09d}", "ouderAanduiding": "1"}


def test_a_file_replaced_after_the_index_was_read_never_serves_another_persons_row(tmp_path, monkeypatch):
    population = copy_of(tmp_path / "population")
    source = PopulationSource(population)
    assert source.find(SANNE).person["persoon_id"] == SANNE
    seen = source._state
    utrecht = population / "gemeente=GM0344" / "part-0.parquet"
    table = pq.read_table(utrecht)
    pq.write_table(table.take(list(range(table.num_rows - 1, -1, -1))), utrecht)  # every row elsewhere now
    # As if the change fell between checking the files and reading the row.
    monkeypatch.setattr(source, "_current_state", lambda: seen)
    source._row_group.cache_clear()  # the row is read from the file as it is now
    found = source.find(SANNE)
    assert found is not None and found.person["persoon_id"] == SANNE
    assert all(m["huishouden_id"] == found.person["huishouden_id"] for m in found.household)


def test_who_comes_of_age_on_a_day_a_leap_day_child_on_the_first_of_march(tmp_path):
    population = copy_of(tmp_path / "population")
    file = population / "gemeente=GM0344" / "part-0.parquet"
    table = pq.read_table(file)
    kid = next(i for i, rol in enumerate(table["rol"].to_pylist()) if rol == "kind")
    born = table["geboortedatum"].to_pylist()
    born[kid] = dt.date(2008, 2, 29)
    index = table.schema.get_field_index("geboortedatum")
    pq.write_table(table.set_column(index, "geboortedatum", pa.array(born, pa.date32())), file)
    bsn = table["persoon_id"][kid].as_py()

    on_first_of_march = {e.bsn for e in source_module.coming_of_age(population, dt.date(2026, 3, 1))}
    assert bsn in on_first_of_march
    assert bsn not in {e.bsn for e in source_module.coming_of_age(population, dt.date(2026, 2, 28))}
    everyone = pq.read_table(population, columns=["persoon_id", "geboortedatum"]).to_pylist()
    assert on_first_of_march == {
        p["persoon_id"] for p in everyone if p["geboortedatum"] in (dt.date(2008, 3, 1), dt.date(2008, 2, 29))
    }
