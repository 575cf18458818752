"""Digital legislation: the laws as data refused with the field named, every agreement they name in the catalogue,
what applies to an organisation and its state read from the agreements and the algorithm register, the public law
pages with their counts, and an organisation's own page for its staff and the programme only."""

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.utils import timezone, translation

from tests.conftest import PASSWORD
from tests.steering.test_indicators import EXAMPLE
from thorbecke.agreements.catalogue import import_agreements, read_sources
from thorbecke.agreements.checks.base import Result
from thorbecke.agreements.models import Agreement, Gap, GapState, Measurement
from thorbecke.ai.register import move, save_description
from thorbecke.registry.models import Organisation
from thorbecke.steering import legislation
from thorbecke.steering.definitions import DefinitionError
from thorbecke.steering.legislation.data_file import LEGISLATION, load
from thorbecke.steering.legislation.standing import for_organisation, read_facts
from thorbecke.workforce import ai_literacy

pytestmark = pytest.mark.django_db


def _law(**changes):
    obligation = {
        "code": "x-1",
        "article": "art. 1",
        "text_nl": "t",
        "text_en": "t",
        "applies_to": ["gemeente"],
        "applies_when": "always",
        "from": "2020-01-01",
        "source": "https://example.org/",
        "known_by": "unknown",
        "note_nl": "n",
        "note_en": "n",
    }
    law = {
        "slug": "x",
        "name_nl": "n",
        "name_en": "n",
        "scheme": "bwb",
        "identifier": "BWBR0048156",
        "url": "https://wetten.overheid.nl/BWBR0048156",
        "in_force": "2023-07-01",
        "status_source": "https://example.org/",
        "obligations": [obligation | changes.pop("obligation", {})],
    }
    return law | changes


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scheme": "wiki"}, "laws[0].scheme"),
        ({"identifier": "32024R1689"}, "laws[0].identifier"),  # a CELEX number is not a BWB id
        ({"scheme": "celex", "identifier": "32024R1689"}, "laws[0].eli"),
        ({"name_en": " "}, "laws[0].name_en"),
        ({"obligations": []}, "laws[0].obligations"),
        ({"obligation": {"applies_to": ["school"]}}, "laws[0].obligations[0].applies_to"),
        ({"obligation": {"applies_when": "sometimes"}}, "laws[0].obligations[0].applies_when"),
        ({"obligation": {"from": "1 July 2023"}}, "laws[0].obligations[0].from"),
        ({"obligation": {"until": "2019-01-01"}}, "laws[0].obligations[0].until"),
        ({"obligation": {"source": "ftp://example.org/"}}, "laws[0].obligations[0].source"),
        ({"obligation": {"known_by": "agreement"}}, "laws[0].obligations[0].agreements"),
        ({"obligation": {"known_by": "ai", "ai": "guesswork"}}, "laws[0].obligations[0].ai"),
        ({"obligation": {"agreements": ["standaard-tls"]}}, "laws[0].obligations[0].agreements"),
        ({"obligation": {"note_en": ""}}, "laws[0].obligations[0].note_en"),
        ({"obligation": {"code": "Not A Code"}}, "laws[0].obligations[0].code"),
    ],
)
def test_a_malformed_law_is_refused_with_its_field_named(tmp_path, changes, field):
    path = tmp_path / "legislation.yaml"
    path.write_text(json.dumps({"laws": [_law(**changes)]}), encoding="utf-8")
    with pytest.raises(DefinitionError) as refused:
        load(path)
    assert refused.value.field == field


def test_an_obligation_code_is_unique_across_laws(tmp_path):
    path = tmp_path / "legislation.yaml"
    path.write_text(json.dumps({"laws": [_law(), _law(slug="y")]}), encoding="utf-8")
    with pytest.raises(DefinitionError) as refused:
        load(path)
    assert refused.value.field == "laws[1].obligations[0].code"


