"""The investment agenda as an API: public and read-only, every field its pages show (decision 0047). Amounts are
whole euros; an expected change is in percentage points for a share indicator and in its unit otherwise."""

from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.steering import agenda
from thorbecke.steering.models import FundingSource, Initiative, Priority, Status, Theme
from thorbecke.web.api import Link, PageParams, Problem, page_of, paginate

router = Router(tags=["steering"])
MAX_ID = 2**63 - 1  # the largest id the database stores; a larger one is refused as a bad parameter, not a 500


class CostOut(Schema):
    year: int
    source: Literal[tuple(FundingSource.values)] = Field(description="existing: an existing budget; new: new funding.")
    amount: int = Field(description="In whole euros.")


class EffectOut(Schema):
    indicator: str = Field(description="The indicator's code (/steering/indicators).")
    change: float = Field(description="Percentage points for a share indicator, its unit otherwise.")
    byYear: int


class PhaseOut(Schema):
    name: str
    start: str = Field(description="First month, YYYY-MM.")
    end: str = Field(description="Last month, YYYY-MM.")


class CoFunderOut(Schema):
    organisation: str = Field(description="The co-funder's code, e.g. gm0363.")
    share: float = Field(description="Its share of the cost, in percent.")


class InitiativeOut(Schema):
    id: int
    title: str
    description: str
    language: Literal["nl", "en"] = Field(description="The language of the title and description.")
    organisation: str = Field(description="The owner's code, e.g. gm0344.")
    organisationName: str
    priority: Literal[tuple(Priority.values)]
    theme: Literal[tuple(Theme.values)]
    status: Literal[tuple(Status.values)]
    illustrative: bool = Field(description="Demo data, not a real organisation's plan.")
    totalCost: int = Field(description="All years and sources, in whole euros.")
    costs: list[CostOut]
    effects: list[EffectOut]
    phases: list[PhaseOut]
    coFunders: list[CoFunderOut]
    links: dict[str, Link] = Field(alias="_links")


InitiativePage = page_of(InitiativeOut, "InitiativePage")


class InitiativeParams(PageParams):
    priority: Literal[tuple(Priority.values)] | None = Field(None, description="Only this priority's initiatives.")
    status: Literal[tuple(Status.values)] | None = Field(None, description="Only initiatives with this status.")
    organisation: str | None = Field(None, max_length=64, description="Only this owner's (its code).")


def _initiative(request: HttpRequest, initiative: Initiative) -> dict:
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "description": initiative.description,
        "language": initiative.language,
        "organisation": initiative.organisation.code,
        "organisationName": initiative.organisation.name,
        "priority": initiative.priority,
        "theme": initiative.theme,
        "status": initiative.status,
        "illustrative": initiative.illustrative,
        "totalCost": agenda.total_cost(initiative),
        "costs": [{"year": c.year, "source": c.source, "amount": c.amount} for c in initiative.costs.all()],
        "effects": [
            {"indicator": e.indicator.code, "change": e.change, "byYear": e.by_year} for e in initiative.effects.all()
        ],
        "phases": [{"name": p.name, "start": p.start, "end": p.end} for p in initiative.phases.all()],
        "coFunders": [
            {"organisation": f.organisation.code, "share": float(f.share)} for f in initiative.co_funders.all()
        ],
        "_links": {
            "self": {"href": request.build_absolute_uri(reverse("api-v1:steering-initiative", args=[initiative.pk]))},
            "page": {"href": request.build_absolute_uri(initiative.get_absolute_url())},
        },
    }


@router.get(
    "/initiatives",
    response={200: InitiativePage, 400: Problem, 404: Problem},
    url_name="steering-initiatives",
    summary="List the initiatives of the investment agenda",
    by_alias=True,
)
def list_initiatives(request: HttpRequest, params: Query[InitiativeParams]) -> dict:
    found = agenda.initiatives().order_by("priority", "title", "pk")
    if params.priority:
        found = found.filter(priority=params.priority)
    if params.status:
        found = found.filter(status=params.status)
    if params.organisation:
        found = found.filter(organisation__code=params.organisation)
    return paginate(request, found, params, lambda initiative: _initiative(request, initiative))


@router.get(
    "/initiatives/{int:pk}",
    response={200: InitiativeOut, 400: Problem, 404: Problem},
    url_name="steering-initiative",
    summary="Get one initiative of the investment agenda",
    by_alias=True,
)
def get_initiative(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)) -> dict:
    initiative = agenda.initiatives().filter(pk=pk).first()
    if initiative is None:
        raise HttpError(404, f"There is no initiative with id {pk}.")
    return _initiative(request, initiative)
