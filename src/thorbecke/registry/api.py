"""The organisations API: a public, read-only register."""

import datetime as dt
import math
from enum import StrEnum

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.registry.queries import filter_organisations
from thorbecke.web.api import Problem

router = Router(tags=["organisations"])

OrgTypeParam = StrEnum("OrgTypeParam", {t.name: t.value for t in OrganisationType})


class Link(Schema):
    href: str


class OrganisationRef(Schema):
    code: str
    name: str
    links: dict[str, Link] = Field(alias="_links")


class OrganisationSummary(Schema):
    code: str = Field(description="TOOI organisation code, e.g. gm0363, or a Thorbecke code for agencies.")
    name: str
    shortName: str
    type: str = Field(description="Organisation type.")
    registerCode: str = Field(description="CBS-style register code, e.g. GM0363; empty when none.")
    tooiUri: str
    oin: str
    province: OrganisationRef | None
    endDate: dt.date | None
    links: dict[str, Link] = Field(alias="_links")


class Domain(Schema):
    name: str


class OrganisationDetail(OrganisationSummary):
    owmsId: str
    partOf: OrganisationRef | None = Field(description="For executive agencies: their ministry.")
    successor: OrganisationRef | None
    predecessors: list[OrganisationRef]
    domains: list[Domain]
    source: str


class Page(Schema):
    count: int
    page: int
    pageSize: int
    results: list[OrganisationSummary]
    links: dict[str, Link] = Field(alias="_links")


class ListParams(Schema):
    type: OrgTypeParam | None = Field(None, description="Only organisations of this type.")
    province: str | None = Field(None, pattern=r"^pv\d{2}$", description="Only organisations in this province.")
    q: str | None = Field(None, max_length=100, description="Search in name, code and register code.")
    active: bool = Field(True, description="false lists ended organisations instead of current ones.")
    page: int = Field(1, ge=1)
    pageSize: int = Field(20, ge=1, le=100)


def _url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("api-v1:organisation", kwargs={"code": code}))


def organisation_ref(request: HttpRequest, org: Organisation | None) -> dict | None:
    if org is None:
        return None
    return {"code": org.code, "name": org.name, "_links": {"self": {"href": _url(request, org.code)}}}


def _summary(request: HttpRequest, org: Organisation) -> dict:
    return {
        "code": org.code,
        "name": org.name,
        "shortName": org.short_name,
        "type": org.org_type,
        "registerCode": org.register_code,
        "tooiUri": org.tooi_uri,
        "oin": org.oin,
        "province": organisation_ref(request, org.province),
        "endDate": org.end_date,
        "_links": {"self": {"href": _url(request, org.code)}},
    }


@router.get(
    "/organisations",
    response={200: Page, 400: Problem, 404: Problem},
    url_name="organisations",
    summary="List government organisations",
    by_alias=True,
)
def list_organisations(request: HttpRequest, params: Query[ListParams]) -> dict:
    queryset = filter_organisations(params.type and params.type.value, params.province, params.q, params.active)
    count = queryset.count()
    last = max(1, math.ceil(count / params.pageSize))
    if params.page > last:
        raise HttpError(404, f"Page {params.page} does not exist; the last page is {last}.")
    start = (params.page - 1) * params.pageSize
    results = [_summary(request, org) for org in queryset[start : start + params.pageSize]]

    def page_link(number: int) -> dict:
        query = request.GET.copy()
        query["page"] = str(number)
        return {"href": request.build_absolute_uri(f"{request.path}?{query.urlencode()}")}

    links = {"self": page_link(params.page), "first": page_link(1), "last": page_link(last)}
    if params.page > 1:
        links["prev"] = page_link(params.page - 1)
    if params.page < last:
        links["next"] = page_link(params.page + 1)
    return {"count": count, "page": params.page, "pageSize": params.pageSize, "results": results, "_links": links}


@router.get(
    "/organisations/{code}",
    response={200: OrganisationDetail, 404: Problem},
    url_name="organisation",
    summary="Get one government organisation",
    by_alias=True,
)
def get_organisation(request: HttpRequest, code: str) -> dict:
    org = (
        Organisation.objects.select_related("province", "successor", "parent")
        .prefetch_related("domains", "predecessors")
        .filter(code=code)
        .first()
    )
    if org is None:
        raise HttpError(404, f"There is no organisation with code '{code}'.")
    return {
        **_summary(request, org),
        "owmsId": org.owms_id,
        "partOf": organisation_ref(request, org.parent),
        "successor": organisation_ref(request, org.successor),
        "predecessors": [organisation_ref(request, p) for p in org.predecessors.all()],
        "domains": [{"name": d.name} for d in org.domains.all()],
        "source": org.source,
    }
