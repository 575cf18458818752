"""Registration in the Algoritmeregister, measured from the hub's own register (decision 0038): the agreement comes
from the data like the others, the check's verdicts, a gap for an organisation without registrations answered
through the dialogue, and the scorecard's column."""

import copy
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import PASSWORD
from thorbecke.agreements import dialogue
from thorbecke.agreements.catalogue import import_agreements
from thorbecke.agreements.checks.algorithms import SUBJECT, measure_algorithms
from thorbecke.agreements.models import Agreement, Check, Gap, GapState, Kind, Measurement, Status
from thorbecke.agreements.scorecards import scorecards
from thorbecke.ai.framework import ALGORITMEKADER_JSON, load_framework
from thorbecke.ai.models import Algorithm, ChecklistItem, ChecklistState, Classification
from thorbecke.ai.register import move, save_description
from thorbecke.ai.schema import example_descriptions
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

SLUG = "bouwsteen-registratie-in-het-algoritmeregister"
HIGH_RISK_DEPLOYER = {"type": "AI-systeem", "risk_group": "hoog-risico AI", "role": "gebruiksverantwoordelijke"}


@pytest.fixture
def agreement(accounts):
    import_agreements(settings.SHARED_DATA_DIR)
    for user in accounts.values():
        user.email = f"{user.username}@example.nl"
        user.save()
    return Agreement.objects.get(slug=SLUG)


def published(code: str, name: str, category: str) -> Algorithm:
    """One of the Algoritmeregister's own examples, renamed, in the given category and published by ``code``."""
    example = copy.deepcopy(next(e for e in example_descriptions() if e["name"] == "Meldingen openbare ruimte"))
    example["name"], example["publication_category"] = name, category
    algorithm = save_description(example, organisation=Organisation.objects.get(code=code))
    move(algorithm, "publish", None)
    return algorithm


def classified(algorithm: Algorithm, profile: dict) -> None:
    """As the decision aid stores a finished walk (ai.classification.store), with its conclusion's profile."""
    Classification.objects.create(
        algorithm=algorithm, tree_version="1.0.0", tree_digest="x", conclusion="hoog-risico", profile=profile
    )
    algorithm.ai_act_profile = profile
    algorithm.save()


def measured(code: str) -> Measurement:
    measure_algorithms([Organisation.objects.get(code=code)])
    return Measurement.objects.get(organisation__code=code, host=SUBJECT, current=True)


def test_the_agreement_comes_from_the_data_with_its_source_and_a_second_import_adds_nothing(agreement):
    assert (agreement.kind, agreement.status, agreement.check_method) == (
        Kind.BUILDING_BLOCK,
        Status.MANDATORY,
        Check.ALGORITHM_REGISTER,
    )
    assert agreement.status_source.startswith("https://") and agreement.status_date == "2025-06-26"
    assert "gemeente" in agreement.applies_to and str(agreement.mandatory_from) == "2026-01-01"
    assert "Kamerstuk 26643 nr. 1353" in agreement.description
    assert import_agreements(settings.SHARED_DATA_DIR) == 0
    assert Agreement.objects.filter(slug=SLUG).count() == 1 and agreement.versions.count() == 1


def test_a_malformed_agreement_names_its_row_and_field_and_changes_nothing(agreement, tmp_path):
    from thorbecke.agreements.catalogue import OTHER_YAML, ListsError

    bad = tmp_path / "other_agreements.yaml"
    bad.write_text(OTHER_YAML.read_text(encoding="utf-8").replace("check: algorithm-register", "check: guesswork"))
    before = list(Agreement.objects.values_list("slug", "status"))
    with pytest.raises(ListsError, match=r"other_agreements\.yaml, row 1, field check: 'guesswork'"):
        import_agreements(settings.SHARED_DATA_DIR, other=bad)
    assert list(Agreement.objects.values_list("slug", "status")) == before


def test_an_organisation_without_a_published_registration_fails(agreement):
    published("gm0344", "Concept dat nog niet openbaar is", "Impactvolle algoritmes")
    Algorithm.objects.filter(organisation__code="gm0344").update(lifecycle="concept")  # back to concept
    found = measured("gm0344")
    assert found.verdict == "fail" and found.problems == ["no algorithm published in the algorithm register"]
    assert found.evidence["published"] == 0 and found.evidence["by_category"] == {"A": 0, "B": 0, "C": 0, "": 0}


def test_published_registrations_meet_it_with_the_figures_per_category(agreement):
    published("gm0344", "Parkeerscan", "Impactvolle algoritmes")
    published("gm0344", "Anonimiseren", "Overige algoritmes")
    retracted = published("gm0344", "Oude risicoscore", "Impactvolle algoritmes")
    move(retracted, "retract", None)
    found = measured("gm0344")
    assert (found.verdict, found.problems) == ("pass", [])
    assert found.evidence["published"] == 2 and found.evidence["by_category"] == {"A": 0, "B": 1, "C": 1, "": 0}
    assert found.evidence["without_profile"] == 2 and found.evidence["high_risk"] == []


