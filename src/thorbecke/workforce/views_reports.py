"""An organisation's workforce reports: its staff see them, its editors upload a year's report as CSV (from the
template), and the programme sees every organisation's. Nobody else sees a report: the public see only the
protected national figures (views_insight.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thorbecke.registry.permissions import can_change, is_programme, require_change, require_membership
from thorbecke.workforce import insight, reports
from thorbecke.workforce.forms_reports import ReportUploadForm
from thorbecke.workforce.models import WorkforceReport


def _context(request: HttpRequest, upload: ReportUploadForm | None = None) -> dict:
    membership = require_membership(request.user)
    editor = can_change(request.user, WorkforceReport(organisation=membership.organisation))
    programme = is_programme(request.user)
    found = WorkforceReport.objects.select_related("organisation")
    return {
        "organisation": membership.organisation,
        "own": found.filter(organisation=membership.organisation),
        "all": found.exclude(organisation=membership.organisation) if programme else None,
        "upload": upload or (ReportUploadForm() if editor else None),
        "fields": reports.FIELDS,
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "workforce/reports.html", _context(request))


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    require_change(request.user, WorkforceReport(organisation=membership.organisation))
    form = ReportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "workforce/reports.html", _context(request, form), status=400)
    report = reports.submit(membership.organisation, form.cleaned_data["year"], form.cleaned_data["lines"],
                            request.user)  # fmt: skip
    messages.success(request, _("The workforce report of %(year)s is stored.") % {"year": report.year})
    return redirect("workforce:report", report.pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = require_membership(request.user)
    report = get_object_or_404(WorkforceReport.objects.select_related("organisation"), pk=pk)
    if report.organisation_id != membership.organisation_id and not is_programme(request.user):
        raise Http404
    lines = [(line, insight.profile_label(f"{line.scheme}:{line.code}")) for line in report.lines.all()]
    return render(request, "workforce/reports_detail.html", {"report": report, "lines": lines})


def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(reports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="workforce-report.csv"'
    return response
