"""The AI Act decision aid as a guided page, one question per page, and the classifications that need review.

The answers given so far travel in the page's address (question id = answer text), so a page is a plain GET that
can be bookmarked, the browser's back button works, and going back or changing an earlier answer is a link. Only
storing the conclusion is a POST; it walks the answers again through the engine before anything is kept.
The aid exists only in Dutch: an English page shows its texts as published, marked lang="nl", in an English frame.
"""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thorbecke.ai import rerun
from thorbecke.ai.classification import check, current_tree, latest, store
from thorbecke.ai.decision_aid import Tree, Walk, follow, profile
from thorbecke.ai.models import Algorithm, Classification
from thorbecke.registry.permissions import can_change, membership_of, require_change

# The aid's texts carry a little HTML (line breaks, bold, italics); only those tags are let through.
_ALLOWED_TAG = re.compile(r"&lt;(/?(?:br|strong|i|em|b)\s*/?)&gt;")


def aid_html(text: str) -> SafeString:
    # Escaped first; only the allowed tags are put back.
    return mark_safe(_ALLOWED_TAG.sub(r"<\1>", escape(text)))


def _address(algorithm: Algorithm, answers: list[tuple[str, str]]) -> str:
    """The guided page with these answers given (question id, answer text)."""
    base = reverse("ai:classify", kwargs={"public_id": algorithm.public_id})
    return f"{base}?{urlencode(answers)}" if answers else base


def _answers(steps: list) -> list[tuple[str, str]]:
    return [(step.question, step.answer) for step in steps]


def again(classification: Classification) -> str:
    """The guided page with a stored classification's answers; it stops where one no longer fits."""
    return _address(
        classification.algorithm, [(given["question"], given["answer"]) for given in classification.answers]
    )


def _walk(request: HttpRequest, tree: Tree) -> tuple[Walk, str | None]:
    walk = follow(tree, {key: value for key, value in request.GET.items() if key in tree.questions})
    if walk.refused:
        return walk, _("One of the answers in the address is not an answer to its question; please answer again.")
    return walk, None


def profile_names() -> dict[str, str]:
    return {
        "type": _("Type of application"),
        "role": _("Role under the AI Act"),
        "risk_group": _("Risk group under the AI Act"),
        "systemic_risk": _("Systemic risk"),
        "transparency_obligations": _("Transparency obligations"),
        "open_source": _("Open or free licence"),
        "conformity_assessment_body": _("Conformity assessment by a third party"),
        "operational": _("Stage of use"),
        "other": _("Other labels"),
    }


def describe(difference: dict) -> str:
    texts = {
        rerun.QUESTION_GONE: _("Question {item} no longer exists."),
        rerun.QUESTION_CHANGED: _("Question {item} was reworded: “{old}” is now “{new}”."),
        rerun.ANSWER_GONE: _("The answer “{old}” to question {item} no longer exists."),
        rerun.LABELS_CHANGED: _("The answer to question {item} now gives the labels “{new}” instead of “{old}”."),
        rerun.PATH_CHANGED: _("After question {item} the decision aid now goes another way."),
        rerun.UNANSWERED: _("Question {item} is new on this walk and has no answer yet."),
        rerun.CONCLUSION_CHANGED: _("The conclusion is now {new} instead of {old}."),
        rerun.CONCLUSION_TEXT_CHANGED: _("Conclusion {item} was reworded."),
    }
    template = texts.get(difference.get("kind", ""), _("Something changed at {item}."))
    return template.format(
        item=difference.get("item", ""), old=difference.get("old", ""), new=difference.get("new", "")
    )


def _differences(classification: Classification | None, tree: Tree) -> list[str]:
    if classification is None:
        return []
    found = classification.differences if classification.checked_digest == tree.digest else check(classification, tree)
    return [describe(difference) for difference in found]


@login_required
@require_http_methods(["GET", "POST"])
def classify(request: HttpRequest, public_id: str) -> HttpResponse:
    algorithm = get_object_or_404(Algorithm.objects.select_related("organisation"), public_id=public_id)
    require_change(request.user, algorithm)
    tree = current_tree()
    walk, problem = _walk(request, tree)
    if request.method == "POST":
        if problem or not walk.done:
            messages.error(request, _("The decision aid is not finished yet: nothing was saved."))
            return redirect(_address(algorithm, _answers(walk.steps)))
        store(algorithm, tree, walk, request.user)
        messages.success(request, _("The classification is saved and sets the algorithm's AI Act profile."))
        return redirect("ai:classification-review")
    stored = latest(algorithm)
    steps = [
        {
            "question": tree.questions[step.question],
            "answer": step.answer,
            "change": _address(algorithm, _answers(walk.steps[:index])),
        }
        for index, step in enumerate(walk.steps)
    ]
    current = tree.questions.get(walk.question or "")
    phase = tree.phase_of(walk.question or walk.conclusion or "")
    context = {
        "algorithm": algorithm,
        "tree": tree,
        "problem": problem,
        "steps": steps,
        "question": current,
        "explanation": aid_html(current.explanation) if current else "",
        "terms": tree.terms_in(current.text, current.explanation) if current else [],
        "hidden": _answers(walk.steps),
        "back": _address(algorithm, _answers(walk.steps[:-1])) if walk.steps else None,
        "number": len(walk.steps) + 1,
        "phases": tree.categories(),
        "phase": phase.category if phase else "",
        "conclusion": tree.conclusions.get(walk.conclusion or ""),
        "stored": stored if not walk.steps else None,
        "stored_differences": _differences(stored, tree) if not walk.steps else [],
        "again": again(stored) if stored and not walk.steps else None,
    }
    if context["conclusion"]:
        context["obligation"] = aid_html(context["conclusion"].obligation)
        names = profile_names()
        context["profile"] = [
            (names.get(key, key), values)
            for key, values in profile(tree, walk).items()
            if isinstance(values, list) and values
        ]
    return render(request, "ai/classification_step.html", context)


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """Every algorithm of the reader's organisation with its classification, those whose tree changed first."""
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    tree = current_tree()
    rows = []
    algorithms = Algorithm.objects.filter(organisation=membership.organisation).prefetch_related("classifications")
    for algorithm in algorithms:
        classification = next(iter(algorithm.classifications.all()), None)
        differences = _differences(classification, tree)
        rows.append(
            {
                "algorithm": algorithm,
                "classification": classification,
                "differences": differences,
                "needs_review": bool(differences) or bool(classification and classification.needs_review),
                "may_classify": can_change(request.user, algorithm),
                "again": again(classification) if classification else None,
            }
        )
    context = {
        "organisation": membership.organisation,
        "tree": tree,
        "to_review": [row for row in rows if row["needs_review"]],
        "rows": rows,
    }
    return render(request, "ai/classification_review.html", context)
