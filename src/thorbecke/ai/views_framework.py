"""The algorithm framework's public pages: its requirements, filtered by law, lifecycle phase and AI Act profile, and
one requirement with its measures per phase and its sources."""

import functools

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from thorbecke.ai.framework import DIMENSIONS, Framework, load_framework
from thorbecke.web.forms import DesignSystemFormMixin

PROFILE_LABELS = {
    "type": _("AI Act: type of application"),
    "risk_group": _("AI Act: risk group"),
    "role": _("AI Act: role"),
    "transparency_obligations": _("AI Act: transparency obligation"),
    "systemic_risk": _("AI Act: systemic risk"),
    "open_source": _("AI Act: open source"),
}


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [("", _("any"))] + [(v, v.replace("-", " ")) for v in values]


@functools.cache
def filter_form(framework: Framework) -> type[forms.Form]:
    """The filter form: every choice comes from the framework's data (its laws, phases, the Algoritmekader's filter
    values), so a value the data does not know is refused with the field named."""
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
    form = filter_form(framework)(request.GET or None)
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
