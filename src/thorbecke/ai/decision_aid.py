"""The government's AI Act decision aid (Beslishulp AI-verordening), run from its YAML (decision 0036).

Nothing here knows a question or a conclusion: the tree is read from ``decision-tree.yaml`` and ``categories.yaml``
(``settings.SHARED_DATA_DIR / "ai/beslishulp"`` at the call site), checked before use, and walked one answer at a
time. An answer either names the next question or conclusion, or carries ``redirects``: conditions on the labels
collected so far (a small part of JEXL: ``"x" in labels``, ``&&``, ``||``, ``!`` and brackets), the first that holds
wins, as in the aid's own front end. The tree's graph has a cycle (2.9 and 2.11 lead to each other) that the labels
break; so "no cycles" is checked on the walks themselves: no walk may ask a question twice.

Plain Python: no Django, so it can be tested and reused on its own.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

TREE_FILE = "decision-tree.yaml"
CATEGORIES_FILE = "categories.yaml"
DEFINITIONS_FILE = "definitions.yaml"
# The aid files each label under the subcategory of the question that gave it; the Algoritmekader's requirements
# state the profile they apply to under these keys (task-registry `ai_act_profile`), with the same label values.
PROFILE_KEYS = {
    "Soort toepassing": "type",
    "Verantwoordelijkheid": "role",
    "Risicogroep": "risk_group",
    "Systeemrisico": "systemic_risk",
    "Transparantieverplichting": "transparency_obligations",
    "Open source": "open_source",
    "Conformiteitsbeoordelingsinstantie": "conformity_assessment_body",
    "Operationeel": "operational",
}

# libyaml's safe loader when the build has it: twenty times faster on the 2,500-line tree than the pure one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Labels = frozenset[str]
Condition = Callable[[Labels], bool]


class TreeError(ValueError):
    """The decision tree cannot be used as it is; the message names the question, answer or conclusion."""


class WalkError(ValueError):
    """A list of answers does not fit the tree (an unknown question or answer, or answers after a conclusion)."""


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Redirect:
    condition_text: str
    condition: Condition = field(compare=False)
    next_question: str | None
    next_conclusion: str | None


@dataclass(frozen=True)
class Answer:
    text: str
    labels: tuple[str, ...]
    subresult: str
    next_question: str | None
    next_conclusion: str | None
    redirects: tuple[Redirect, ...]


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    explanation: str
    category: str
    subcategory: str
    sources: tuple[Source, ...]
    answers: tuple[Answer, ...]

    def answer(self, text: str) -> Answer | None:
        return next((answer for answer in self.answers if answer.text == text), None)


@dataclass(frozen=True)
class Conclusion:
    id: str
    text: str
    obligation: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Phase:
    """A part of the aid as categories.yaml groups it (applicability, risk group, conclusion)."""

    category: str
    subcategory: str


@dataclass(frozen=True)
class Tree:
    name: str
    version: str
    digest: str
    first: str
    questions: dict[str, Question]
    conclusions: dict[str, Conclusion]
    phases: dict[str, Phase]
    # The aid's glossary (term -> definition); it explains, it does not decide, so it is not in the digest.
    definitions: dict[str, str] = field(default_factory=dict)

    def phase_of(self, item_id: str) -> Phase | None:
        """The category of a question or conclusion: the longest dotted prefix of its id that categories.yaml names."""
        parts = item_id.split(".")
        for end in range(len(parts), 0, -1):
            found = self.phases.get(".".join(parts[:end]))
            if found is not None:
                return found
        return None

    def terms_in(self, *texts: str) -> list[tuple[str, str]]:
        """The glossary's terms that occur in the texts (whole words, any case), longest first, each definition once."""
        haystack = " ".join(texts).lower()
        found: dict[str, str] = {}
        for term in sorted(self.definitions, key=len, reverse=True):
            definition = self.definitions[term]
            if definition in found.values():
                continue
            if re.search(rf"(?<![\w-]){re.escape(term.lower())}(?![\w-])", haystack):
                found[term] = definition
        return sorted(found.items(), key=lambda item: item[0].lower())

    def categories(self) -> list[str]:
        """The aid's phases in their order, for a progress indicator."""
        return list(dict.fromkeys(phase.category for phase in self.phases.values()))


