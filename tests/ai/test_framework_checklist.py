"""The framework as work to do for one algorithm: the checklist from its AI Act profile, kept by its own editors,
read by its own staff and the programme, every change logged."""

import html
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.conftest import PASSWORD
from thorbecke.ai.models import Algorithm, ChecklistChange, ChecklistItem, FrameworkProfile, InstrumentAnswer
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

REGISTRY = Path(settings.SHARED_DATA_DIR) / "ai" / "task-registry"

DEPLOYER = {"type": "AI-systeem", "risk_group": "hoog-risico AI", "role": "gebruiksverantwoordelijke"}


def utrecht_algorithm(profile: dict | None = None) -> Algorithm:
    """Utrecht's scan car, a high-risk AI system it deploys (or not yet classified)."""
    algorithm = Algorithm.objects.filter(organisation__code="gm0344", name="Scanauto").first()
    if algorithm is None:
        algorithm = Algorithm.objects.create(
            organisation=Organisation.objects.get(code="gm0344"), name="Scanauto", ai_act_profile=DEPLOYER
        )
    if profile is not None:
        algorithm.ai_act_profile = profile
        algorithm.save()
    return algorithm


def checklist_url(algorithm: Algorithm, rest: str = "") -> str:
    return f"/algoritmes/{algorithm.public_id}/kader/{rest}"


def as_user(client, username: str):
    client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.parametrize("username", ["utrecht-viewer", "utrecht-editor", "programme"])
def test_the_checklist_lists_what_the_profile_needs(client, accounts, username):
    page = as_user(client, username).get(checklist_url(utrecht_algorithm())).content.decode()
    assert "/kader/ver-aia-27/" in page and "/kader/ver-avg-13/" in page
    assert "/kader/ver-aia-03/" not in page  # a provider's duty
    assert "Maatregelen per levenscyclusfase" in page and "/kader/mtr-" in page


@pytest.mark.parametrize("username", ["amsterdam-editor", "amsterdam-admin"])
def test_other_organisations_do_not_read_it(client, accounts, username):
    algorithm = utrecht_algorithm()
    assert as_user(client, username).get(checklist_url(algorithm)).status_code == 403
    assert client.get(checklist_url(algorithm, "ver-aia-27/")).status_code == 403


def test_an_unclassified_algorithm_asks_for_a_classification_and_offers_a_profile_by_hand(client, accounts):
    algorithm = utrecht_algorithm(profile={})
    page = as_user(client, "utrecht-editor").get(checklist_url(algorithm)).content.decode()
    assert "Classificeer het eerst" in page and "/kader/ver-" not in page
    response = client.post(checklist_url(algorithm, "profiel/"), {"type": "impactvol-algoritme"})
    assert response.status_code == 302
    assert FrameworkProfile.objects.get(algorithm=algorithm).profile == {"type": "impactvol-algoritme"}
    page = client.get(checklist_url(algorithm)).content.decode()
    assert "/kader/ver-avg-01/" in page and "/kader/ver-aia-" not in page


def test_a_profile_by_hand_needs_a_type_and_known_values(client, accounts):
    algorithm = utrecht_algorithm(profile={})
    response = as_user(client, "utrecht-editor").post(checklist_url(algorithm, "profiel/"), {"risk_group": "x"})
    assert response.status_code == 400 and 'href="#id_type"' in response.content.decode()
    assert not FrameworkProfile.objects.exists()


