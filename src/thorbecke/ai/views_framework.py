"""The algorithm framework's public pages: its requirements, filtered by law, lifecycle phase and AI Act profile, and
one requirement with its measures per phase and its sources."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from thorbecke.ai.checklist import (
    ChecklistItemForm,
    answer_history,
    checklist,
    framework_item,
    instrument_by_slug,
    item_of,
    profile_form,
    profile_of,
    save_answers,
    save_item,
)
from thorbecke.ai.framework import DIMENSIONS, PROFILE_LABELS, load_framework
from thorbecke.ai.models import Algorithm, ChecklistItem, FrameworkProfile
from thorbecke.caches import process_cache
from thorbecke.registry.permissions import can_change, knows_staff_of, require_change
from thorbecke.web.forms import DesignSystemFormMixin


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [("", _("any"))] + [(v, v.replace("-", " ")) for v in values]


@process_cache(version=load_framework)
def filter_form() -> type[forms.Form]:
    """The filter form: every choice comes from the framework's data (its laws, phases, the Algoritmekader's filter
    values), so a value the data does not know is refused with the field named."""
    framework = load_framework()
    fields: dict[str, forms.Field] = {
        "law": forms.ChoiceField(
            label=_("Law"), required=False, choices=[("", _("any"))] + [(w.code, w.name) for w in framework.laws()]
        ),
        "phase": forms.ChoiceField(
            label=_("Lifecycle phase"),
            required=False,
            choices=[("", _("any"))] + [(p.slug, p.name) for p in framework.phases],
        ),
    }
    for key, dimension in DIMENSIONS.items():
        fields[key] = forms.ChoiceField(
            label=PROFILE_LABELS[key], required=False, choices=_choices(framework.vocabulary[dimension])
        )
    return type("RequirementFilterForm", (DesignSystemFormMixin, forms.Form), fields)


def requirement_list(request: HttpRequest) -> HttpResponse:
    framework = load_framework()
    form = filter_form()(request.GET or None)
    requirements = list(framework.requirements.values())
    profile = None
    if form.is_valid():
        data = form.cleaned_data
        if any(data[key] for key in DIMENSIONS):
            profile = framework.profile({key: data[key] for key in DIMENSIONS if data[key]})
            requirements = framework.applicable(profile)
        if data["law"]:
            requirements = [r for r in requirements if r.law.code == data["law"]]
        if data["phase"]:
            requirements = [r for r in requirements if data["phase"] in r.phases]
    elif form.is_bound:
        requirements = []
    phases = {p.slug: p.name for p in framework.phases}
    rows = [(r, [phases.get(s, s) for s in r.phases]) for r in requirements]
    return render(
        request,
        "ai/framework_list.html",
        {"form": form, "rows": rows, "total": len(framework.requirements), "profile": profile},
    )


def requirement_detail(request: HttpRequest, code: str) -> HttpResponse:
    framework = load_framework()
    requirement = framework.requirements.get(f"urn:nl:ak:ver:{code}")
    if requirement is None:
        raise Http404
    phases = {p.slug: p.name for p in framework.phases}
    return render(
        request,
        "ai/framework_requirement.html",
        {
            "requirement": requirement,
            "phases": [phases.get(s, s) for s in requirement.phases],
            "measures_by_phase": framework.measures_by_phase([requirement]),
            "filters": [(PROFILE_LABELS[key], requirement.filters[d]) for key, d in DIMENSIONS.items()],
        },
    )


def _algorithm_for_staff(request: HttpRequest, public_id: object) -> Algorithm:
    """The algorithm, for its own organisation's staff and the programme: the checklist names who did the work."""
    algorithm = get_object_or_404(Algorithm.objects.select_related("organisation"), public_id=public_id)
    if not knows_staff_of(request.user, algorithm.organisation_id):
        raise PermissionDenied
    return algorithm


@login_required
@require_GET
def algorithm_checklist(request: HttpRequest, public_id: object) -> HttpResponse:
    algorithm = _algorithm_for_staff(request, public_id)
    framework = load_framework()
    profile, source = profile_of(algorithm, framework)
    return render(
        request,
        "ai/framework_checklist.html",
        {
            "algorithm": algorithm,
            "profile": profile,
            "profile_source": source,
            "profile_values": [(PROFILE_LABELS[k], v) for k, v in profile.values().items() if v] if profile else [],
            "checklist": checklist(algorithm, profile, framework) if profile else None,
            "profile_form": profile_form()() if source != "classification" else None,
            "can_change": can_change(request.user, algorithm),
            "instruments": framework.instruments.values(),
        },
    )


