"""Pooled cloud demand as an API, for the programme only, as its pages are: the aggregate of needs by service model,
quarter and layer of government, and a bundle formed for joint procurement, with its members and the offerings that
meet every one of them. Open to all, even counts with small cells withheld would give away an organisation's need to
someone who adds needs of their own to the cell (decision 0054)."""

from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.cloud import pooling
from thorbecke.cloud.models import Bundle
from thorbecke.registry import layers
from thorbecke.registry.api import StaffSession
from thorbecke.registry.permissions import is_programme
from thorbecke.web.api import Link, PageParams, Problem, page_of, paginate

router = Router(tags=["cloud"])
LAYER = "^(" + "|".join(layer.key for layer in layers.LAYERS) + ")$"


class Volume(Schema):
    unit: str = Field(description="The unit the needs count their volume in, as they give it (vCPU, TB, users).")
    volume: int


class DemandCell(Schema):
    serviceModel: str = Field(description="The service model's code in the uniform definitions (iaas, paas, ...).")
    period: str = Field(description="The quarter the needs start in: 2027-Q1.")
    layer: str = Field(description="The layer of government: rijk, provincie, gemeente, waterschap, uitvoering or "
                                   "regionaal.")  # fmt: skip
    needs: int
    organisations: int = Field(description="Organisations with needs in the cell.")
    volumes: list[Volume] = Field(description="The volume per unit, summed.")
    budgetEur: float = Field(description="The budgets given, summed.")
    withoutBudget: int = Field(description="Needs that give no budget.")


DemandPage = page_of(DemandCell, "CloudDemandPage")


class DemandParams(PageParams):
    serviceModel: str | None = Field(None, pattern=r"^[a-z-]+$", description="Only this service model.")
    period: str | None = Field(None, pattern=r"^\d{4}-Q[1-4]$", description="Only this quarter: 2027-Q1.")
    layer: str | None = Field(None, pattern=LAYER, description="Only this layer of government.")


def _cell(c: pooling.Cell) -> dict:
    return {
        "serviceModel": c.service_model, "period": c.period, "layer": c.layer, "needs": c.needs,
        "organisations": c.organisations, "volumes": [{"unit": u, "volume": v} for u, v in sorted(c.volumes.items())],
        "budgetEur": c.budget_eur, "withoutBudget": c.without_budget,
    }  # fmt: skip


@router.get(
    "/cloud-demand",
    response={200: DemandPage, 400: Problem, 401: Problem, 403: Problem, 404: Problem},
    url_name="cloud-demand",
    summary="List cloud needs aggregated by service model, quarter and layer of government",
    description="For the national programme only, as its pages: a cell of one organisation is its need.",
    auth=StaffSession(),
    by_alias=True,
)
def demand(request: HttpRequest, params: Query[DemandParams]) -> dict:
    if not is_programme(request.user):
        raise HttpError(403, "Pooled demand is the national programme's.")
    cells = pooling.aggregate(kind=params.serviceModel or "", period=params.period or "", layer=params.layer or "")
    return paginate(request, cells, params, _cell)


class Member(Schema):
    need: int
    organisation: str = Field(description="The organisation's code in the register.")
    title: str
    volume: int
    unit: str
    startsOn: date
    endsOn: date


class Window(Schema):
    startsOn: date = Field(description="The earliest start of a member.")
    endsOn: date = Field(description="The latest end of a member.")
    overlapFrom: date | None = Field(description="From when every member runs; null when they never run together.")
    overlapUntil: date | None


class BundleOffer(Schema):
    offering: int
    name: str
    provider: str
    score: float = Field(description="The Sovereignty Score, 0 to 100.")
    costEur: float | None = Field(description="Price x each member's volume x its months, summed; null: no price.")


class MemberBlock(Schema):
    need: int
    accepts: list[str] = Field(description="The offerings this member alone accepts, best first (at most five).")
    condition: str = Field(description="What it asks at the gate where the joint set runs out.")
    keeps: int = Field(description="How many of the offerings left before that gate meet its condition.")


class BundleOut(Schema):
    id: int
    title: str
    notes: str
    members: list[Member]
    totalVolume: int
    unit: str
    window: Window | None = Field(description="Null for a bundle left without members.")
    offers: list[BundleOffer] = Field(description="The offerings that meet every member's constraints, ranked.")
    blockedBy: str | None = Field(description="When none does: the gate where the joint set runs out.")
    blocked: list[MemberBlock]
    links: dict[str, Link] = Field(alias="_links")


@router.get(
    "/cloud-bundles/{int:pk}",
    response={200: BundleOut, 401: Problem, 403: Problem, 404: Problem},
    url_name="cloud-bundle",
    summary="Get a bundle of cloud needs with the offerings that meet every member",
    description="For the national programme only: a bundle names the organisations in it and their needs.",
    auth=StaffSession(),
    by_alias=True,
)
def get_bundle(request: HttpRequest, pk: int) -> dict:
    if not is_programme(request.user):
        raise HttpError(403, "Bundles are the national programme's.")
    bundle = Bundle.objects.filter(pk=pk).first()
    if bundle is None:
        raise HttpError(404, f"There is no bundle with id {pk}.")
    needs = list(bundle.needs.select_related("organisation").order_by("organisation__sort_name", "pk"))
    result = pooling.offers_for(needs)
    w = pooling.window(needs) if needs else None
    return {
        "id": bundle.pk, "title": bundle.title, "notes": bundle.notes,
        "members": [{"need": n.pk, "organisation": n.organisation.code, "title": n.title, "volume": n.volume,
                     "unit": n.unit, "startsOn": n.starts_on, "endsOn": n.ends_on} for n in needs],
        "totalVolume": sum(n.volume for n in needs), "unit": needs[0].unit if needs else "",
        "window": w and {"startsOn": w.starts_on, "endsOn": w.ends_on, "overlapFrom": w.overlap_from,
                         "overlapUntil": w.overlap_until},
        "offers": [{"offering": o.offering_id, "name": o.name, "provider": o.provider, "score": o.score,
                    "costEur": o.cost} for o in result.offers],
        "blockedBy": result.blocked_by,
        "blocked": [{"need": m.need.pk, "accepts": [a.name for a in m.accepts], "condition": m.condition,
                     "keeps": m.keeps} for m in result.members],
        "_links": {
            "self": {"href": request.build_absolute_uri(reverse("api-v1:cloud-bundle", kwargs={"pk": bundle.pk}))},
            "page": {"href": request.build_absolute_uri(reverse("cloud:bundle", kwargs={"pk": bundle.pk}))},
        },
    }  # fmt: skip