def test_the_file_loads_and_every_agreement_it_names_is_in_the_catalogue():
    laws = load()
    catalogue = {agreement.slug for agreement in read_sources(Path(settings.SHARED_DATA_DIR))}
    named = {slug for law in laws for o in law.obligations for slug in o.agreements}
    assert named and named <= catalogue, named - catalogue
    codes = {o.code for law in laws for o in law.obligations}
    assert {"wdo-https-hsts", "bdto-websites", "ai-act-4", "avg-30", "iea-3", "sdg-6", "eidas-5f"} <= codes
    identifiers = {law.slug: (law.scheme, law.identifier) for law in laws}
    assert identifiers["wdo"] == ("bwb", "BWBR0048156") and identifiers["ai-act"] == ("celex", "32024R1689")


def test_the_document_is_what_is_loaded():
    """The anchors of the YAML resolve to organisation types: every obligation names real types."""
    document = yaml.safe_load(LEGISLATION.read_text(encoding="utf-8"))
    assert len(document["laws"]) == len(load())


@pytest.fixture
def catalogue(register):
    import_agreements(Path(settings.SHARED_DATA_DIR))


def _rows(code: str, today: date | None = None) -> dict:
    every = legislation.laws()
    organisation = Organisation.objects.get(code=code)
    rows = for_organisation(organisation, every, read_facts(every), today or timezone.localdate())
    return {row.obligation.code: row for row in rows}


def _measure(code: str, check: str, verdict: str) -> None:
    Measurement.record(Organisation.objects.get(code=code), f"{code}.example", [Result(check, verdict)])


def test_an_obligation_applies_by_type_and_date(register):
    utrecht = _rows("gm0344")
    assert utrecht["wdo-https-hsts"].applies and utrecht["wdo-https-hsts"].state == "unknown"
    assert utrecht["sdg-6"].applies, "a municipality offers Annex II procedures"
    assert not _rows("pv26")["sdg-6"].applies and not _rows("pv26")["sdg-6"].coming, "not for a province"
    assert not utrecht["woo-3-3"].applies and utrecht["woo-3-3"].coming, "no date recorded: coming, not applying"
    before = _rows("gm0344", date(2023, 6, 30))["wdo-https-hsts"]
    assert not before.applies and before.coming


def test_the_state_is_read_from_the_agreements_met_not_met_and_explained(catalogue):
    _measure("gm0344", "https-hsts", "pass")
    assert _rows("gm0344")["wdo-https-hsts"].state == "unknown", "TLS, the other agreement, is not measured yet"
    _measure("gm0344", "tls", "pass")
    assert _rows("gm0344")["wdo-https-hsts"].state == "met"
    _measure("gm0344", "tls", "fail")
    assert _rows("gm0344")["wdo-https-hsts"].state == "not-met"
    Gap.objects.create(
        organisation=Organisation.objects.get(code="gm0344"),
        agreement=Agreement.objects.get(slug="standaard-tls"),
        state=GapState.ACCEPTED,
        answer_due=timezone.localdate(),
    )
    assert _rows("gm0344")["wdo-https-hsts"].state == "explained"
    assert _rows("gm0363")["wdo-https-hsts"].state == "unknown", "Amsterdam has no finding"


HIGH_RISK = "Hoog-risico AI-systeem (Categorie A)"


def _publish(code: str, name: str, category: str = "Overige algoritmes (Categorie C)"):
    document = json.loads(EXAMPLE.read_text(encoding="utf-8")) | {"name": name, "publication_category": category}
    algorithm = save_description(document, organisation=Organisation.objects.get(code=code))
    move(algorithm, "publish", None)
    return algorithm