@login_required
@require_POST
def algorithm_profile(request: HttpRequest, public_id: object) -> HttpResponse:
    algorithm = get_object_or_404(Algorithm, public_id=public_id)
    require_change(request.user, algorithm)
    form = profile_form()(request.POST)
    if not form.is_valid():
        return render(
            request,
            "ai/framework_checklist.html",
            {"algorithm": algorithm, "profile_form": form, "can_change": True},
            status=400,
        )
    FrameworkProfile.objects.update_or_create(
        algorithm=algorithm,
        defaults={
            "organisation_id": algorithm.organisation_id,
            "profile": {k: v for k, v in form.cleaned_data.items() if v},
            "set_by": request.user,
        },
    )
    return redirect("ai:framework-checklist", public_id=algorithm.public_id)


def _item_page(request: HttpRequest, algorithm: Algorithm, slug: str, form: ChecklistItemForm | None) -> HttpResponse:
    framework = load_framework()
    entry = framework_item(framework, item_of(slug))
    if entry is None:
        raise Http404
    work = ChecklistItem.objects.filter(algorithm=algorithm, item=entry.id).select_related("reviewed_by").first()
    editable = can_change(request.user, algorithm)
    if form is None and editable:
        form = ChecklistItemForm(instance=work or ChecklistItem(algorithm=algorithm, item=entry.id))
    return render(
        request,
        "ai/framework_item.html",
        {
            "algorithm": algorithm,
            "entry": entry,
            "slug": slug,
            "work": work,
            "form": form,
            "changes": work.changes.select_related("author")[:50] if work else [],
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_GET
def checklist_item(request: HttpRequest, public_id: object, item: str) -> HttpResponse:
    return _item_page(request, _algorithm_for_staff(request, public_id), item, None)


@login_required
@require_POST
def checklist_item_save(request: HttpRequest, public_id: object, item: str) -> HttpResponse:
    algorithm = get_object_or_404(Algorithm, public_id=public_id)
    require_change(request.user, algorithm)
    entry = framework_item(load_framework(), item_of(item))
    if entry is None:
        raise Http404
    work = ChecklistItem.objects.filter(algorithm=algorithm, item=entry.id).first()
    form = ChecklistItemForm(
        request.POST,
        instance=work or ChecklistItem(algorithm=algorithm, organisation_id=algorithm.organisation_id, item=entry.id),
    )
    if not form.is_valid():
        return _item_page(request, algorithm, item, form)
    form.instance.title = entry.title[:300]
    save_item(form, request.user)
    return redirect("ai:framework-item", public_id=algorithm.public_id, item=item)


@login_required
@require_GET
def instrument(request: HttpRequest, public_id: object, slug: str) -> HttpResponse:
    return _instrument_page(request, _algorithm_for_staff(request, public_id), slug, error=None)


def _instrument_page(request: HttpRequest, algorithm: Algorithm, slug: str, error: str | None) -> HttpResponse:
    chosen = instrument_by_slug(load_framework(), slug)
    if chosen is None:
        raise Http404
    history = answer_history(algorithm, chosen)
    given = request.POST if error else {}
    questions = [
        (
            f"q{n}",
            question,
            given.get(f"q{n}", history[question.id][0].answer if question.id in history else ""),
            history.get(question.id, []),
        )
        for n, question in enumerate(chosen.questions)
    ]
    return render(
        request,
        "ai/framework_instrument.html",
        {
            "algorithm": algorithm,
            "instrument": chosen,
            "questions": questions,
            "can_change": can_change(request.user, algorithm),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def instrument_save(request: HttpRequest, public_id: object, slug: str) -> HttpResponse:
    algorithm = get_object_or_404(Algorithm, public_id=public_id)
    require_change(request.user, algorithm)
    chosen = instrument_by_slug(load_framework(), slug)
    if chosen is None:
        raise Http404
    try:
        save_answers(algorithm, chosen, request.POST, request.user)
    except ValidationError as refused:
        return _instrument_page(request, algorithm, slug, error=" ".join(refused.messages))
    return redirect("ai:framework-instrument", public_id=algorithm.public_id, slug=slug)
