"""The catalogue of agreements: public to read, changed by the national programme only, every change a version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thorbecke.agreements import scorecards
from thorbecke.agreements.forms import AgreementForm
from thorbecke.agreements.models import Agreement, AgreementVersion, Kind, Status
from thorbecke.registry.models import OrganisationType
from thorbecke.registry.permissions import can_change, require_change


def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = Agreement.objects.all()
    status = request.GET.get("status", "")
    if status in Status.values:
        agreements = agreements.filter(status=status)
    context = {
        "standards": [a for a in agreements if a.kind == Kind.STANDARD],
        "blocks": [a for a in agreements if a.kind == Kind.BUILDING_BLOCK],
        "statuses": Status.choices,
        "status": status,
    }
    return render(request, "agreements/list.html", context)


def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(Agreement, slug=slug)
    context = {
        "agreement": agreement,
        "versions": agreement.versions.select_related("changed_by"),
        "can_change": can_change(request.user, agreement),
    }
    return render(request, "agreements/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(Agreement, slug=slug)
    require_change(request.user, agreement)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            AgreementVersion.record(agreement, form.cleaned_data["note"], request.user)
        messages.success(request, _("Saved as a new version."))
        return redirect("agreements:detail", slug=agreement.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "agreements/edit.html", {"form": form, "agreement": agreement}, status=status)


def _scorecard_rows(request: HttpRequest) -> tuple[list[scorecards.Row], str]:
    org_type = request.GET.get("type", "")
    if org_type not in OrganisationType.values:
        org_type = ""
    return scorecards.scorecards(org_type), org_type


def scorecard(request: HttpRequest) -> HttpResponse:
    """Public: who meets the measured agreements, and who does not."""
    rows, org_type = _scorecard_rows(request)
    labels = dict(OrganisationType.choices)
    context = {
        "rows": [
            {"row": row, "lights": [(row.lights[c], scorecards.LIGHTS[row.lights[c]]) for c in scorecards.CHECKS]}
            for row in rows[:1000]
        ],
        "checks": list(scorecards.CHECKS.values()),
        "summary": [
            {
                "type": labels.get(group["type"], group["type"]),
                "cells": [group["checks"].get(c, {"meets": 0, "measured": 0}) for c in scorecards.CHECKS],
            }
            for group in scorecards.by_type(rows)
        ],
        "types": OrganisationType.choices,
        "type": org_type,
    }
    return render(request, "agreements/scorecard.html", context)


def scorecard_csv(request: HttpRequest) -> HttpResponse:
    rows, _type = _scorecard_rows(request)
    response = HttpResponse(scorecards.as_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="scorecard.csv"'
    return response


def scorecard_json(request: HttpRequest) -> JsonResponse:
    rows, _type = _scorecard_rows(request)
    return JsonResponse({"organisations": scorecards.as_json(rows)}, json_dumps_params={"ensure_ascii": False})
