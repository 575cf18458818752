"""Thorbecke registers its own algorithms (issue 24 item 6): the front door's search, the report classifier and the
proactive screening, in the publication standard, published by the hub's operator, classified by the real decision
aid, with their framework checklist and the quality their benchmarks last measured."""

import json
import shutil

import pytest
import yaml

from thorbecke.ai.checklist import checklist
from thorbecke.ai.framework import load_framework
from thorbecke.ai.models import Algorithm, AlgorithmVersion, ChecklistItem, Classification, DocumentFormat
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


def test_the_quality_in_the_register_is_the_benchmarks_latest_results(register, tmp_path):
    figures = {name: json.loads((RESULTS / f"{name}.json").read_text())["figures"] for _f, name in DESCRIBED.values()}
    seed_own_algorithms()
    own = Algorithm.objects.filter(source_id__startswith="thorbecke:")
    text = {algorithm.source_id: algorithm.document["technical_operation"] for algorithm in own}

    search = figures["search_quality"]["hybrid"]["all"]
    assert f"bij {percent(search['top3'])} bij de eerste drie en bij {percent(search['top1'])} bovenaan" in text[SEARCH]
    assert f"krijgt {percent(search['none'])} terecht geen product" in text[SEARCH]
    classifier = figures["signals_classifier"]
    assert f"Op {classifier['held_out']} gelabelde meldingen" in text[REPORT_CLASSIFIER]
    top1, top3 = percent(classifier["top1"]), percent(classifier["top3"])
    assert f"bij {top1} het eerste voorstel en bij {top3} een van de eerste drie" in text[REPORT_CLASSIFIER]
    screening = figures["proactive_screening"]["household_rescreen"]
    assert f"hoogstens {str(screening['p95_ms']).replace('.', ',')} ms" in text[PROACTIVE_SCREENING]

    # A new benchmark run and a new seed: a new version with the new figure; the others unchanged.
    results = tmp_path / "results"
    shutil.copytree(RESULTS, results)
    changed = json.loads((results / "signals_classifier.json").read_text())
    changed["figures"]["top1"] = 0.5
    (results / "signals_classifier.json").write_text(json.dumps(changed))
    assert seed_own_algorithms(results) == 1
    classifier_entry = Algorithm.objects.get(source_id=REPORT_CLASSIFIER)
    assert "bij 50,0% het eerste voorstel" in classifier_entry.document["technical_operation"]
    assert classifier_entry.versions.count() == 2

    # Without results the description says it was not measured, rather than show a figure.
    (results / "search_quality.json").unlink()
    assert seed_own_algorithms(results) == 1
    assert "nog niet gemeten" in Algorithm.objects.get(source_id=SEARCH).document["technical_operation"]