@dataclass(frozen=True)
class Step:
    question: str
    answer: str
    labels: tuple[str, ...]


@dataclass
class Walk:
    """Where a list of answers leads: the next question, or the conclusion, with the labels collected on the way."""

    steps: list[Step]
    labels: list[str]
    question: str | None
    conclusion: str | None
    refused: str | None = None  # a question whose given answer is not one of its answers

    @property
    def done(self) -> bool:
        return self.conclusion is not None


# --- conditions: the part of JEXL the tree uses ---

_TOKEN = re.compile(r'\s*(?:(?P<string>"[^"]*")|(?P<op>&&|\|\||!|\(|\))|(?P<word>in\b|labels\b))')


def _tokens(text: str) -> list[str]:
    found, position = [], 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise ValueError(f"cannot read {text[position:]!r}")
        found.append(match.group(match.lastgroup or ""))
        position = match.end()
    return found


def parse_condition(text: str) -> Condition:
    """A redirect's `if`, as a function of the labels; ValueError when it is not the supported JEXL."""
    tokens = _tokens(text)
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take(expected: str | None = None) -> str:
        nonlocal position
        token = peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"expected {expected or 'more'} in {text!r}")
        position += 1
        return token

    def either() -> Condition:
        parts = [both()]
        while peek() == "||":
            take("||")
            parts.append(both())
        return parts[0] if len(parts) == 1 else (lambda labels: any(part(labels) for part in parts))

    def both() -> Condition:
        parts = [single()]
        while peek() == "&&":
            take("&&")
            parts.append(single())
        return parts[0] if len(parts) == 1 else (lambda labels: all(part(labels) for part in parts))

    def single() -> Condition:
        token = take()
        if token == "!":
            inner = single()
            return lambda labels: not inner(labels)
        if token == "(":
            inner = either()
            take(")")
            return inner
        if token.startswith('"'):
            take("in")
            take("labels")
            label = token[1:-1]
            return lambda labels: label in labels
        raise ValueError(f"unexpected {token!r} in {text!r}")

    condition = either()
    if peek() is not None:
        raise ValueError(f"unexpected {peek()!r} in {text!r}")
    return condition


# --- loading and checking ---


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _sources(raw: object) -> tuple[Source, ...]:
    return tuple(Source(_text(item.get("source")), _text(item.get("url"))) for item in raw or [] if item)


def _answer(question_id: str, raw: dict) -> Answer:
    text = _text(raw.get("answer"))
    if not text:
        raise TreeError(f"question {question_id}: an answer has no text")
    redirects = []
    for item in raw.get("redirects") or []:
        condition_text = _text(item.get("if"))
        try:
            condition = parse_condition(condition_text)
        except ValueError as error:
            raise TreeError(f"question {question_id}, answer {text!r}: condition not understood: {error}") from None
        redirects.append(Redirect(condition_text, condition, item.get("nextQuestionId"), item.get("nextConclusionId")))
    answer = Answer(
        text=text,
        labels=tuple(_text(label) for label in raw.get("labels") or []),
        subresult=_text(raw.get("subresult")),
        next_question=raw.get("nextQuestionId"),
        next_conclusion=raw.get("nextConclusionId"),
        redirects=tuple(redirects),
    )
    ways = [bool(answer.next_question), bool(answer.next_conclusion), bool(answer.redirects)]
    if sum(ways) != 1:
        raise TreeError(
            f"question {question_id}, answer {text!r}: needs exactly one of nextQuestionId, nextConclusionId, redirects"
        )
    for redirect in answer.redirects:
        if bool(redirect.next_question) == bool(redirect.next_conclusion):
            raise TreeError(
                f"question {question_id}, answer {text!r}: a redirect needs one next question or conclusion"
            )
    return answer


