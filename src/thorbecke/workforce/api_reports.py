"""The workforce reports over the API: an organisation's staff read its reports and its editors put a year's report
(a resubmission replaces the year's lines); the programme reads any organisation's. The national figures and the
shortages are in api_insight.py."""

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.registry.api import StaffSession
from thorbecke.registry.models import Organisation
from thorbecke.registry.permissions import can_change, is_programme
from thorbecke.web.api import Problem, problem
from thorbecke.workforce import reports
from thorbecke.workforce.competences import ModelError
from thorbecke.workforce.models import WorkforceReport

router = Router(tags=["workforce reports"], auth=StaffSession())


class WorkforceLine(Schema):
    """One job profile at one level; the counts are whole numbers of 0 or more, fte a number with two decimals."""

    scheme: str = Field(description="The profile's scheme: cwa-16458, or a published profile set's version.")
    code: str = Field(description="The profile's code in its scheme (a CWA role profile's number).")
    level: int = Field(description="The e-CF level of the position, 1 to 5.")
    headcount: int = Field(description="Persons doing the work, employed or hired.")
    fte: Decimal = Field(description="Their fte; at most the headcount.")
    ageUnder25: int
    age25to34: int
    age35to44: int
    age45to54: int
    age55to64: int
    age65plus: int = Field(description="The six age bands sum to the headcount.")
    externalHeadcount: int = Field(description="Hired, not employed; at most the headcount.")
    externalFte: Decimal = Field(description="At most the fte.")
    vacancies: int = Field(description="Vacancies open on the report's date.")
    vacanciesOver90Days: int = Field(description="Of them, open longer than 90 days.")
    outflowYear1: int = Field(description="Expected outflow (retirement) in the next year; the five years together "
                                          "at most the headcount.")  # fmt: skip
    outflowYear2: int
    outflowYear3: int
    outflowYear4: int
    outflowYear5: int


class WorkforceReportBody(Schema):
    lines: list[WorkforceLine]


class WorkforceYearReport(Schema):
    organisation: str = Field(description="The organisation's code.")
    year: int
    submittedAt: datetime
    lines: list[WorkforceLine]


class WorkforceReportList(Schema):
    organisation: str
    reports: list[WorkforceYearReport] = Field(description="Every year's report of the organisation, newest first.")


def _report(report: WorkforceReport) -> dict:
    return {
        "organisation": report.organisation.code,
        "year": report.year,
        "submittedAt": report.submitted_at,
        "lines": [reports.as_fields(line) for line in report.lines.all()],
    }


@router.get(
    "/workforce-reports", response={200: WorkforceReportList, 401: Problem, 404: Problem}, url_name="workforce-reports",
    summary="An organisation's workforce reports: your own, or any organisation's for the programme",
)  # fmt: skip
def list_reports(
    request: HttpRequest,
    organisation: Query[str | None] = None,  # type: ignore[type-arg]
) -> dict:
    own = request.auth.organisation
    found = own
    if organisation and organisation != own.code:
        found = Organisation.objects.filter(code=organisation).first() if is_programme(request.user) else None
        if found is None:
            raise HttpError(404, f"No workforce reports of {organisation} that you may see.")
    return {"organisation": found.code, "reports": [_report(r) for r in reports.own(found)]}


@router.put(
    "/workforce-reports/{int:year}",
    response={200: WorkforceYearReport, 400: Problem, 401: Problem, 403: Problem, 404: Problem},
    url_name="workforce-report", summary="Put your organisation's workforce report of a year, replacing that year's",
)  # fmt: skip
def put_report(request: HttpRequest, year: int, body: WorkforceReportBody) -> dict | HttpResponse:
    organisation = request.auth.organisation
    if not can_change(request.user, WorkforceReport(organisation=organisation)):
        raise HttpError(403, "Only your organisation's editors and administrators report its workforce.")
    lines = [line.model_dump(mode="json") for line in body.lines]
    try:
        report = reports.submit(organisation, year, lines, request.user)
    except ModelError as error:
        reason = str(error).split(": ", 1)[1]
        invalid = [{"name": error.field, "code": "invalid", "reason": reason}]
        return problem(request, 400, str(error), invalidParams=invalid)
    return _report(WorkforceReport.objects.prefetch_related("lines").get(pk=report.pk))
