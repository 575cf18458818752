"""Pooled demand, the programme's pages: needs aggregated by kind, quarter and layer; forming a bundle for joint
procurement; a bundle with the offerings that meet every member, or what blocks them. The programme only: the
cells lead to each organisation's needs."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thorbecke.cloud import pooling, taxonomy
from thorbecke.cloud.forms_pooling import BundleForm, DemandFilter
from thorbecke.cloud.models import Bundle, Need
from thorbecke.registry.permissions import is_programme, require_membership


def _require_programme(request: HttpRequest) -> None:
    require_membership(request.user)
    if not is_programme(request.user):
        raise PermissionDenied


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _require_programme(request)
    periods = sorted({pooling.period_of(day) for day in Need.objects.values_list("starts_on", flat=True)})
    filters = DemandFilter(request.GET or None, periods=periods)
    chosen = filters.chosen()
    names = _names()
    cells = [{"cell": c, "model": names[c.service_model], "volumes": sorted(c.volumes.items()),
              "query": urlencode({"kind": c.service_model, "period": c.period, "layer": c.layer})}
             for c in pooling.aggregate(**chosen)]  # fmt: skip
    needs = [_need_row(n, names) for n in pooling.needs_in(**chosen)] if any(chosen.values()) else None
    bundles = Bundle.objects.annotate(members=Count("needs")).order_by("-created_at")
    return render(request, "cloud/pooling.html", {"filters": filters, "cells": cells, "needs": needs,
                                                  "bundles": bundles})  # fmt: skip


def _names() -> dict[str, str]:
    tax = taxonomy.current()
    return {c: tax.name("service_models", c) for c in tax.codes("service_models")} | {
        c: tax.name("classifications", c) for c in tax.codes("classifications")
    }


def _need_row(need: Need, names: dict[str, str]) -> dict:
    return {"need": need, "model": names.get(need.service_model, need.service_model),
            "classification": names.get(need.classification, need.classification)}  # fmt: skip


@login_required
def new_bundle(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    _require_programme(request)
    form = BundleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bundle = pooling.form_bundle(data["title"], data["notes"], data["needs"], membership.organisation)
        except pooling.PoolingError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("The bundle is formed."))
            return redirect("cloud:bundle", pk=bundle.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cloud/pooling_new.html", {"form": form}, status=status)


@login_required
def bundle(request: HttpRequest, pk: int) -> HttpResponse:
    _require_programme(request)
    found = get_object_or_404(Bundle, pk=pk)
    needs = list(found.needs.select_related("organisation").order_by("organisation__sort_name", "pk"))
    names = _names()
    result = pooling.offers_for(needs)
    return render(request, "cloud/pooling_bundle.html", {
        "bundle": found, "members": [_need_row(n, names) for n in needs], "volume": sum(n.volume for n in needs),
        "unit": needs[0].unit if needs else "", "window": pooling.window(needs) if needs else None,
        "model": names.get(needs[0].service_model, "") if needs else "", "result": result,
        "funnel": [(pooling.gate_label(step.gate), step.left) for step in result.funnel],
        "blocked_by": pooling.gate_label(result.blocked_by) if result.blocked_by else "",
    })  # fmt: skip
