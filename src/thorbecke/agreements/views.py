"""The catalogue of agreements: public to read, changed by the national programme only, every change a version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thorbecke.agreements.forms import AgreementForm
from thorbecke.agreements.models import Agreement, AgreementVersion, Kind, Status
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
