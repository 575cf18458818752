"""A stored classification re-run on a changed tree says what changed, and needs a person to look again."""

import pytest

from tests.ai.test_decision_aid import AID, HIGH_RISK_PROVIDER, copy_with, question
from thorbecke.ai.decision_aid import load_tree, run
from thorbecke.ai.rerun import (
    ANSWER_GONE,
    CONCLUSION_CHANGED,
    CONCLUSION_TEXT_CHANGED,
    QUESTION_CHANGED,
    differences,
    record,
)


@pytest.fixture(scope="module")
def stored():
    tree = load_tree(AID)
    return record(tree, run(tree, HIGH_RISK_PROVIDER))


def test_what_is_stored(stored):
    assert stored["version"] == "1.0.0" and len(stored["digest"]) == 64
    assert [(a["question"], a["answer"]) for a in stored["answers"]] == HIGH_RISK_PROVIDER
    assert stored["conclusion"] == "12.0.1" and "hoog-risico AI" in stored["labels"]
    assert stored["profile"]["risk_group"] == ["hoog-risico AI"]


def test_the_same_tree_and_a_change_off_its_walk_change_nothing(stored, tmp_path):
    assert differences(load_tree(AID), stored) == []

    def elsewhere(raw):
        question(raw, "2.2")["question"] = "Geldt een van de twee uitzonderingen?"

    changed = load_tree(copy_with(tmp_path, elsewhere))
    assert changed.digest != stored["digest"] and differences(changed, stored) == []


def test_a_changed_question_is_shown_old_and_new(stored, tmp_path):
    def reword(raw):
        question(raw, "2.5")["question"] = "Profileert het AI-systeem natuurlijke personen?"

    (found,) = differences(load_tree(copy_with(tmp_path, reword)), stored)
    assert (found.kind, found.item) == (QUESTION_CHANGED, "2.5")
    assert found.old == "Voert het AI-systeem profilering van natuurlijke personen uit?"
    assert found.new == "Profileert het AI-systeem natuurlijke personen?"


def test_a_removed_answer_is_named(stored, tmp_path):
    def remove(raw):
        answers = question(raw, "1.2")["answers"]
        answers.remove(next(a for a in answers if a["answer"] == "We ontwikkelen enkel"))

    (found,) = differences(load_tree(copy_with(tmp_path, remove)), stored)
    assert (found.kind, found.item, found.old) == (ANSWER_GONE, "1.2", "We ontwikkelen enkel")


def test_a_changed_conclusion_is_shown(stored, tmp_path):
    def renumber(raw):  # a tree that drops a conclusion no walk may still reach is refused, so: a new one instead
        redirects = question(raw, "2.10")["answers"][1]["redirects"]
        next(r for r in redirects if r["nextConclusionId"] == "12.0.1")["nextConclusionId"] = "12.0.5"
        next(c for c in raw["conclusions"] if c["conclusionId"] == "12.0.1")["conclusionId"] = "12.0.5"

    (found,) = differences(load_tree(copy_with(tmp_path, renumber)), stored)
    assert (found.kind, found.old, found.new) == (CONCLUSION_CHANGED, "12.0.1", "12.0.5")


def test_a_reworded_conclusion_is_shown(stored, tmp_path):
    def reword(raw):
        next(c for c in raw["conclusions"] if c["conclusionId"] == "12.0.1")["conclusion"] = "Hoog risico, transparant."

    (found,) = differences(load_tree(copy_with(tmp_path, reword)), stored)
    assert (found.kind, found.item, found.new) == (CONCLUSION_TEXT_CHANGED, "12.0.1", "Hoog risico, transparant.")