def digest_of(raw: object) -> str:
    """The tree's content, not its layout: comments and indentation do not change it."""
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def parse_tree(raw: dict, raw_categories: list | None = None) -> Tree:
    if not isinstance(raw, dict) or not raw.get("questions") or not raw.get("conclusions"):
        raise TreeError("the decision tree needs questions and conclusions")
    questions: dict[str, Question] = {}
    for item in raw["questions"]:
        question_id = _text(item.get("questionId"))
        if not question_id:
            raise TreeError(f"a question has no questionId: {_text(item.get('question'))[:60]!r}")
        if question_id in questions:
            raise TreeError(f"question {question_id} appears twice")
        answers = tuple(_answer(question_id, answer) for answer in item.get("answers") or [])
        if not answers:
            raise TreeError(f"question {question_id} has no answers")
        if len({answer.text for answer in answers}) != len(answers):
            raise TreeError(f"question {question_id} has two answers with the same text")
        questions[question_id] = Question(
            id=question_id,
            text=_text(item.get("question")),
            explanation=_text(item.get("explanation")),
            category=_text(item.get("category")),
            subcategory=_text(item.get("subcategory")),
            sources=_sources(item.get("sources")),
            answers=answers,
        )
    conclusions: dict[str, Conclusion] = {}
    for item in raw["conclusions"]:
        conclusion_id = _text(item.get("conclusionId"))
        if not conclusion_id or conclusion_id in conclusions:
            raise TreeError(f"conclusion {conclusion_id or '(without id)'} is missing its id or appears twice")
        conclusions[conclusion_id] = Conclusion(
            conclusion_id, _text(item.get("conclusion")), _text(item.get("obligation")), _sources(item.get("sources"))
        )
    phases = {
        _text(item.get("questionId")): Phase(_text(item.get("category")), _text(item.get("subcategory")))
        for item in raw_categories or []
    }
    tree = Tree(
        name=_text(raw.get("name")),
        version=_text(raw.get("version")),
        digest=digest_of({"tree": raw, "categories": raw_categories or []}),
        first=next(iter(questions)),
        questions=questions,
        conclusions=conclusions,
        phases=phases,
    )
    _check_references(tree)
    _check_walks(tree)
    return tree


def _check_references(tree: Tree) -> None:
    for question in tree.questions.values():
        for answer in question.answers:
            for target_question, target_conclusion in [
                (answer.next_question, answer.next_conclusion),
                *((r.next_question, r.next_conclusion) for r in answer.redirects),
            ]:
                if target_question and target_question not in tree.questions:
                    raise TreeError(
                        f"question {question.id}, answer {answer.text!r}: "
                        f"next question {target_question} does not exist"
                    )
                if target_conclusion and target_conclusion not in tree.conclusions:
                    raise TreeError(
                        f"question {question.id}, answer {answer.text!r}: conclusion {target_conclusion} does not exist"
                    )


def next_of(answer: Answer, labels: Labels) -> tuple[str | None, str | None]:
    """Where an answer leads, given the labels collected so far (this answer's own included)."""
    if not answer.redirects:
        return answer.next_question, answer.next_conclusion
    for redirect in answer.redirects:
        if redirect.condition(labels):
            return redirect.next_question, redirect.next_conclusion
    return None, None


@dataclass(frozen=True)
class TreePath:
    """One walk through the tree: its answers, and the conclusion it ends at or the fault that stops it."""

    steps: tuple[Step, ...]
    conclusion: str | None = None
    fault: str | None = None

    @property
    def answers(self) -> list[tuple[str, str]]:
        return [(step.question, step.answer) for step in self.steps]


def paths(tree: Tree) -> Iterator[TreePath]:
    """Every walk through the tree, answer by answer: to a conclusion, or to a fault (a question asked twice on
    one walk, or an answer whose redirects all fail for the labels collected)."""

    def go(question_id: str, labels: tuple[str, ...], steps: tuple[Step, ...]) -> Iterator[TreePath]:
        for answer in tree.questions[question_id].answers:
            gathered = tuple(dict.fromkeys(labels + answer.labels))
            walked = (*steps, Step(question_id, answer.text, answer.labels))
            next_question, next_conclusion = next_of(answer, frozenset(gathered))
            if next_conclusion:
                yield TreePath(walked, conclusion=next_conclusion)
            elif next_question is None:
                fault = f"question {question_id}, answer {answer.text!r}: no redirect holds for labels {list(gathered)}"
                yield TreePath(walked, fault=fault)
            elif any(step.question == next_question for step in walked):
                yield TreePath(walked, fault=f"question {next_question} is asked twice on one walk (a cycle)")
            else:
                yield from go(next_question, gathered, walked)

    yield from go(tree.first, (), ())