def test_ai_literacy_applies_to_an_organisation_that_deploys_ai_and_follows_its_workforce_records(register):
    assert not _rows("gm0344")["ai-act-4"].applies, "no published algorithm: it deploys no AI the register knows"
    algorithm = _publish("gm0344", "Eerste")
    algorithm.development_status = "In gebruik"
    algorithm.save()
    literacy = _rows("gm0344")["ai-act-4"]
    assert literacy.applies and literacy.state == "unknown", "nothing recorded yet"
    utrecht, today = Organisation.objects.get(code="gm0344"), timezone.localdate()
    ai_literacy.record(utrecht, measured_on=today, staff_operating=12, staff_trained=9, measure="Nationale AI-cursus")
    assert _rows("gm0344")["ai-act-4"].state == "not-met", "three of twelve not trained"
    ai_literacy.record(utrecht, measured_on=today, staff_operating=12, staff_trained=12, measure="Nationale AI-cursus")
    assert _rows("gm0344")["ai-act-4"].state == "met"
    assert "AI literacy records in the workforce app" in literacy.obligation.note_en
    assert not _rows("gm0363")["ai-act-4"].applies


def test_high_risk_obligations_follow_the_register_and_their_date(register):
    _publish("gm0344", "Gewoon")
    assert not _rows("gm0344", date(2028, 1, 1))["ai-act-26"].applies, "no high-risk algorithm"
    _publish("gm0344", "Hoog risico", category=HIGH_RISK)
    later = _rows("gm0344", date(2028, 1, 1))["ai-act-26"]
    assert later.applies and later.state in {"unknown", "met", "not-met"}
    assert _rows("gm0344")["ai-act-26"].coming, "the Annex III date (2 December 2027) lies ahead"


def test_choices_group_the_obligations_by_law_and_each_has_a_public_address(client, register):
    with translation.override("nl"):
        groups = dict(legislation.choices())
        url = legislation.obligation_url("ai-act-4")
    assert "Wet digitale overheid" in groups
    assert [code for code, _label in groups["Wet digitale overheid"]] == ["wdo-https-hsts"]
    assert url == "/sturing/wetgeving/ai-act/#ai-act-4"
    page = client.get(url.split("#")[0]).content.decode()
    assert 'id="ai-act-4"' in page and '<h1 class="utrecht-heading-1">AI-verordening</h1>' in page
    with pytest.raises(KeyError):
        legislation.obligation_url("no-such-obligation")


def test_the_law_page_counts_organisations_per_type_and_state(client, catalogue):
    _measure("gm0344", "accessibility", "pass")
    _measure("gm0363", "accessibility", "fail")
    municipalities = Organisation.objects.filter(org_type="gemeente", end_date__isnull=True).count()
    page = client.get("/en/steering/legislation/bdto/").content.decode()
    assert "Temporary Decree on the digital accessibility of government" in page
    row = page[page.index('id="bdto-websites"') : page.index('id="bdto-apps"')]
    cells = row[row.index('scope="row">Municipality') :].split("</tr>")[0]
    assert f'<td class="utrecht-table__cell">{municipalities}</td>' in cells
    numbers = [c.split("<")[0] for c in cells.split('<td class="utrecht-table__cell">')[1:]]
    assert numbers == [str(municipalities), "1", "1", "0", str(municipalities - 2)]
    assert client.get("/sturing/wetgeving/").status_code == 200
    assert client.get("/sturing/wetgeving/bestaat-niet/").status_code == 404


def test_an_organisations_page_is_for_its_staff_and_the_programme(client, accounts):
    url = "/en/steering/legislation/organisations/gm0344/"
    assert client.get(url).status_code == 302
    client.login(username="amsterdam-editor", password=PASSWORD)
    assert client.get(url).status_code == 403
    for who in ("utrecht-viewer", "programme"):
        client.login(username=who, password=PASSWORD)
        page = client.get(url).content.decode()
        assert "Digital Government Act" in page and "not to this organisation" in page
    law = client.get("/en/steering/legislation/wdo/").content.decode()
    assert '<h1 class="utrecht-heading-1">Digital Government Act</h1>' in law, "signed in, the title is still the law's"
