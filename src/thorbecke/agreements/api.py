"""The catalogue of agreements over the API: public, as its pages."""

from datetime import date, datetime
from typing import Literal

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.agreements.models import Agreement, Gap, GapState, GapStep, Kind, Measurement, Status
from thorbecke.registry.models import Organisation
from thorbecke.web.api import PageParams, Problem, page_of, paginate

router = Router(tags=["agreements"])

StatusValue = Literal[tuple(Status.values)]
GapStateValue = Literal[tuple(GapState.values)]


class AgreementOut(Schema):
    slug: str
    kind: str = Field(description="standard or building-block")
    name: str
    version: str
    status: StatusValue = Field(description="mandatory (comply or explain), recommended, none, or unknown")
    appliesTo: list[str] = Field(description="Organisation types; empty means every organisation.")
    mandatoryFrom: date | None
    check: str = Field(description="How compliance is established: declared, or the hub's measurement.")
    maintainer: str
    url: str
    source: str


def _out(agreement: Agreement) -> dict:
    return {
        "slug": agreement.slug,
        "kind": agreement.kind,
        "name": agreement.name,
        "version": agreement.version,
        "status": agreement.status,
        "appliesTo": agreement.applies_to,
        "mandatoryFrom": agreement.mandatory_from,
        "check": agreement.check_method,
        "maintainer": agreement.maintainer,
        "url": agreement.url,
        "source": agreement.source,
    }


class AgreementFilter(PageParams):
    status: StatusValue | None = Field(None, description="Only agreements with this status.")


AgreementPage = page_of(AgreementOut, "AgreementPage")


@router.get(
    "/agreements",
    response={200: AgreementPage, 400: Problem, 404: Problem},
    url_name="agreements",
    summary="The agreed standards and building blocks",
    by_alias=True,
)
def agreements(request: HttpRequest, params: Query[AgreementFilter]) -> dict:
    # A commitment to a steering goal is an agreement only to reach the dialogue (agreements.commitments).
    found = Agreement.objects.exclude(kind=Kind.GOAL).order_by("kind", "name", "pk")
    if params.status:
        found = found.filter(status=params.status)
    return paginate(request, found, params, _out)


class MeasurementOut(Schema):
    host: str = Field(
        description='The host measured; "data system", "accessibility statements" or "algorithm register" for the '
        "checks read from a register"
    )
    check: str = Field(
        description="https-hsts, security-headers, security-txt, tls, pq-hybrid, spf, dkim, dmarc, dnssec, "
        "api-design, exchange, processing-log, accessibility or algorithm-register"
    )
    verdict: str = Field(description="pass, fail, or error (could not measure)")
    problems: list[str]
    evidence: dict
    measuredAt: datetime


class MeasurementFilter(PageParams):
    organisation: str = Field(..., max_length=100, description="The organisation's code (TOOI), e.g. gm0363.")


MeasurementPage = page_of(MeasurementOut, "MeasurementPage")


def _measurement(m: Measurement) -> dict:
    return {
        "host": m.host,
        "check": m.check_key,
        "verdict": m.verdict,
        "problems": m.problems,
        "evidence": m.evidence,
        "measuredAt": m.measured_at,
    }


@router.get(
    "/agreements/measurements",
    response={200: MeasurementPage, 400: Problem, 404: Problem},
    url_name="agreement-measurements",
    summary="The latest measurement of each check on each of an organisation's hosts (public, as scorecards are)",
    by_alias=True,
)
def measurements(request: HttpRequest, params: Query[MeasurementFilter]) -> dict:
    found = Organisation.objects.filter(code=params.organisation).first()
    if found is None:
        raise HttpError(404, f"No organisation {params.organisation!r}.")
    current = Measurement.objects.filter(organisation=found, current=True).order_by("host", "check_key", "pk")
    return paginate(request, current, params, _measurement)


class GapStepOut(Schema):
    action: str = Field(description="opened, planned, explained, accepted, rejected, escalated or resolved")
    at: datetime
    day: date | None = Field(description="The date the step names: the answer due, or the date to comply by")
    text: str
    organisation: str | None = Field(description="TOOI code of who took the step; none for the hub itself")


class GapOut(Schema):
    id: int
    organisation: str
    agreement: str
    state: GapStateValue = Field(
        description="open, planned, agreed, explained, accepted (an explained deviation) or resolved"
    )
    openedAt: datetime
    answerDue: date
    plannedFor: date | None
    escalatedAt: datetime | None
    steps: list[GapStepOut]


class GapFilter(PageParams):
    organisation: str | None = Field(None, max_length=100, description="Only this organisation's gaps (code).")
    state: GapStateValue | None = Field(None, description="Only gaps in this state.")


GapPage = page_of(GapOut, "GapPage")


def _gap(gap: Gap) -> dict:
    return {
        "id": gap.pk,
        "organisation": gap.organisation.code,
        "agreement": gap.agreement.slug,
        "state": gap.state,
        "openedAt": gap.opened_at,
        "answerDue": gap.answer_due,
        "plannedFor": gap.planned_for,
        "escalatedAt": gap.escalated_at,
        "steps": [
            {
                "action": step.action,
                "at": step.at,
                "day": step.date,
                "text": step.text,
                "organisation": step.by.membership.organisation.code if step.by else None,
            }
            for step in gap.steps.all()
        ],
    }


@router.get(
    "/agreements/gaps",
    response={200: GapPage, 400: Problem, 404: Problem},
    url_name="agreement-gaps",
    summary="Comply or explain: gaps and every step of their dialogue (public, as on the hub)",
    by_alias=True,
)
def gaps(request: HttpRequest, params: Query[GapFilter]) -> dict:
    found = Gap.objects.select_related("organisation", "agreement").prefetch_related(
        Prefetch("steps", GapStep.objects.select_related("by__membership__organisation"))
    )
    if params.state:
        found = found.filter(state=params.state)
    if params.organisation:
        found = found.filter(organisation__code=params.organisation)
    return paginate(request, found, params, _gap)


@router.get(
    "/agreements/{slug}",
    response={200: AgreementOut, 404: Problem},
    url_name="agreement",
    summary="One agreed standard or building block",
)
def agreement(request: HttpRequest, slug: str) -> dict:
    found = Agreement.objects.filter(slug=slug).first()
    if found is None:
        raise HttpError(404, f"No agreement {slug!r}.")
    return _out(found)
