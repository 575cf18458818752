"""The catalogue of agreements over the API: public, as its pages."""

from datetime import date, datetime

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from thorbecke.agreements.models import Agreement, Gap, GapState, GapStep, Measurement, Status
from thorbecke.registry.models import Organisation
from thorbecke.web.api import Problem

router = Router(tags=["agreements"])


class AgreementOut(Schema):
    slug: str
    kind: str = Field(description="standard or building-block")
    name: str
    version: str
    status: str = Field(description="mandatory (comply or explain), recommended, none, or unknown")
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


@router.get(
    "/agreements",
    response={200: list[AgreementOut], 400: Problem},
    url_name="agreements",
    summary="The agreed standards and building blocks",
)
def agreements(request: HttpRequest, status: str = "") -> list[dict]:
    found = Agreement.objects.all()
    if status:
        if status not in Status.values:
            raise HttpError(400, f"status is one of {', '.join(Status.values)}")
        found = found.filter(status=status)
    return [_out(a) for a in found]


class MeasurementOut(Schema):
    host: str = Field(description='The host measured, or "data system" for the data-system checks')
    check: str = Field(
        description="https-hsts, security-headers, security-txt, tls, pq-hybrid, spf, dkim, dmarc, dnssec, "
        "api-design, exchange or processing-log"
    )
    verdict: str = Field(description="pass, fail, or error (could not measure)")
    problems: list[str]
    evidence: dict
    measuredAt: datetime


@router.get(
    "/agreements/measurements",
    response={200: list[MeasurementOut], 404: Problem},
    url_name="agreement-measurements",
    summary="The latest measurement of each check on each of an organisation's hosts (public, as scorecards are)",
)
def measurements(request: HttpRequest, organisation: str) -> list[dict]:
    found = Organisation.objects.filter(code=organisation).first()
    if found is None:
        raise HttpError(404, f"No organisation {organisation!r}.")
    current = Measurement.objects.filter(organisation=found, current=True).order_by("host", "check_key")
    return [
        {
            "host": m.host,
            "check": m.check_key,
            "verdict": m.verdict,
            "problems": m.problems,
            "evidence": m.evidence,
            "measuredAt": m.measured_at,
        }
        for m in current[:5000]
    ]


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
    state: str = Field(description="open, planned, explained, accepted (an explained deviation) or resolved")
    openedAt: datetime
    answerDue: date
    plannedFor: date | None
    escalatedAt: datetime | None
    steps: list[GapStepOut]


@router.get(
    "/agreements/gaps",
    response={200: list[GapOut], 400: Problem},
    url_name="agreement-gaps",
    summary="Comply or explain: gaps and every step of their dialogue (public, as on the hub)",
)
def gaps(request: HttpRequest, organisation: str = "", state: str = "") -> list[dict]:
    found = Gap.objects.select_related("organisation", "agreement").prefetch_related(
        Prefetch("steps", GapStep.objects.select_related("by__membership__organisation"))
    )
    if state:
        if state not in GapState.values:
            raise HttpError(400, f"state is one of {', '.join(GapState.values)}")
        found = found.filter(state=state)
    if organisation:
        found = found.filter(organisation__code=organisation)
    return [
        {
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
        for gap in found[:1000]
    ]


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
