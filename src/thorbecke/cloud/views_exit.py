"""Out of the public cloud, and contracts: the critical services on a public cloud outside the EU with where they
could move, and an organisation's cloud contracts with the chances to pool them.

Both pages are for staff only. Exits follow the landscape's visibility (an organisation's own staff see their own,
the programme all); contracts are seen by their organisation, and pooling opportunities as ``contract_pooling``
says (the programme in full, an organisation as count and total)."""

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from thorbecke.cloud import taxonomy
from thorbecke.cloud.contract_pooling import opportunities
from thorbecke.cloud.forms_exit import ContractForm
from thorbecke.cloud.models import Contract
from thorbecke.cloud.public_cloud_exit import exits
from thorbecke.landscape.views import DEMO_SOURCE
from thorbecke.landscape.visibility import scope_of
from thorbecke.registry.models import Membership
from thorbecke.registry.permissions import can_change, is_programme, require_change, require_membership


def offering_url(offering_id: int) -> str:
    """The offering's page in the catalogue; empty while the catalogue's route is not there to link to."""
    try:
        return reverse("cloud:offering", args=[offering_id])
    except NoReverseMatch:
        return ""


@login_required
def public_cloud_exit(request: HttpRequest) -> HttpResponse:
    require_membership(request.user)
    found = exits(scope_of(request.user))
    tax = taxonomy.current()
    rows = [
        {"exit": e, "candidates": [(m, offering_url(m.offering_id)) for m in e.result.matches],
         "service_model": tax.name("service_models", e.constraints.service_model),
         "classification": tax.name("classifications", e.constraints.classification)}
        for e in found
    ]  # fmt: skip
    groups = [(owner, list(group)) for owner, group in groupby(rows, key=lambda r: r["exit"].service.entity.owner)]
    return render(
        request,
        "cloud/exit.html",
        {"groups": groups, "count": len(found), "demo": any(e.service.entity.source == DEMO_SOURCE for e in found)},
    )


def _contracts_page(
    request: HttpRequest, membership: Membership, form: ContractForm, status: int = 200
) -> HttpResponse:
    programme = is_programme(request.user)
    blank = Contract(organisation_id=membership.organisation_id)
    return render(
        request,
        "cloud/exit_contracts.html",
        {"form": form, "can_add": can_change(request.user, blank), "programme": programme,
         "contracts": Contract.objects.filter(organisation_id=membership.organisation_id).select_related("offering"),
         "opportunities": opportunities(None if programme else membership.organisation_id)},
        status=status,
    )  # fmt: skip


@login_required
def contracts(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    return _contracts_page(request, membership, ContractForm())


@login_required
@require_POST
def contract_new(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    blank = Contract(organisation_id=membership.organisation_id)
    require_change(request.user, blank)
    form = ContractForm(request.POST, instance=blank)
    if not form.is_valid():
        return _contracts_page(request, membership, form, status=400)
    form.save()
    return redirect("cloud:contracts")
