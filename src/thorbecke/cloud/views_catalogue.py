"""The supply catalogue's pages: the public list with search and filters, one offering with everything about it
(its sovereignty table showing how the score is computed), and adding and changing providers and offerings.

Anyone reads the catalogue. Staff of an organisation add providers and offerings as their own organisation; only
that organisation's editors and administrators (the programme at its own seat) change an offering."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thorbecke.cloud import taxonomy
from thorbecke.cloud.catalogue import expired, search
from thorbecke.cloud.forms_catalogue import (
    CertificationFormSet,
    OfferingForm,
    ProviderForm,
    SearchForm,
    objective_fields,
)
from thorbecke.cloud.framework import framework
from thorbecke.cloud.models import Certification, Offering, Provider, SovereigntyAssessment
from thorbecke.cloud.supply import supply
from thorbecke.cloud.usage import users_of
from thorbecke.registry.permissions import can_change, is_programme, membership_of, require_change, require_membership

PAGE_SIZE = 50


def offerings(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    hits = search(form.filters())
    page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
    prefetch_related_objects([hit.offering for hit in page], "certifications")
    return render(request, "cloud/catalogue.html", {
        "form": form, "page": page, "found": len(hits), "today": timezone.localdate(),
        "may_add": _may_add(request),
    })  # fmt: skip


def _may_add(request: HttpRequest) -> bool:
    membership = membership_of(request.user)
    return membership is not None and can_change(request.user, Offering(added_by_id=membership.organisation_id))


def sovereignty_table(offering: Offering) -> tuple[list[dict], float]:
    """Per objective its weight, own level, effective level, the offering beneath it inherits a lower level from,
    the evidence and what it adds to the score; and the score."""
    s = supply()
    row = s.rows[s.index[offering.pk]]
    beneath = {o.pk: o for o in offering.runs_on.select_related("provider")}
    evidence = dict(offering.assessments.values_list("objective", "evidence"))
    lines = []
    for objective in framework().objectives:
        own, effective = row.own_levels.get(objective.code, 0), row.levels[objective.code]
        source = None
        if effective < own:
            source = next(
                (
                    beneath[b]
                    for b in row.runs_on
                    if b in s.index and s.rows[s.index[b]].levels[objective.code] == effective
                ),
                None,
            )
        lines.append({
            "objective": objective, "own": own, "effective": effective, "from": source,
            "evidence": evidence.get(objective.code, ""), "points": objective.weight * effective / 4,
        })  # fmt: skip
    return lines, float(s.score[s.index[offering.pk]])


def offering(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Offering.objects.select_related("provider", "added_by"), pk=pk)
    lines, score = sovereignty_table(found)
    today = timezone.localdate()
    certificates = [{"certificate": c, "expired": expired(c, today)} for c in found.certifications.all()]
    return render(request, "cloud/catalogue_offering.html", {
        "offering": found, "provider": found.provider, "taxonomy": taxonomy.current(), "lines": lines,
        "score": score, "certificates": certificates, "runs_on": found.runs_on.select_related("provider"),
        "carries": found.carries.select_related("provider"), "may_change": can_change(request.user, found),
        "framework": framework(), "usage": users_of(found), "sees_users": is_programme(request.user),
        "own_organisation": getattr(membership_of(request.user), "organisation_id", None),
    })  # fmt: skip


@login_required
def provider_new(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    require_change(request.user, Provider(added_by_id=membership.organisation_id))
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Provider.objects.create(added_by_id=membership.organisation_id, **form.cleaned_data)
        messages.success(request, _("The provider is added: now add its offering."))
        return redirect("cloud:offering-new")
    return render(request, "cloud/catalogue_provider_new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


def _initial(found: Offering) -> tuple[dict, list[dict]]:
    initial = {
        "provider": found.provider_id, "name": found.name, "description": found.description,
        "service_model": found.service_model, "deployment": found.deployment,
        "data_locations": ", ".join(found.data_locations),
        "processing_locations": ", ".join(found.processing_locations),
        "key_holder": found.key_holder, "support_territory": found.support_territory,
        "classification": found.classification, "availability": found.availability, "price_eur": found.price_eur,
        "price_unit": found.price_unit, "exit_extraction": found.exit_extraction, "exit_formats": found.exit_formats,
        "exit_notice_days": found.exit_notice_days, "runs_on": [o.pk for o in found.runs_on.all()],
    }  # fmt: skip
    for a in found.assessments.all():
        level, evidence = objective_fields(a.objective)
        initial[level], initial[evidence] = a.level, a.evidence
    certificates = [{"scheme": c.scheme, "scope": c.scope, "issuer": c.issuer, "expires_on": c.expires_on}
                    for c in found.certifications.all() if not expired(c)]  # fmt: skip
    return initial, certificates


@transaction.atomic
def _save(form: OfferingForm, certificates: CertificationFormSet, organisation_id: int,
          found: Offering | None) -> Offering:  # fmt: skip
    data = form.cleaned_data
    names = ("provider", "name", "description", "service_model", "deployment", "data_locations",
             "processing_locations", "key_holder", "support_territory", "classification", "availability",
             "price_eur", "price_unit", "exit_extraction", "exit_formats", "exit_notice_days", "haven")  # fmt: skip
    values = {n: data[n].strip() if isinstance(data[n], str) else data[n] for n in names}
    values["taxonomy_version"] = form.taxonomy.version
    if found is None:
        found = Offering.objects.create(added_by_id=organisation_id, **values)
    else:
        for name, value in values.items():
            setattr(found, name, value)
        found.save()
    if values["haven"] is not None and (form.instance is None or values["haven"] != form.instance.haven):
        Offering.objects.filter(pk=found.pk).update(haven_checked_at=timezone.now())
    found.runs_on.set(data["runs_on"])
    for objective in framework().objectives:
        level, evidence = objective_fields(objective.code)
        SovereigntyAssessment.objects.update_or_create(
            offering=found, objective=objective.code,
            defaults={"level": data[level], "evidence": data[evidence].strip()},
        )  # fmt: skip
    # The certificates as entered replace the valid ones; expired ones stay, flagged, as the record of what was.
    found.certifications.filter(expires_on__gte=timezone.localdate()).delete()
    for row in certificates.cleaned_data:
        if row:
            Certification.objects.create(offering=found, **row)
    return found


def _edit(request: HttpRequest, found: Offering | None, organisation_id: int) -> HttpResponse:
    initial, rows = _initial(found) if found else ({}, [])
    form = OfferingForm(request.POST or None, request.FILES or None, instance=found, initial=initial)
    certificates = CertificationFormSet(request.POST or None, prefix="certificates", initial=rows)
    if request.method == "POST" and form.is_valid() and certificates.is_valid():
        saved = _save(form, certificates, organisation_id, found)
        messages.success(request, _("The offering is saved and scored."))
        return redirect("cloud:offering", pk=saved.pk)
    return render(request, "cloud/catalogue_offering_form.html", {
        "form": form, "certificates": certificates, "offering": found,
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
def offering_new(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    require_change(request.user, Offering(added_by_id=membership.organisation_id))
    return _edit(request, None, membership.organisation_id)


@login_required
def offering_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Offering, pk=pk)
    require_change(request.user, found)
    return _edit(request, found, found.added_by_id)
