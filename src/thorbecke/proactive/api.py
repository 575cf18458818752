"""Non-take-up over the API: public, as its page, with the same small cells withheld (figures.shown)."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.proactive.figures import MIN_CELL, shown
from thorbecke.proactive.models import NonTakeUp, Screening
from thorbecke.proactive.rules.schemes import SCHEMES
from thorbecke.web.api import PageParams, Problem, page_of, paginate

router = Router(tags=["proactive"])

SchemeKey = Literal[tuple(s.key for s in SCHEMES)]


class NonTakeUpOut(Schema):
    scheme: SchemeKey
    gemeente: str = Field(description="CBS municipality code, e.g. GM0344")
    suppressed: bool = Field(
        description=f"The figures are withheld (null): fewer than {MIN_CELL} receiving or not receiving it, "
        "but not none. Totals never include a withheld municipality."
    )
    entitled: int | None = Field(
        description="Persons (or households, for a household scheme) the screening found entitled"
    )
    receiving: int | None = Field(description="Of those entitled, how many receive it")
    notReceiving: int | None
    unclaimedPerMonth: float | None = Field(description="What those not receiving it miss together, € a month")
    period: str = Field(description="The month screened, YYYY-MM")


class NonTakeUpFilter(PageParams):
    scheme: SchemeKey | None = Field(None, description="Only this scheme.")
    gemeente: str | None = Field(
        None, pattern=r"^[Gg][Mm]\d{4}$", description="Only this municipality, by its CBS code, e.g. GM0344."
    )


NonTakeUpPage = page_of(NonTakeUpOut, "NonTakeUpPage")


@router.get(
    "/proactive/non-take-up",
    response={200: NonTakeUpPage, 400: Problem, 404: Problem},
    url_name="non-take-up",
    summary="Non-take-up per scheme and municipality, from the latest screening",
    by_alias=True,
)
def non_take_up(request: HttpRequest, params: Query[NonTakeUpFilter]) -> dict:
    screening = Screening.objects.first()
    if screening is None:
        raise HttpError(404, "No screening yet.")
    found = screening.figures.all().order_by("scheme", "gemeente", "pk")
    if params.scheme:
        found = found.filter(scheme=params.scheme)
    if params.gemeente:
        found = found.filter(gemeente=params.gemeente.upper())
    return paginate(
        request,
        found,
        params,
        lambda f: _row(f, screening.period),
    )


def _row(figure: NonTakeUp, period: str) -> dict:
    public = shown(figure)
    return {
        "scheme": figure.scheme,
        "gemeente": figure.gemeente,
        "suppressed": not public,
        "entitled": figure.entitled if public else None,
        "receiving": figure.receiving if public else None,
        "notReceiving": figure.not_receiving if public else None,
        "unclaimedPerMonth": figure.unclaimed_per_month if public else None,
        "period": period,
    }