def _check_walks(tree: Tree) -> None:
    reached_conclusions: set[str | None] = set()
    asked: set[str] = set()
    for path in paths(tree):
        if path.fault:
            raise TreeError(path.fault)
        asked.update(step.question for step in path.steps)
        reached_conclusions.add(path.conclusion)
    unreached = [conclusion for conclusion in tree.conclusions if conclusion not in reached_conclusions]
    if unreached:
        raise TreeError(f"no walk reaches conclusion(s) {', '.join(unreached)}")
    unasked = [question for question in tree.questions if question not in asked]
    if unasked:
        raise TreeError(f"no walk reaches question(s) {', '.join(unasked)}")


def load_tree(folder: Path) -> Tree:
    """The decision aid in folder (decision-tree.yaml, and categories.yaml when present), checked; TreeError if not."""
    folder = Path(folder)
    try:
        raw = yaml.load((folder / TREE_FILE).read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as error:
        raise TreeError(f"{TREE_FILE} is not valid YAML: {error}") from None
    categories_path = folder / CATEGORIES_FILE
    raw_categories = (
        yaml.load(categories_path.read_text(encoding="utf-8"), Loader=_LOADER) if categories_path.exists() else []
    )
    tree = parse_tree(raw, raw_categories)
    definitions_path = folder / DEFINITIONS_FILE
    if definitions_path.exists():
        glossary = yaml.load(definitions_path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        for item in glossary.get("definitions") or []:
            if _text(item.get("term")) and _text(item.get("definition")):
                tree.definitions[_text(item["term"])] = _text(item["definition"])
    return tree


# --- walking ---


def _take(walk: Walk, answer: Answer) -> None:
    question_id = walk.question or ""
    walk.steps.append(Step(question_id, answer.text, answer.labels))
    walk.labels = list(dict.fromkeys(walk.labels + list(answer.labels)))
    walk.question, walk.conclusion = next_of(answer, frozenset(walk.labels))
    if walk.question is None and walk.conclusion is None:
        raise WalkError(f"question {question_id}, answer {answer.text!r}: no way on with these labels")


def run(tree: Tree, answers: Iterable[tuple[str, str]]) -> Walk:
    """Walk (question id, answer text) pairs from the first question; WalkError where one does not fit."""
    walk = Walk(steps=[], labels=[], question=tree.first, conclusion=None)
    for question_id, answer_text in answers:
        if walk.question is None:
            raise WalkError(f"an answer to {question_id} after the conclusion")
        if question_id != walk.question:
            raise WalkError(f"question {walk.question} comes here, not {question_id}")
        answer = tree.questions[question_id].answer(answer_text)
        if answer is None:
            raise WalkError(f"question {question_id} has no answer {answer_text!r}")
        _take(walk, answer)
    return walk


def profile(tree: Tree, walk: Walk) -> dict:
    """The AI Act profile of a finished walk: each label under the Algoritmekader's key for the part of the aid
    that gave it (type, role, risk group, transparency obligations, ...), and the conclusion."""
    result: dict = {key: [] for key in dict.fromkeys(PROFILE_KEYS.values())}
    for step in walk.steps:
        phase = tree.phase_of(step.question)
        subcategory = phase.subcategory if phase else tree.questions[step.question].subcategory
        key = PROFILE_KEYS.get(subcategory, "other")
        for label in step.labels:
            if label not in result.setdefault(key, []):
                result[key].append(label)
    result["conclusion"] = walk.conclusion
    result["decision_aid_version"] = tree.version
    return result


def follow(tree: Tree, chosen: dict[str, str]) -> Walk:
    """Walk from the first question, taking each asked question's answer from chosen (question id -> answer text)
    for as long as there is one that fits; the walk stops at a question whose chosen answer is not one of its own
    (named in ``refused``), so a page can ask it again."""
    walk = Walk(steps=[], labels=[], question=tree.first, conclusion=None)
    while walk.question is not None and walk.question in chosen:
        question = tree.questions[walk.question]
        answer = question.answer(chosen[walk.question])
        if answer is None:
            walk.refused = question.id
            break
        _take(walk, answer)
    return walk
