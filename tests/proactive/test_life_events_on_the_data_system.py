"""Life events travel the data system: the registry (RvIG) registers a change at its source and publishes it, its
node delivers it to the hub's node under a contract, and the hub re-screens the household and tells the person.
Real nodes, real contracts, the real population files."""

import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from thorbecke.cli import main
from thorbecke.exchange.federated import HubNode
from thorbecke.exchange.models import activity_uri
from thorbecke.population import source
from thorbecke.population.dataset import validate
from thorbecke.proactive import life_events
from thorbecke.proactive.models import HandledEvent, InboxPosition
from thorbecke.services.citizens import citizen_key
from thorbecke.services.models import Message

pytestmark = pytest.mark.django_db
SANNE = 999990019


def _until_handled(node: HubNode, count: int = 1) -> life_events.Round:
    deadline, result = time.monotonic() + 20, life_events.Round()
    while time.monotonic() < deadline:
        result = life_events.consume(node)
        if len(result.handled) + len(result.refused) >= count:
            return result
        time.sleep(0.1)
    raise AssertionError(f"no life event arrived at the hub: {result}")


def test_a_move_at_the_registry_reaches_the_hub_and_the_person_is_told(data_system, settings):
    population, hub = Path(settings.THORBECKE_POPULATION), HubNode(data_system.nodes["hub"].config)
    moved = source.move_household(population, SANNE, "GM0193")
    assert source.PopulationSource(population).find(SANNE).gemeente == "GM0193"
    life_events.publish(data_system.nodes["rvig"], [moved])

    result = _until_handled(hub)
    (outcome,) = result.handled
    assert (outcome.persons, outcome.told, outcome.duplicate) == (1, 1, False)
    (message,) = Message.objects.filter(recipient_key=citizen_key(f"{SANNE:09d}"))
    assert "zorgtoeslag" in message.subject_nl and "healthcare allowance" in message.subject_en
    # The hub's node logged the event it received, for the person, under the hub's proactive-services activity.
    status, logged = data_system.nodes["hub"].admin("GET", f"/log/subject?id={SANNE:09d}")
    assert status == 200
    activities = [r["attributes"]["dpl.core.processing_activity_id"] for r in logged["records"]]
    assert activities == [activity_uri("rijk-logius", "proactieve-dienstverlening")]
    # Reading on finds nothing new; reading from the start again handles nothing twice.
    assert life_events.consume(hub).handled == []
    InboxPosition.objects.update(position=0)
    assert [o.duplicate for o in life_events.consume(hub).handled] == [True]
    assert HandledEvent.objects.count() == 1


def test_coming_of_age_is_published_from_the_command_line_and_followed_by_the_hub(data_system, settings):
    population = Path(settings.THORBECKE_POPULATION)
    table = pq.read_table(population / "gemeente=GM0344" / "part-0.parquet", columns=["persoon_id", "geboortedatum"])
    born = next(d for d in table["geboortedatum"].to_pylist() if d.year == 2008 and (d.month, d.day) != (2, 29))
    day = born.replace(year=2026)
    expected = source.coming_of_age(population, day)
    assert expected and all(e.type == "nl.brp.meerderjarig" for e in expected)

    runner = CliRunner()
    rvig = str(data_system.nodes["rvig"].config)
    published = runner.invoke(main, ["life-events", "publish", "--node", rvig, "--coming-of-age", day.isoformat()])
    assert published.exit_code == 0, published.output
    assert f"{len(expected)} life event(s) published" in published.output
    deadline = time.monotonic() + 20
    while HandledEvent.objects.count() < len(expected) and time.monotonic() < deadline:
        followed = runner.invoke(main, ["life-events", "follow", "--once"])
        assert followed.exit_code == 0, followed.output
        time.sleep(0.1)
    assert HandledEvent.objects.filter(type="nl.brp.meerderjarig").count() == len(expected)