def test_work_is_kept_with_reason_evidence_responsible_and_review_and_every_change_logged(client, accounts):
    algorithm = utrecht_algorithm()
    url = checklist_url(algorithm, "ver-aia-27/opslaan/")
    as_user(client, "utrecht-editor")
    refused = client.post(url, {"state": "not_applicable", "reason": ""})
    assert refused.status_code == 400 and "Zeg waarom" in refused.content.decode()
    refused = client.post(url, {"state": "done", "evidence": "zie de map op de K-schijf"})
    assert refused.status_code == 400 and "Geen link" in refused.content.decode()
    assert not ChecklistItem.objects.exists()
    evidence = "https://example.org/fria.pdf"
    data = {"state": "done", "evidence": evidence, "responsible": "Team Parkeren", "reviewed": "on"}
    assert client.post(url, data).status_code == 302
    item = ChecklistItem.objects.get(algorithm=algorithm, item="urn:nl:ak:ver:aia-27")
    assert (item.state, item.evidence, item.responsible) == ("done", evidence, "Team Parkeren")
    assert item.title.startswith("Hoog-risico-AI-systemen voor publieke taken worden beoordeeld")
    assert item.reviewed_by == accounts["utrecht-editor"] and item.reviewed_at is not None
    change = ChecklistChange.objects.get(checklist_item=item)
    assert change.author == accounts["utrecht-editor"] and change.after["state"] == "done"
    page = client.get(checklist_url(algorithm, "ver-aia-27/")).content.decode()
    assert evidence in page and "Team Parkeren" in page and "utrecht-editor" in page


@pytest.mark.parametrize("username", ["utrecht-viewer", "programme", "amsterdam-editor"])
def test_only_the_owners_editors_change_it(client, accounts, username):
    algorithm = utrecht_algorithm()
    response = as_user(client, username).post(checklist_url(algorithm, "ver-aia-27/opslaan/"), {"state": "done"})
    assert response.status_code == 403 and not ChecklistItem.objects.exists()
    assert client.post(checklist_url(algorithm, "profiel/"), {"type": "ai-systeem"}).status_code == 403


def test_an_unknown_item_is_not_found(client, accounts):
    algorithm = utrecht_algorithm()
    assert as_user(client, "utrecht-editor").get(checklist_url(algorithm, "ver-xyz-01/")).status_code == 404


def test_an_instruments_questions_come_from_its_yaml_and_answers_are_kept_with_author_and_time(client, accounts):
    algorithm = utrecht_algorithm()
    url = checklist_url(algorithm, "instrumenten/iama/")
    page = as_user(client, "utrecht-editor").get(url).content.decode()
    iama = yaml.safe_load((REGISTRY / "instruments" / "iama.yaml").read_text(encoding="utf-8"))
    assert page.count("<textarea") == len(iama["tasks"]) == 57
    assert html.escape(iama["tasks"][0]["question"]) in page
    assert client.post(url + "opslaan/", {"q0": "Te veel foutparkeerders.", "q1": ""}).status_code == 302
    assert client.post(url + "opslaan/", {"q0": "Te veel foutparkeerders in de binnenstad."}).status_code == 302
    answers = InstrumentAnswer.objects.filter(algorithm=algorithm, question=iama["tasks"][0]["urn"])
    assert [a.answer for a in answers] == ["Te veel foutparkeerders in de binnenstad.", "Te veel foutparkeerders."]
    assert {a.author for a in answers} == {accounts["utrecht-editor"]} and all(a.answered_at for a in answers)
    assert InstrumentAnswer.objects.count() == 2  # unchanged (empty) answers are not stored
    page = as_user(client, "programme").get(url).content.decode()
    assert "in de binnenstad" in page and "beantwoord door utrecht-editor" in page and "<textarea" not in page
    assert "Eerdere antwoorden" in page and "utrecht-editor: Te veel foutparkeerders.</li>" in page


def test_an_overlong_answer_is_refused_and_nothing_is_kept(client, accounts):
    url = checklist_url(utrecht_algorithm(), "instrumenten/aiia/opslaan/")
    response = as_user(client, "utrecht-editor").post(url, {"q0": "Kort.", "q1": "x" * 20_001})
    assert response.status_code == 400 and "langer dan" in response.content.decode()
    assert not InstrumentAnswer.objects.exists()


def test_every_instrument_has_its_page_and_an_unknown_one_is_not_found(client, accounts):
    algorithm = utrecht_algorithm()
    as_user(client, "utrecht-viewer")
    for slug in ("iama", "aiia", "conformity-assessment-eu-ai-act", "technical-docs-for-high-risk-ai"):
        assert client.get(checklist_url(algorithm, f"instrumenten/{slug}/")).status_code == 200
    assert client.get(checklist_url(algorithm, "instrumenten/dpia/")).status_code == 404
