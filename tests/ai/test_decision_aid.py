"""The decision aid runs from its YAML: every conclusion is reached by walking answers, a malformed tree is refused."""

import shutil
from pathlib import Path

import pytest
import yaml

from thorbecke.ai.decision_aid import TreeError, WalkError, load_tree, parse_condition, paths, profile, run
from thorbecke.locations import shared_data_dir

AID = shared_data_dir() / "ai" / "beslishulp"
# A provider of a high-risk AI system (Annex III, profiling) with transparency obligations: conclusion 12.0.1.
HIGH_RISK_PROVIDER = [
    ("1.1", "Ja"),
    ("1.2", "We ontwikkelen enkel"),
    ("1.3", "In gebruik"),
    ("1.4.1", "Ja, het is een AI-systeem"),
    ("1.5", "Nee"),
    ("2.0", "Naar risicogroep bepaling"),
    ("2.1", "Nee"),
    ("2.3", "Geen van beide"),
    ("2.4", "Ja"),
    ("2.7.2", "Nee"),
    ("2.5", "Ja"),
    ("2.9", "Ja"),
    ("2.10", "Nee"),
]


@pytest.fixture(scope="module")
def tree():
    return load_tree(AID)


def test_every_path_walked_through_the_engine_ends_at_its_conclusion_and_all_50_are_reached(tree):
    reached = set()
    walked = 0
    for path in paths(tree):
        assert path.fault is None, path.fault
        walk = run(tree, path.answers)  # the engine itself, answer by answer, as the page does
        assert walk.done and walk.conclusion == path.conclusion
        reached.add(walk.conclusion)
        walked += 1
    assert reached == set(tree.conclusions) and len(reached) == 50
    assert walked == 3140  # every walk of decision aid v1.0.0


def test_a_provider_of_high_risk_ai_with_transparency_obligations_gets_that_profile(tree):
    walk = run(tree, HIGH_RISK_PROVIDER)
    assert walk.conclusion == "12.0.1"
    found = profile(tree, walk)
    assert found["role"] == ["aanbieder"]
    assert found["type"] == ["AI-systeem"]
    assert found["risk_group"] == ["hoog-risico AI"]
    assert found["transparency_obligations"] == ["transparantieverplichting"]
    assert found["conformity_assessment_body"] == ["niet van toepassing"]
    assert found["conclusion"] == "12.0.1" and found["decision_aid_version"] == "1.0.0"


def test_answers_that_do_not_fit_are_refused(tree):
    with pytest.raises(WalkError, match=r"1\.1"):
        run(tree, [("1.2", "We ontwikkelen enkel")])
    with pytest.raises(WalkError, match="Misschien"):
        run(tree, [("1.1", "Misschien")])
    with pytest.raises(WalkError, match="after the conclusion"):
        run(tree, [("1.1", "Nee"), ("1.2", "We ontwikkelen enkel")])


def test_conditions_read_the_jexl_the_tree_uses():
    condition = parse_condition('!("a" in labels) && ("b" in labels || "c" in labels)')
    assert condition(frozenset({"b"})) and not condition(frozenset({"a", "b"})) and not condition(frozenset())
    with pytest.raises(ValueError):
        parse_condition("labels.length > 2")


def copy_with(tmp_path: Path, change) -> Path:
    folder = tmp_path / "beslishulp"
    shutil.copytree(AID, folder)
    raw = yaml.safe_load((folder / "decision-tree.yaml").read_text())
    change(raw)
    (folder / "decision-tree.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    return folder


def question(raw, question_id):
    return next(q for q in raw["questions"] if q["questionId"] == question_id)


def test_a_dangling_next_question_is_refused_naming_the_question(tmp_path):
    def dangle(raw):
        question(raw, "1.3")["answers"][0]["nextQuestionId"] = "9.9"

    with pytest.raises(TreeError, match=r"question 1\.3, answer 'In gebruik': next question 9\.9 does not exist"):
        load_tree(copy_with(tmp_path, dangle))


def test_a_dangling_conclusion_is_refused_naming_the_question(tmp_path):
    def dangle(raw):
        question(raw, "2.8")["answers"][0]["redirects"][0]["nextConclusionId"] = "99"

    with pytest.raises(TreeError, match=r"question 2\.8, answer 'Ja': conclusion 99 does not exist"):
        load_tree(copy_with(tmp_path, dangle))


def test_a_cycle_is_refused_naming_the_question(tmp_path):
    def loop(raw):
        question(raw, "1.3")["answers"][0]["nextQuestionId"] = "1.2"

    with pytest.raises(TreeError, match=r"question 1\.2 is asked twice"):
        load_tree(copy_with(tmp_path, loop))


def test_an_unreachable_conclusion_is_refused_naming_it(tmp_path):
    def orphan(raw):
        raw["conclusions"].append({"conclusionId": "17.0", "conclusion": "Nergens heen."})

    with pytest.raises(TreeError, match=r"conclusion\(s\) 17\.0"):
        load_tree(copy_with(tmp_path, orphan))


def test_a_redirect_without_a_way_on_is_refused_naming_the_question(tmp_path):
    def narrow(raw):
        question(raw, "2.8")["answers"][1]["redirects"].pop()  # Nee: the deployer (gebruiksverantwoordelijke) way

    with pytest.raises(TreeError, match=r"question 2\.8, answer 'Nee': no redirect holds"):
        load_tree(copy_with(tmp_path, narrow))


def test_the_glossary_explains_the_terms_a_question_uses(tree):
    question = tree.questions["1.2"]
    terms = dict(tree.terms_in(question.text, question.explanation))
    assert "aanbieder" in terms and "gebruiksverantwoordelijke" in terms
    assert terms["aanbieder"].startswith("Een natuurlijke of rechtspersoon")
    assert "AVG" not in terms  # only what the question uses
