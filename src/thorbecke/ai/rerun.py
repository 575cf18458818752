"""Re-running a stored classification on a (possibly changed) decision tree, and what changed for it (decision 0036).

A classification keeps what it was given and what it saw: the tree's version and digest, every answer by question id
and answer text with the question's text and the answer's labels, the labels and the conclusion with its text. On a
tree with another digest the answers are walked again; every difference on the classification's own walk is
reported, and any difference means a person has to look again. A change elsewhere in the tree does not.

Plain Python, as decision_aid.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from thorbecke.ai.decision_aid import Tree, Walk, next_of, profile

# The kinds of difference, in the order a walk meets them.
QUESTION_GONE = "question-gone"
QUESTION_CHANGED = "question-changed"
ANSWER_GONE = "answer-gone"
LABELS_CHANGED = "labels-changed"
PATH_CHANGED = "path-changed"
UNANSWERED = "unanswered"
CONCLUSION_CHANGED = "conclusion-changed"
CONCLUSION_TEXT_CHANGED = "conclusion-text-changed"


@dataclass(frozen=True)
class Difference:
    kind: str
    item: str  # the question or conclusion it is about
    old: str = ""
    new: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def record(tree: Tree, walk: Walk) -> dict:
    """What a finished walk stores: enough to re-run it later and to say what changed."""
    conclusion = tree.conclusions[walk.conclusion] if walk.conclusion else None
    return {
        "version": tree.version,
        "digest": tree.digest,
        "answers": [
            {
                "question": step.question,
                "question_text": tree.questions[step.question].text,
                "answer": step.answer,
                "labels": list(step.labels),
            }
            for step in walk.steps
        ],
        "labels": list(walk.labels),
        "conclusion": walk.conclusion,
        "conclusion_text": conclusion.text if conclusion else "",
        "obligation": conclusion.obligation if conclusion else "",
        "profile": profile(tree, walk) if conclusion else {},
    }


def differences(tree: Tree, stored: dict) -> list[Difference]:
    """What is different for this stored classification on this tree; empty when its walk and conclusion hold."""
    if stored.get("digest") == tree.digest:
        return []
    found: list[Difference] = []
    labels: list[str] = []
    expected: str | None = tree.first
    conclusion: str | None = None
    for given in stored.get("answers", []):
        question_id, answer_text = given["question"], given["answer"]
        if expected != question_id:
            found.append(Difference(PATH_CHANGED, question_id, question_id, expected or conclusion or ""))
            return found
        question = tree.questions.get(question_id)
        if question is None:
            return [*found, Difference(QUESTION_GONE, question_id, given.get("question_text", ""))]
        if given.get("question_text", question.text) != question.text:
            found.append(Difference(QUESTION_CHANGED, question_id, given.get("question_text", ""), question.text))
        answer = question.answer(answer_text)
        if answer is None:
            return [*found, Difference(ANSWER_GONE, question_id, answer_text)]
        if list(answer.labels) != list(given.get("labels", answer.labels)):
            found.append(
                Difference(LABELS_CHANGED, question_id, ", ".join(given.get("labels", [])), ", ".join(answer.labels))
            )
        labels = list(dict.fromkeys(labels + list(answer.labels)))
        expected, conclusion = next_of(answer, frozenset(labels))
        if expected is None and conclusion is None:
            return [*found, Difference(PATH_CHANGED, question_id, answer_text, "")]
    if expected is not None:
        return [*found, Difference(UNANSWERED, expected, "", tree.questions[expected].text)]
    if conclusion != stored.get("conclusion"):
        found.append(
            Difference(
                CONCLUSION_CHANGED, stored.get("conclusion") or "", stored.get("conclusion") or "", conclusion or ""
            )
        )
    else:
        new = tree.conclusions[conclusion] if conclusion else None
        if new and (new.text, new.obligation) != (
            stored.get("conclusion_text"),
            stored.get("obligation", new.obligation),
        ):
            found.append(
                Difference(CONCLUSION_TEXT_CHANGED, conclusion or "", stored.get("conclusion_text", ""), new.text)
            )
    return found