def test_a_published_high_risk_algorithm_without_classification_fails(agreement):
    algorithm = published("gm0344", "Fraudesignalering", "Hoog-risico AI-systeem")
    found = measured("gm0344")
    assert found.verdict == "fail"
    assert found.problems == ["Fraudesignalering: high-risk, without an AI Act classification"]
    [entry] = found.evidence["high_risk"]
    assert (entry["id"], entry["classified"], entry["requirements"]) == (str(algorithm.public_id), False, None)


def test_overdue_measures_of_a_published_high_risk_algorithm_fail_it_until_the_work_is_done(agreement):
    algorithm = published("gm0344", "Fraudesignalering", "Hoog-risico AI-systeem")
    classified(algorithm, HIGH_RISK_DEPLOYER)
    framework = load_framework()
    profile = framework.profile(HIGH_RISK_DEPLOYER)
    requirements = framework.applicable(profile)
    phases = [p.slug for p in framework.phases]
    before_use = set(phases[: phases.index("monitoring-en-beheer")])
    measures = {m.id: m for _phase, found in framework.measures_by_phase(requirements) for m in found}
    due = [m for m in measures.values() if before_use & set(m.phases)]
    only_in_use = [m for m in measures.values() if not before_use & set(m.phases)]
    assert due and only_in_use  # the rule has both sides to tell apart in the framework's own data

    found = measured("gm0344")
    assert found.verdict == "fail"
    assert found.problems == [f"Fraudesignalering: high-risk, {len(due)} measures overdue"]
    assert (found.evidence["requirements_met"], found.evidence["requirements"]) == (0, len(requirements))

    def work(item: str, state: str) -> None:
        ChecklistItem.objects.update_or_create(
            algorithm=algorithm, item=item, defaults={"organisation": algorithm.organisation, "state": state}
        )

    # Started is no longer overdue; a measure only of monitoring never was; met requirements are counted.
    for measure in due[:-1]:
        work(measure.id, ChecklistState.IN_PROGRESS)
    work(requirements[0].id, ChecklistState.DONE)
    work(requirements[1].id, ChecklistState.NOT_APPLICABLE)
    found = measured("gm0344")
    assert found.problems == ["Fraudesignalering: high-risk, 1 measures overdue"]
    assert found.evidence["requirements_met"] == 2 and found.evidence["overdue_measures"] == 1
    work(due[-1].id, ChecklistState.DONE)
    found = measured("gm0344")
    assert (found.verdict, found.problems, found.evidence["overdue_measures"]) == ("pass", [], 0)
    [entry] = found.evidence["high_risk"]
    assert entry["classified"] and not entry["needs_review"]


def test_a_classification_that_says_high_risk_makes_an_impactful_algorithm_high_risk(agreement):
    algorithm = published("gm0344", "Toewijzing schuldhulp", "Impactvolle algoritmes")
    classified(algorithm, HIGH_RISK_DEPLOYER)
    found = measured("gm0344")
    assert found.verdict == "fail" and [a["name"] for a in found.evidence["high_risk"]] == ["Toewijzing schuldhulp"]


def test_measuring_again_unchanged_writes_nothing(agreement):
    published("gm0344", "Parkeerscan", "Impactvolle algoritmes")
    measured("gm0344")
    measured("gm0344")
    assert Measurement.objects.filter(organisation__code="gm0344", host=SUBJECT).count() == 1


def test_a_gap_opens_for_an_organisation_without_registrations_and_is_answered_through_the_dialogue(client, agreement):
    published("gm0363", "Meldingen openbare ruimte", "Impactvolle algoritmes")
    call_command("measure_algorithm_register")
    gap = Gap.objects.get(organisation__code="gm0344", agreement=agreement)
    assert gap.finding == {"check": "algorithm-register", "light": "fails"}
    assert not Gap.objects.filter(organisation__code="gm0363", agreement=agreement).exists()
    page = client.get(f"/en/agreements/gaps/{gap.pk}/").content.decode()
    assert "Registratie in het Algoritmeregister" in page and "read from the algorithm register" in page

    client.login(username="utrecht-editor", password=PASSWORD)
    answer = {"answer-answer": "plan", "answer-text": "Onze 12 algoritmes staan er in maart in.",
              "answer-complies_by": "2027-03-01"}  # fmt: skip
    assert client.post(f"/afspraken/dialoog/{gap.pk}/antwoord/", answer).status_code == 302
    gap.refresh_from_db()
    assert gap.state == GapState.PLANNED and str(gap.planned_for) == "2027-03-01"

    # Utrecht publishes its first registration: measured again, the gap closes by itself.
    published("gm0344", "Parkeerscan", "Impactvolle algoritmes")
    call_command("measure_algorithm_register")
    gap.refresh_from_db()
    assert gap.state == GapState.RESOLVED
    assert dialogue.reconcile() == {"opened": 0, "resolved": 0}
    page = client.get(f"/en/agreements/gaps/{gap.pk}/").content.decode()
    assert "resolved" in page and "{'check'" not in page  # the finding is data, never shown as text


