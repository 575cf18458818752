"""The catalogue of agreements over the API: public, as its pages."""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from thorbecke.agreements.models import Agreement, Status
from thorbecke.hub.api import Problem

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