def test_a_birth_makes_a_parent_of_a_single_person_and_tells_her_what_comes_with_a_child(data_system, settings):
    population = Path(settings.THORBECKE_POPULATION)
    runner = CliRunner()
    rvig = str(data_system.nodes["rvig"].config)
    # Born in the second quarter: child benefit is due from the quarter after (AKW art. 7), so by now.
    born = runner.invoke(main, ["life-events", "publish", "--node", rvig, "--birth", f"{SANNE:09d}", "2026-06-15"])
    assert born.exit_code == 0, born.output
    found = source.PopulationSource(population).find(SANNE)
    child = next(m for m in found.household if m["rol"] == "kind")
    assert child["geboortedatum"].isoformat() == "2026-06-15" and source.is_bsn([child["persoon_id"]])[0]
    validate(population)  # still one household on consecutive rows, every number unique

    (outcome,) = _until_handled(HubNode(data_system.nodes["hub"].config)).handled
    assert outcome.persons == 2
    # One message from each organisation that delivers what she may now get, with what she was not yet told.
    messages = {m.sender.code: m for m in Message.objects.filter(recipient_key=citizen_key(f"{SANNE:09d}"))}
    svb = messages["rijk-sociale-verzekeringsbank"]
    assert "kinderbijslag" in svb.subject_nl and "Sociale Verzekeringsbank" in svb.body_nl
    assert "zorgtoeslag" in messages["rijk-belastingdienst"].subject_nl


def test_bad_input_is_refused_and_changes_nothing(data_system, settings):
    population = Path(settings.THORBECKE_POPULATION)
    before = {f: f.read_bytes() for f in population.rglob("*.parquet")}
    runner = CliRunner()
    rvig = str(data_system.nodes["rvig"].config)
    for args, says in (
        (["--move", "12345", "GM0193"], "nine digits"),
        (["--move", "999990019", "GM9999"], "GM9999 is not a municipality code"),
        (["--move", "999990019", "GM0344"], "already lives in GM0344"),
        (["--move", "123456782", "GM0193"], "123456782 is not in the population"),
        ([], "give one of --coming-of-age DAY, --move"),
        (["--move", "999990019", "GM0193", "--coming-of-age", "2026-01-01"], "give one of"),
        (["--birth", "999990019", "morgen"], "a day, YYYY-MM-DD"),
        (["--birth", "999990019", "2099-01-01"], "not a day between the parent's birth and today"),
        (["--birth", "123456782", "2026-11-01"], "123456782 is not in the population"),
        (["--coming-of-age", "2026-13-01"], "2026-13-01"),
    ):
        refused = runner.invoke(main, ["life-events", "publish", "--node", rvig, *args])
        assert refused.exit_code != 0 and says in refused.output, (args, refused.output)
    hub = str(data_system.nodes["hub"].config)
    no_population = runner.invoke(main, ["life-events", "publish", "--node", hub, "--coming-of-age", "2026-01-01"])
    assert no_population.exit_code != 0 and "names no population" in no_population.output
    assert {f: f.read_bytes() for f in population.rglob("*.parquet")} == before
    status, events = data_system.nodes["rvig"].admin("GET", "/events")
    assert (status, events["pending"], events["delivered"]) == (200, 0, 0)
    # A registry whose node does not answer changes nothing at its source: no change without its event.
    data_system.nodes["rvig"].stop()
    down = runner.invoke(main, ["life-events", "publish", "--node", rvig, "--move", "999990019", "GM0193"])
    assert down.exit_code != 0 and "does not answer" in down.output and "nothing changed" in down.output
    assert {f: f.read_bytes() for f in population.rglob("*.parquet")} == before


def test_an_event_for_a_person_the_source_does_not_have_is_refused_once_with_its_reason(data_system):
    hub = HubNode(data_system.nodes["hub"].config)
    gone = source.LifeEvent("nl.brp.verhuizing", 123456782, "GM0344", {"gemeente": "GM0344"})
    life_events.publish(data_system.nodes["rvig"], [gone])
    result = _until_handled(hub)
    assert result.handled == [] and "123456782 does not live in GM0344" in result.refused[0]
    assert life_events.consume(hub).refused == []  # not retried
    assert not Message.objects.exists()
