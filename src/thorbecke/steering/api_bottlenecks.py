"""The public register of data bottlenecks as an API: read-only, the bottlenecks the programme triaged as public,
with their decisions. Organisations only, never the people who reported or handled them."""

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.steering import bottlenecks as rules
from thorbecke.steering.laws import parse
from thorbecke.steering.models import Bottleneck
from thorbecke.steering.models.bottlenecks import Kind, Stage
from thorbecke.web.api import Link, PageParams, Problem, page_of, paginate

router = Router(tags=["data bottlenecks"])


class LawRef(Schema):
    reference: str = Field(description="A BWB id, or a Juriconnect 1.3 reference to a part of it.")
    bwbId: str
    url: str = Field(description="The law at wetten.overheid.nl.")


class BottleneckEntry(Schema):
    id: int
    title: str
    description: str
    effect: str = Field(description="What it means for people.")
    kind: str = Field(description="legal, technical, organisational or ethical.")
    type: str = Field(description="The Domeinarchitectuur Gegevensuitwisseling's bottleneck type (slug).")
    organisation: str = Field(description="The reporting organisation's code.")
    parties: list[str] = Field(description="The codes of the organisations involved.")
    dataService: str = Field(description="The data service in the directory (<organisation code>/<name>), or empty.")
    data: str = Field(description="The data in words, where it is not (only) a service in the directory.")
    lifeEvent: str
    process: str
    laws: list[LawRef]
    obligation: str = Field(description="The legal obligation it concerns (its code in the legislation), or empty.")
    stage: str = Field(description="handling, commission, decided or closed.")
    late: bool = Field(description="The stage it is in has passed its service level.")
    reportedAt: datetime
    decision: str
    reasoning: str
    decidedAt: datetime | None
    precedent: bool
    links: dict[str, Link] = Field(alias="_links")


BottleneckPage = page_of(BottleneckEntry, "BottleneckPage")


class BottleneckParams(PageParams):
    stage: Stage | None = Field(None, description="Only bottlenecks in this stage.")
    kind: Kind | None = Field(None, description="Only bottlenecks of this kind.")
    law: str | None = Field(None, pattern=r"^BWB[RV]\d{7}$", description="Only those involving this law (BWB id).")
    precedent: bool | None = Field(None, description="Only precedents (true) or only the others (false).")


def _entry(request: HttpRequest, b: Bottleneck) -> dict:
    laws = [parse(reference) for reference in b.laws]
    return {
        "id": b.pk, "title": b.title, "description": b.description, "effect": b.effect, "kind": b.kind,
        "type": b.da_type, "organisation": b.organisation.code,
        "parties": sorted(o.code for o in b.parties.all()), "dataService": b.data_service,
        "data": b.data_description, "lifeEvent": b.life_event, "process": b.process,
        "laws": [{"reference": law.reference, "bwbId": law.bwb_id, "url": law.url} for law in laws],
        "obligation": b.obligation,
        "stage": b.stage, "late": rules.is_late(b), "reportedAt": b.reported_at, "decision": b.decision,
        "reasoning": b.reasoning, "decidedAt": b.decided_at, "precedent": b.precedent,
        "_links": {
            "self": {"href": request.build_absolute_uri(reverse("api-v1:data-bottleneck", kwargs={"pk": b.pk}))},
            "page": {"href": request.build_absolute_uri(reverse("steering:bottleneck", kwargs={"pk": b.pk}))},
        },
    }  # fmt: skip


@router.get(
    "/data-bottlenecks",
    response={200: BottleneckPage, 400: Problem, 404: Problem},
    url_name="data-bottlenecks",
    summary="List the public data bottlenecks and their decisions",
    by_alias=True,
)
def list_bottlenecks(request: HttpRequest, params: Query[BottleneckParams]) -> dict:
    queryset = rules.published().select_related("organisation").prefetch_related("parties").order_by("pk")
    if params.stage:
        queryset = queryset.filter(stage=params.stage)
    if params.kind:
        queryset = queryset.filter(kind=params.kind)
    if params.precedent is not None:
        queryset = queryset.filter(precedent=params.precedent)
    if params.law:
        # The BWB id is in every reference to the law, bare or Juriconnect; checked exactly after the filter.
        queryset = [b for b in queryset.filter(laws__icontains=params.law) if params.law in rules.laws_of(b)]
    return paginate(request, queryset, params, lambda b: _entry(request, b))


@router.get(
    "/data-bottlenecks/{int:pk}",
    response={200: BottleneckEntry, 404: Problem},
    url_name="data-bottleneck",
    summary="Get one public data bottleneck",
    by_alias=True,
)
def get_bottleneck(request: HttpRequest, pk: int) -> dict:
    found = rules.published().select_related("organisation").filter(pk=pk).first()
    if found is None:
        raise HttpError(404, f"There is no public data bottleneck with id {pk}.")
    return _entry(request, found)