def test_the_scorecard_shows_the_column_beside_the_other_standards(client, agreement):
    published("gm0363", "Meldingen openbare ruimte", "Impactvolle algoritmes")
    measure_algorithms(Organisation.objects.filter(code__in=["gm0344", "gm0363"]))
    rows = {row.organisation.code: row.lights for row in scorecards()}
    assert (rows["gm0363"]["algorithm-register"], rows["gm0344"]["algorithm-register"]) == ("meets", "fails")
    assert rows["gm0363"]["accessibility"] == "none"  # beside the others, each its own column
    for url, heading in (("/en/agreements/scorecard/", "Algorithm register"), ("/afspraken/scorekaart/",
                                                                                "Algoritmeregister")):  # fmt: skip
        assert heading in client.get(url).content.decode()
    lines = client.get("/en/agreements/scorecard.csv").content.decode().splitlines()
    assert lines[0].split(",")[-3] == "algorithm-register"
    exported = {o["organisation"]: o for o in client.get("/en/agreements/scorecard.json").json()["organisations"]}
    assert exported["gm0363"]["checks"]["algorithm-register"] == "meets"
    assert exported["gm0344"]["hosts"] == 0  # the register is not a host


def utrecht_registration() -> bool:
    """Utrecht's register measured with a high-risk algorithm, not classified yet (for the pages' tests)."""
    published("gm0344", "Fraudesignalering", "Hoog-risico AI-systeem")
    published("gm0344", "Parkeerscan", "Impactvolle algoritmes")
    measure_algorithms([Organisation.objects.get(code="gm0344")])
    return True


def test_the_organisations_page_shows_its_registration_in_both_languages(client, agreement):
    utrecht_registration()
    algorithm = Algorithm.objects.get(name="Fraudesignalering")
    english = client.get("/en/agreements/organisations/gm0344/").content.decode()
    assert 'id="algorithms"' in english and "category A: 1, B: 1, C: 0" in english
    assert f'href="/en/algorithms/{algorithm.public_id}/"' in english and "not classified" in english
    assert "0 of 0 (2 algorithms without an AI Act profile not counted)" in english
    dutch = client.get("/afspraken/organisaties/gm0344/").content.decode()
    assert "categorie A: 1, B: 1, C: 0" in dutch and "niet geclassificeerd" in dutch
    assert "Achterstallige maatregelen" in dutch and "/algoritmes/?organisation=gm0344" in dutch
    assert 'id="algorithms"' not in client.get("/afspraken/organisaties/gm0363/").content.decode()  # not measured


@pytest.mark.django_db(transaction=True)  # the scan's background thread has its own connection
def test_scan_now_reads_the_register_of_the_organisation_and_the_gap_opens_after_the_scan(
    client, agreement, monkeypatch
):
    import threading

    from tests.agreements.test_scan_now import START, only_localhost
    from thorbecke.agreements import scanning
    from thorbecke.agreements.checks import web
    from thorbecke.agreements.models import ScanRun

    monkeypatch.setattr(scanning, "RETRY_PAUSE", 0)
    monkeypatch.setattr(scanning, "MEASURES", {"web": web.measure})  # sslyze and DNS have nothing to ask here
    only_localhost()
    client.login(username="programme", password=PASSWORD)
    assert client.post(START, {"organisation": "gm0344"}).status_code == 302
    # Read at once, before the hosts' scan: the register is the hub's own.
    registered = Measurement.objects.filter(check_key="algorithm-register")
    assert list(registered.values_list("organisation__code", "verdict")) == [("gm0344", "fail")]
    run = ScanRun.objects.get()
    # Comply or explain follows the scan in the same thread: wait for all of it, not only the run's state.
    for thread in [t for t in threading.enumerate() if t.name == f"scan-{run.pk}"]:  # none once it has ended
        thread.join(timeout=60)
        assert not thread.is_alive()
    run.refresh_from_db()
    assert run.state == "finished"
    assert Gap.objects.filter(organisation__code="gm0344", agreement=agreement).exists()


def test_a_framework_without_the_phase_the_rule_needs_could_not_measure_never_meets(agreement, settings, tmp_path):
    import shutil

    shared = tmp_path / "shared"
    shutil.copytree(Path(settings.SHARED_DATA_DIR) / "ai" / "task-registry", shared / "ai" / "task-registry")
    shutil.copy(Path(settings.SHARED_DATA_DIR) / ALGORITMEKADER_JSON, shared / ALGORITMEKADER_JSON)
    lifecycles = shared / "ai" / "task-registry" / "lifecycles" / "lifecycles.yaml"
    lifecycles.write_text(lifecycles.read_text(encoding="utf-8").replace("- Monitoring en beheer\n", ""))
    published("gm0363", "Meldingen openbare ruimte", "Impactvolle algoritmes")
    settings.SHARED_DATA_DIR = shared
    load_framework.clear()
    try:
        found = measured("gm0363")
    finally:
        load_framework.clear()
    assert found.verdict == "error"
    assert found.problems == ["the algorithm framework: the framework's lifecycle has no phase 'monitoring-en-beheer'"]
