"""The indicators' machinery: definitions refused with the field named, observations summed from organisations
up to their type, province and the country, and "no data" kept apart from 0."""

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from thorbecke.ai.register import move, save_description
from thorbecke.registry.models import Organisation
from thorbecke.steering import definitions, periods
from thorbecke.steering.compute import compute
from thorbecke.steering.indicators import COMPUTATIONS
from thorbecke.steering.models import Indicator, Observation

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).parents[2] / "src/thorbecke/demo/data/own_algorithms/meldingen-categorie.json"


def _entry(**changes):
    entry = {
        "code": "ai-algorithms-published",
        "priority": "ai",
        "unit": "count",
        "name_nl": "n",
        "name_en": "n",
        "definition_nl": "d",
        "definition_en": "d",
        "owner": "o",
        "source": "s",
    }
    return entry | changes


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "no-such-indicator"}, "indicators[0].code"),
        ({"priority": "sport"}, "indicators[0].priority"),
        ({"unit": "litres"}, "indicators[0].unit"),
        ({"name_en": "  "}, "indicators[0].name_en"),
        ({"target": "high"}, "indicators[0].target"),
        ({"target_year": 1850}, "indicators[0].target_year"),
        ({"unit": "share", "target": 75}, "indicators[0].target"),
        ({"higher_is_better": "yes"}, "indicators[0].higher_is_better"),
    ],
)
def test_a_malformed_definition_is_refused_with_its_field_named_and_changes_nothing(tmp_path, changes, field):
    path = tmp_path / "indicators.yaml"
    path.write_text(json.dumps({"indicators": [_entry(**changes)]}), encoding="utf-8")
    with pytest.raises(definitions.DefinitionError) as refused:
        definitions.load(path)
    assert refused.value.field == field
    assert not Indicator.objects.exists()


def test_every_computation_has_a_definition_and_every_definition_a_computation():
    assert {d.code for d in definitions.load()} == set(COMPUTATIONS)


def test_a_target_the_programme_set_survives_a_new_sync():
    definitions.sync()
    Indicator.objects.filter(code="ai-algorithms-published").update(target=5, target_year=2030)
    assert definitions.sync() == 0
    assert Indicator.objects.get(code="ai-algorithms-published").target == 5


def test_periods_are_months_and_end_at_the_next_month():
    assert periods.shift("2026-01", -1) == "2025-12"
    assert periods.last(3, date(2026, 2, 14)) == ["2025-12", "2026-01", "2026-02"]
    assert periods.end("2026-12") == timezone.make_aware(datetime(2027, 1, 1))
    with pytest.raises(ValueError, match="YYYY-MM"):
        periods.parse("2026-13")


def _publish(code: str, name: str):
    document = json.loads(EXAMPLE.read_text(encoding="utf-8")) | {"name": name}
    algorithm = save_description(document, organisation=Organisation.objects.get(code=code))
    move(algorithm, "publish", None)
    return algorithm


def _values(period: str) -> dict[tuple[str, str], float | None]:
    rows = Observation.objects.filter(indicator__code="ai-algorithms-published", period=period)
    return {(o.scope, o.key): o.value for o in rows}


def test_algorithms_published_is_counted_per_organisation_and_summed_upwards(register):
    definitions.sync()
    this_month, last_month = periods.of(timezone.localdate()), periods.shift(periods.of(timezone.localdate()), -1)
    compute([this_month])
    assert _values(this_month) == {("country", "NL"): None}, "nothing registered is no data, not 0"

    _publish("gm0344", "Eerste")
    _publish("gm0344", "Tweede")
    old = _publish("pv26", "Provinciaal")  # Provincie Utrecht
    old.published_at = timezone.now() - timedelta(days=40)
    old.save(update_fields=["published_at"])
    compute([last_month, this_month])

    now = _values(this_month)
    assert now[("organisation", "gm0344")] == 2 and now[("organisation", "pv26")] == 1
    assert now[("org_type", "gemeente")] == 2 and now[("org_type", "provincie")] == 1
    assert now[("province", "pv26")] == 3, "a municipality counts in its province, a province in itself"
    assert now[("country", "NL")] == 3
    assert ("organisation", "gm0363") not in now, "an organisation without data has no row"
    assert _values(last_month) == {
        ("organisation", "pv26"): 1,
        ("org_type", "provincie"): 1,
        ("province", "pv26"): 1,
        ("country", "NL"): 1,
    }


def computed_indicators() -> bool:
    """Every indicator defined and computed for this month, with one algorithm of Utrecht's published."""
    definitions.sync()
    _publish("gm0344", "Eerste")
    compute([periods.of(timezone.localdate())])
    return True


def test_the_indicator_pages_show_the_figures_in_both_languages(client, register):
    computed_indicators()
    nl = client.get("/sturing/indicatoren/").content.decode()
    assert "Algoritmes in het Algoritmeregister" in nl
    en = client.get("/en/steering/indicators/ai-algorithms-published/").content.decode()
    assert "Algorithms in the algorithm register" in en and '<td class="utrecht-table__cell">1</td>' in en
