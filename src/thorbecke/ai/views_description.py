"""Staff pages of the register: an organisation's editors describe, change and publish their own algorithms."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thorbecke.ai.exchange_format import import_descriptions
from thorbecke.ai.forms_description import description_form, new_document
from thorbecke.ai.models import Algorithm
from thorbecke.ai.register import TRANSITIONS, DescriptionRefused, move, save_description
from thorbecke.ai.schema import example_descriptions
from thorbecke.registry.permissions import can_change, membership_of, require_change


def _own_organisation(request: HttpRequest) -> object:
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    return membership.organisation


def _templates() -> list[tuple[str, str, str]]:
    return [(e["id"], e["name"], e.get("_template_source", "")) for e in example_descriptions()]


@login_required
def own_algorithms(request: HttpRequest) -> HttpResponse:
    organisation = _own_organisation(request)
    algorithms = Algorithm.objects.filter(organisation=organisation).order_by("name", "pk")
    writer = can_change(request.user, Algorithm(organisation=organisation))
    return render(
        request,
        "ai/description_own.html",
        {"organisation": organisation, "algorithms": algorithms, "writer": writer, "templates": _templates()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def algorithm_new(request: HttpRequest) -> HttpResponse:
    organisation = _own_organisation(request)
    require_change(request.user, Algorithm(organisation=organisation))
    templates = {example["id"]: example for example in example_descriptions()}
    document = templates.get(request.GET.get("template", "")) or new_document(organisation.name)
    # An example is a supplier's or another organisation's: the one describing it now is the one that uses it.
    document = {**document, "organization": organisation.name}
    form = description_form(request.POST or None, document=document)
    if request.method == "POST" and form.is_valid():
        algorithm = save_description(
            form.cleaned_document, organisation=organisation, user=request.user, note=form.cleaned_data["note"]
        )
        messages.success(request, _("The description has been saved as a concept."))
        return redirect("ai:algorithm-edit", public_id=algorithm.public_id)
    status = 400 if form.errors else 200
    return render(request, "ai/description_form.html", {"form": form, "algorithm": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def algorithm_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    algorithm = get_object_or_404(Algorithm.objects.select_related("organisation"), public_id=public_id)
    require_change(request.user, algorithm)
    form = description_form(request.POST or None, document=algorithm.document)
    if request.method == "POST" and form.is_valid():
        save_description(form.cleaned_document, algorithm=algorithm, user=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Your changes have been saved."))
        return redirect("ai:algorithm-edit", public_id=algorithm.public_id)
    context = {
        "form": form,
        "algorithm": algorithm,
        "versions": algorithm.versions.select_related("author").order_by("-number"),
        "steps": [step for step, (sources, _target) in TRANSITIONS.items() if algorithm.lifecycle in sources],
    }
    return render(request, "ai/description_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def algorithm_move(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    algorithm = get_object_or_404(Algorithm, public_id=public_id)
    require_change(request.user, algorithm)
    try:
        move(algorithm, request.POST.get("step", ""), request.user, request.POST.get("note", "")[:500])
    except ValueError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("The register status is now: %(status)s.")
            % {"status": str(algorithm.get_lifecycle_display()).lower()},  # mid-sentence
        )
    return redirect("ai:algorithm-edit", public_id=algorithm.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def algorithm_import(request: HttpRequest) -> HttpResponse:
    organisation = _own_organisation(request)
    require_change(request.user, Algorithm(organisation=organisation))
    problems, text = [], request.POST.get("json", "")
    if request.method == "POST":
        upload = request.FILES.get("file")
        data = upload.read() if upload else text
        try:
            imported = import_descriptions(data, organisation, user=request.user)
        except DescriptionRefused as refused:
            problems = refused.problems
        else:
            messages.success(request, _("%(count)d descriptions imported as concepts.") % {"count": len(imported)})
            return redirect("ai:own")
    return render(
        request,
        "ai/description_import.html",
        {"problems": problems, "text": text},
        status=400 if problems else 200,
    )
