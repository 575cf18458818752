"""Non-take-up over the API: public, as its page."""

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from thorbecke.proactive.models import Screening
from thorbecke.proactive.rules.schemes import SCHEMES
from thorbecke.web.api import Problem

router = Router(tags=["proactive"])


class NonTakeUpOut(Schema):
    scheme: str = Field(description=", ".join(s.key for s in SCHEMES))
    gemeente: str = Field(description="CBS municipality code, e.g. GM0344")
    entitled: int = Field(description="Persons (or households, for a household scheme) the screening found entitled")
    receiving: int = Field(description="Of those entitled, how many receive it")
    notReceiving: int
    unclaimedPerMonth: float = Field(description="What those not receiving it miss together, € a month")
    period: str = Field(description="The month screened, YYYY-MM")


@router.get(
    "/proactive/non-take-up",
    response={200: list[NonTakeUpOut], 400: Problem, 404: Problem},
    url_name="non-take-up",
    summary="Non-take-up per scheme and municipality, from the latest screening",
)
def non_take_up(request: HttpRequest, scheme: str = "", gemeente: str = "") -> list[dict]:
    screening = Screening.objects.first()
    if screening is None:
        raise HttpError(404, "No screening yet.")
    found = screening.figures.all().order_by("scheme", "gemeente")
    if scheme:
        if scheme not in {s.key for s in SCHEMES}:
            raise HttpError(400, f"scheme is one of {', '.join(s.key for s in SCHEMES)}")
        found = found.filter(scheme=scheme)
    if gemeente:
        found = found.filter(gemeente=gemeente.upper())
    return [
        {
            "scheme": f.scheme,
            "gemeente": f.gemeente,
            "entitled": f.entitled,
            "receiving": f.receiving,
            "notReceiving": f.not_receiving,
            "unclaimedPerMonth": f.unclaimed_per_month,
            "period": screening.period,
        }
        for f in found
    ]
