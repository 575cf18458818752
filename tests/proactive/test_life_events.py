"""A life event re-screens only the household it concerns and tells the person what they
may now be entitled to; the same event delivered twice is handled once; a bad event changes nothing."""

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from thorbecke.node.events import EventError
from thorbecke.population.dataset import FILE_NAME
from thorbecke.population.generation import generate
from thorbecke.proactive import life_events
from thorbecke.proactive.models import HandledEvent
from thorbecke.services.citizens import citizen_key
from thorbecke.services.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def retiring(register, tmp_path, settings):
    """Utrecht's population, in which one person reaches the state pension age on 1 March 2026 and does not
    receive it yet: the source has recorded it, and the event tells the hub."""
    generate(tmp_path / "population", 3000, seed=5, gemeenten=["GM0344"], shared_dir=settings.SHARED_DATA_DIR)
    file = tmp_path / "population" / "gemeente=GM0344" / FILE_NAME
    table = pq.read_table(file)
    # The applicant of the first single-person household: a household of one.
    sizes = pc.value_counts(table["huishouden_id"])
    single = next(v["values"].as_py() for v in sizes if v["counts"].as_py() == 1)
    row = pc.index(table["huishouden_id"], single).as_py()
    person = table["persoon_id"][row].as_py()
    born = [dt.date(1959, 3, 1) if i == row else d for i, d in enumerate(table["geboortedatum"].to_pylist())]
    table = table.set_column(
        table.schema.get_field_index("geboortedatum"), "geboortedatum", pa.array(born, pa.date32())
    )
    pq.write_table(table, file)
    return tmp_path / "population", person


def event(person, kind="nl.svb.pensioengerechtigde-leeftijd", id_="1", **data):
    return {
        "specversion": "1.0",
        "id": id_,
        "source": "urn:oin:00000001001589623000",
        "type": kind,
        "time": "2026-03-01T08:00:00Z",
        "subject": f"{person:09d}",
        "data": {"gemeente": "GM0344", **data},
    }


def test_reaching_the_pension_age_is_told_at_once_and_once(retiring):
    population, person = retiring
    outcome = life_events.handle(event(person), population)
    assert (outcome.persons, outcome.told, outcome.duplicate) == (1, 1, False)
    told = Message.objects.count()
    # One message per organisation that delivers a scheme, sent by it: the state pension comes from the SVB.
    message = Message.objects.get(
        recipient_key=citizen_key(f"{person:09d}"), sender__code="rijk-sociale-verzekeringsbank"
    )
    assert "AOW" in message.subject_nl and "state pension" in message.subject_en
    assert "Sociale Verzekeringsbank" in message.body_nl and "svb.nl/aow" in message.body_nl
    again = life_events.handle(event(person), population)  # delivered twice: handled once
    assert again.duplicate and Message.objects.count() == told


def test_a_bad_event_is_refused_and_changes_nothing(retiring):
    population, person = retiring
    with pytest.raises(EventError, match="not a life event"):
        life_events.handle(event(person, kind="nl.brp.iets-anders"), population)
    with pytest.raises(EventError, match=r"data\.gemeente"):
        life_events.handle(event(person, gemeente="Utrecht"), population)
    with pytest.raises(EventError):
        life_events.handle({"id": "x"}, population)
    assert not HandledEvent.objects.exists() and not Message.objects.exists()
