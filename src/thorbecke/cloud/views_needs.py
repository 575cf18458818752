"""An organisation's cloud needs: its list, registering and changing one, one need's page with its matches explained
(or what blocks a match), and removing one.

Who sees what: a need is its organisation's; its staff and the programme see it, anyone else gets 404, as if it did
not exist. Its organisation's editors and administrators change and remove it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thorbecke.cloud import taxonomy
from thorbecke.cloud.forms_needs import NeedForm
from thorbecke.cloud.framework import framework
from thorbecke.cloud.matching import Constraints, match
from thorbecke.cloud.models import Need
from thorbecke.registry.permissions import can_change, is_programme, membership_of, require_change, require_membership
from thorbecke.web.templatetags.numbers import percent


def visible_need(user: object, pk: int) -> Need:
    """The need, for its own organisation's staff and the programme; 404 for anyone else."""
    need = get_object_or_404(Need.objects.select_related("organisation"), pk=pk)
    membership = membership_of(user)
    if membership is None or not (is_programme(user) or membership.organisation_id == need.organisation_id):
        raise Http404
    return need


@login_required
def needs(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    programme = is_programme(request.user)
    queryset = Need.objects.select_related("organisation")
    if not programme:
        queryset = queryset.filter(organisation_id=membership.organisation_id)
    tax = taxonomy.current()
    rows = [(n, tax.name("service_models", n.service_model), tax.name("classifications", n.classification))
            for n in queryset]  # fmt: skip
    return render(request, "cloud/needs.html", {
        "rows": rows, "programme": programme,
        "can_register": can_change(request.user, Need(organisation_id=membership.organisation_id)),
    })  # fmt: skip


@login_required
def new(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    require_change(request.user, Need(organisation_id=membership.organisation_id))
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        need = form.save(commit=False)
        need.organisation_id = membership.organisation_id
        need.save()
        messages.success(request, _("The need is registered. Below are the offerings that meet it."))
        return redirect("cloud:need", pk=need.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cloud/needs_form.html", {"form": form, "need": None}, status=status)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = visible_need(request.user, pk)
    require_change(request.user, need)
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The need is saved."))
        return redirect("cloud:need", pk=need.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cloud/needs_form.html", {"form": form, "need": need}, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = visible_need(request.user, pk)
    objectives = framework().objectives
    tax = taxonomy.current()
    return render(request, "cloud/need.html", {
        "need": need, "result": match(Constraints.of(need)),
        "service_model": tax.name("service_models", need.service_model),
        "classification": tax.name("classifications", need.classification),
        "levels": [(o, need.minimum_levels.get(o.code)) for o in objectives if need.minimum_levels.get(o.code)],
        "programme": is_programme(request.user), "can_change": can_change(request.user, need),
        "availability": _availability(need),
    })  # fmt: skip


def _availability(need: Need) -> str:
    """The minimum availability as people read it (99.95%), with as many decimals as were given."""
    value = need.minimum_availability
    if value is None:
        return ""
    return percent(float(value) / 100, max(0, -value.normalize().as_tuple().exponent))


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    need = visible_need(request.user, pk)
    if not can_change(request.user, need):
        raise PermissionDenied
    if request.method == "POST":
        need.delete()
        return redirect("cloud:needs")
    return render(request, "cloud/needs_delete.html", {"need": need})
