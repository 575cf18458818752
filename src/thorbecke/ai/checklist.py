"""The framework as work to do for one algorithm: the requirements its AI Act profile has to meet, their measures per
lifecycle phase, and the state of each, with every change logged (decision 0037)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thorbecke.ai.framework import (
    DIMENSIONS,
    PROFILE_LABELS,
    Framework,
    Instrument,
    Measure,
    Phase,
    Profile,
    Requirement,
    load_framework,
)
from thorbecke.ai.models import (
    Algorithm,
    ChecklistChange,
    ChecklistItem,
    ChecklistState,
    FrameworkProfile,
    InstrumentAnswer,
)
from thorbecke.caches import process_cache
from thorbecke.web.forms import DesignSystemFormMixin

LOGGED = ("state", "reason", "evidence", "responsible", "reviewed_by", "reviewed_at")


def profile_of(algorithm: Algorithm, framework: Framework) -> tuple[Profile | None, str]:
    """The decision aid's profile when set, else one chosen by hand here; ("", None) when neither."""
    if algorithm.ai_act_profile:
        return framework.profile(algorithm.ai_act_profile), "classification"
    manual = FrameworkProfile.objects.filter(algorithm=algorithm).first()
    if manual and manual.profile:
        return framework.profile(manual.profile), "manual"
    return None, ""


def slug_of(item: str) -> str:
    """``urn:nl:ak:ver:aia-20`` -> ``ver-aia-20``: a requirement and a measure may share a code (dat-01)."""
    return item.removeprefix("urn:nl:ak:").replace(":", "-")


def item_of(slug: str) -> str:
    kind, _sep, code = slug.partition("-")
    return f"urn:nl:ak:{kind}:{code}"


@dataclass
class Line:
    id: str
    slug: str
    title: str
    url: str
    work: ChecklistItem | None


@dataclass
class Checklist:
    requirements: list[tuple[Requirement, Line]]
    phases: list[tuple[Phase, list[Line]]]

    def counts(self) -> dict[str, int]:
        lines = [line for _r, line in self.requirements] + [line for _p, lines in self.phases for line in lines]
        states = [line.work.state if line.work else ChecklistState.TODO for line in lines]
        return {state: states.count(state) for state in ChecklistState.values}


def checklist(algorithm: Algorithm, profile: Profile, framework: Framework | None = None) -> Checklist:
    framework = framework or load_framework()
    work = {w.item: w for w in algorithm.checklist.select_related("reviewed_by")}
    requirements = framework.applicable(profile)

    def line(item: Requirement | Measure) -> Line:
        return Line(item.id, slug_of(item.id), item.title, item.url, work.get(item.id))

    return Checklist(
        requirements=[(r, line(r)) for r in requirements],
        phases=[(phase, [line(m) for m in measures]) for phase, measures in framework.measures_by_phase(requirements)],
    )


def framework_item(framework: Framework, item: str) -> Requirement | Measure | None:
    if item in framework.requirements:
        return framework.requirements[item]
    return next((m for m in framework.measures.values() if m.id == item), None)


@process_cache(version=load_framework)
def profile_form() -> type[forms.Form]:
    """A profile chosen by hand, from the values the framework's filters use; the type is needed."""
    framework = load_framework()
    fields = {
        key: forms.ChoiceField(
            label=PROFILE_LABELS[key],
            required=key == "type",
            choices=[("", "—")] + [(v, v.replace("-", " ")) for v in framework.vocabulary[dimension]],
        )
        for key, dimension in DIMENSIONS.items()
    }
    return type("ProfileForm", (DesignSystemFormMixin, forms.Form), fields)


class ChecklistItemForm(DesignSystemFormMixin, forms.ModelForm):
    reviewed = forms.BooleanField(label=_("I have reviewed this work"), required=False)

    class Meta:
        model = ChecklistItem
        fields = ["state", "reason", "responsible", "evidence"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2}), "evidence": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"evidence": _("Links to documents that show the work, one per line (https://...).")}

    def clean_evidence(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["evidence"].splitlines() if line.strip()]
        check = URLValidator(schemes=["https", "http"])
        for line in lines:
            try:
                check(line)
            except ValidationError:
                raise ValidationError(_("Not a link: %(line)s"), params={"line": line}) from None
        return "\n".join(lines)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("state") == ChecklistState.NOT_APPLICABLE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why it does not apply."))
        return data


def _snapshot(item: ChecklistItem) -> dict:
    values = {name: getattr(item, name) for name in LOGGED}
    values["reviewed_by"] = item.reviewed_by.get_username() if item.reviewed_by else ""
    values["reviewed_at"] = item.reviewed_at.isoformat() if item.reviewed_at else ""
    return values


@transaction.atomic
def save_item(form: ChecklistItemForm, user: object) -> ChecklistItem:
    item = form.instance
    before = _snapshot(ChecklistItem.objects.get(pk=item.pk)) if item.pk else {}
    item = form.save(commit=False)
    if form.cleaned_data.get("reviewed"):
        item.reviewed_by, item.reviewed_at = user, timezone.now()
    item.save()
    after = _snapshot(item)
    if before != after:
        changed = {k for k in after if before.get(k) != after[k]}
        ChecklistChange.objects.create(
            checklist_item=item,
            author=user,
            before={k: before.get(k, "") for k in changed},
            after={k: after[k] for k in changed},
        )
    return item


def instrument_by_slug(framework: Framework, slug: str) -> Instrument | None:
    return next((i for i in framework.instruments.values() if i.slug == slug), None)


def answer_history(algorithm: Algorithm, instrument: Instrument) -> dict[str, list[InstrumentAnswer]]:
    """Every answer per question, newest first (answers are kept, never overwritten)."""
    history: dict[str, list[InstrumentAnswer]] = {}
    for answer in InstrumentAnswer.objects.filter(algorithm=algorithm, instrument=instrument.slug).select_related(
        "author"
    ):
        history.setdefault(answer.question, []).append(answer)
    return history


def current_answers(algorithm: Algorithm, instrument: Instrument) -> dict[str, InstrumentAnswer]:
    return {question: answers[0] for question, answers in answer_history(algorithm, instrument).items()}


MAX_ANSWER = 20_000


@transaction.atomic
def save_answers(algorithm: Algorithm, instrument: Instrument, given: Mapping[str, str], user: object) -> int:
    """Keeps a new answer for every question whose answer changed; returns how many. Field ``q<n>`` answers the
    instrument's n-th question, so the form follows the YAML's questions and order."""
    if any(len(given.get(f"q{n}", "")) > MAX_ANSWER for n in range(len(instrument.questions))):
        raise ValidationError(_("An answer is longer than %(max)s characters."), params={"max": MAX_ANSWER})
    current = current_answers(algorithm, instrument)
    new = [
        InstrumentAnswer(
            algorithm=algorithm,
            organisation_id=algorithm.organisation_id,
            instrument=instrument.slug,
            question=question.id,
            answer=given.get(f"q{n}", "").strip(),
            author=user,
        )
        for n, question in enumerate(instrument.questions)
        if given.get(f"q{n}", "").strip() != (current[question.id].answer if question.id in current else "")
    ]
    InstrumentAnswer.objects.bulk_create(new)
    return len(new)
