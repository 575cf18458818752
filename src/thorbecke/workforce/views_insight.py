"""The national picture of the IT workforce, open to all (decision 0057): every figure a cell of the year's protected
cube as the programme published it (decision 0061). Staff of an organisation that reported see its own figures beside
the national ones; the programme publishes a year and marks the profiles that are core, to keep in-house."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thorbecke.registry.models import Organisation
from thorbecke.registry.permissions import can_change, membership_of, require_change
from thorbecke.workforce import insight, publication
from thorbecke.workforce.api_insight import rule_text
from thorbecke.workforce.competences import ModelError
from thorbecke.workforce.forms_reports import CoreProfileForm, InsightFilterForm, PublishForm
from thorbecke.workforce.models import CoreProfile, WorkforcePublication, WorkforceReport
from thorbecke.workforce.suppression import AGE_BANDS


def _year(request: HttpRequest) -> tuple[int | None, list[int]]:
    years = insight.years()
    asked = request.GET.get("year", "")
    return (int(asked) if asked.isdigit() and int(asked) in years else (years[0] if years else None)), years


def _reporter(request: HttpRequest, year: int | None) -> Organisation | None:
    membership = membership_of(request.user)
    if membership is None or year is None:
        return None
    organisation = membership.organisation
    return organisation if organisation.workforce_reports.filter(year=year).exists() else None


def national(request: HttpRequest) -> HttpResponse:
    year, years = _year(request)
    provinces = insight.labels("province")
    form = InsightFilterForm(request.GET or None, provinces, years)
    where, by = {}, "profile"
    if form.is_bound and form.is_valid():
        by = form.cleaned_data["by"] or "profile"
        where = {name: form.cleaned_data[name] for name in ("profile", "layer", "province") if form.cleaned_data[name]}
        if where.get("province") == "none":
            where["province"] = insight.NO_PROVINCE
        where.pop(by, None)  # the rows' own dimension is not also a filter
    reporter = _reporter(request, year)
    rows, total = [], None
    if year is not None:
        own = insight.own_figures(reporter, year) if reporter else None
        rows, total = insight.view(insight.cube(year), by, where, own)
    return render(request, "workforce/insight.html", {
        "year": year, "form": form, "by": by, "rows": rows, "total": total, "reporter": reporter,
        "rule": rule_text(), "age_bands": AGE_BANDS, "hidden": sum(1 for r in rows if not r.shown),
        "published": publication.of(year) if year else None,
    })  # fmt: skip


def shortages(request: HttpRequest) -> HttpResponse:
    year, _years = _year(request)
    reporter = _reporter(request, year)
    return render(request, "workforce/insight_shortages.html", {
        "year": year, "rule": rule_text(),
        "national": insight.shortages(year=year) if year else [],
        "own": insight.shortages(reporter, year) if reporter else None, "reporter": reporter,
        "hidden": insight.hidden_profiles(insight.cube(year)) if year else 0,
    })  # fmt: skip


def _sourcing_context(request: HttpRequest, form: CoreProfileForm | None = None) -> dict:
    year, _years = _year(request)
    programme = can_change(request.user, CoreProfile())
    return {
        "year": year,
        "rule": rule_text(),
        "norm": insight.ROEMERNORM,
        "rows": insight.sourcing(insight.cube(year)) if year else [],
        "core": CoreProfile.objects.all(),
        "form": form or (CoreProfileForm() if programme else None),
    }


def sourcing(request: HttpRequest) -> HttpResponse:
    return render(request, "workforce/insight_sourcing.html", _sourcing_context(request))


@login_required
@require_POST
def core(request: HttpRequest) -> HttpResponse:
    require_change(request.user, CoreProfile())
    if "remove" in request.POST:
        scheme, _sep, code = request.POST["remove"].partition(":")
        CoreProfile.objects.filter(scheme=scheme, code=code).delete()
        messages.success(request, _("The profile is no longer marked core."))
        return redirect("workforce:sourcing")
    form = CoreProfileForm(request.POST)
    if not form.is_valid():
        return render(request, "workforce/insight_sourcing.html", _sourcing_context(request, form), status=400)
    scheme, _sep, code = form.cleaned_data["profile"].partition(":")
    CoreProfile.objects.update_or_create(scheme=scheme, code=code, defaults={"reason": form.cleaned_data["reason"]})
    messages.success(request, _("The profile is marked core, to keep in-house."))
    return redirect("workforce:sourcing")


def _publications_context(request: HttpRequest, form: PublishForm | None = None) -> dict:
    programme = can_change(request.user, WorkforcePublication())
    found = {p.year: p for p in WorkforcePublication.objects.all()}
    years = sorted(set(found) | set(WorkforceReport.objects.values_list("year", flat=True)), reverse=True)
    reported = dict(WorkforceReport.objects.values("year").annotate(n=Count("id")).values_list("year", "n"))
    rows = [(year, reported.get(year, 0), found.get(year)) for year in years]
    open_years = sum(1 for _y, _n, p in rows if p is None or p.state == WorkforcePublication.State.FAILED)
    return {"rows": rows, "programme": programme, "form": form or (PublishForm() if programme else None),
            "rule": rule_text(), "open_years": open_years}  # fmt: skip


def publications(request: HttpRequest) -> HttpResponse:
    """The years published and, for the programme, the years it can publish."""
    return render(request, "workforce/insight_publications.html", _publications_context(request))


@login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    require_change(request.user, WorkforcePublication())
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            started = publication.start(form.cleaned_data["year"], request.user)
        except ModelError as error:
            form.add_error("year", str(error).split(": ", 1)[1])
        else:
            messages.success(request, _("Publishing the figures of %(year)s has started. The year's reports are "
                                        "closed from now on.") % {"year": started.year})  # fmt: skip
            return redirect("workforce:publications")
    return render(request, "workforce/insight_publications.html", _publications_context(request, form), status=400)
