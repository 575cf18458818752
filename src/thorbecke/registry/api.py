"""The organisations API: a public, read-only register."""

import datetime as dt
from enum import StrEnum

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from thorbecke.registry.models import Membership, Organisation, OrganisationType
from thorbecke.registry.permissions import membership_of
from thorbecke.registry.queries import filter_organisations
from thorbecke.web.api import Link, PageParams, Problem, page_of, paginate

router = Router(tags=["organisations"])

OrgTypeParam = StrEnum("OrgTypeParam", {t.name: t.value for t in OrganisationType})


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


OrganisationPage = page_of(OrganisationSummary, "OrganisationPage")


class ListParams(PageParams):
    type: OrgTypeParam | None = Field(None, description="Only organisations of this type.")
    province: str | None = Field(None, pattern=r"^pv\d{2}$", description="Only organisations in this province.")
    q: str | None = Field(None, max_length=100, description="Search in name, code and register code.")
    active: bool = Field(True, description="false lists ended organisations instead of current ones.")


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
    response={200: OrganisationPage, 400: Problem, 404: Problem},
    url_name="organisations",
    summary="List government organisations",
    by_alias=True,
)
def list_organisations(request: HttpRequest, params: Query[ListParams]) -> dict:
    queryset = filter_organisations(params.type and params.type.value, params.province, params.q, params.active)
    return paginate(request, queryset, params, lambda org: _summary(request, org))


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


class StaffSession(SessionAuth):
    """A signed-in member of government staff (the hub's session cookie): the API's pages for staff need one. Ninja
    asks before it validates the parameters, so a caller who is not signed in hears 401 whatever else is wrong;
    the operation gets the Membership as request.auth."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Membership | None:
        return membership_of(request.user)
