"""The data system's public directory and registers: peers, services (with DCAT-AP-NL) and the
processing activities that processing-log records point at. Read-only; nothing personal."""

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.exchange.models import DataService, Peer, ProcessingActivity
from thorbecke.registry.api import Link, OrganisationRef, organisation_ref
from thorbecke.web.api import Problem

router = Router(tags=["data system"])


class PeerEntry(Schema):
    peerId: str = Field(description="FSC peer id: the OIN in the node certificate's subject serialNumber.")
    organisation: OrganisationRef
    managerAddress: str


class ActivityEntry(Schema):
    uri: str = Field(description="The id that processing-log records carry in dpl.core.processing_activity_id.")
    organisation: OrganisationRef
    name: str
    purpose: str
    legalBasis: str
    legalBasisUrl: str
    retention: str


class ServiceEntry(Schema):
    name: str
    peerId: str
    organisation: OrganisationRef
    inwayAddress: str
    protocol: str
    activity: str = Field(description="URI of the provider's processing activity.")
    allowedPurposes: list[str] = Field(description="URIs of the consumers' processing activities it serves.")
    legalBasis: str
    openapi: str
    dcat: dict = Field(description="The dataset behind the service, as DCAT-AP-NL JSON-LD.")
    links: dict[str, Link] = Field(alias="_links")


class DirectoryFilter(Schema):
    organisation: str | None = Field(None, max_length=100, description="Only this organisation's entries (code).")


def _activity(request: HttpRequest, activity: ProcessingActivity) -> dict:
    return {
        "uri": activity.uri,
        "organisation": organisation_ref(request, activity.organisation),
        "name": activity.name,
        "purpose": activity.purpose,
        "legalBasis": activity.legal_basis,
        "legalBasisUrl": activity.legal_basis_url,
        "retention": activity.retention,
    }


def _service(request: HttpRequest, service: DataService) -> dict:
    organisation = service.peer.organisation
    url = reverse("api-v1:directory-service", kwargs={"code": organisation.code, "name": service.name})
    return {
        "name": service.name,
        "peerId": service.peer.peer_id,
        "organisation": organisation_ref(request, organisation),
        "inwayAddress": service.inway_address,
        "protocol": service.protocol,
        "activity": service.activity.uri,
        "allowedPurposes": [a.uri for a in service.allowed_purposes.all()],
        "legalBasis": service.activity.legal_basis,
        "openapi": service.openapi_url,
        "dcat": service.dcat(),
        "_links": {"self": {"href": request.build_absolute_uri(url)}},
    }


@router.get(
    "/directory/peers",
    response=list[PeerEntry],
    url_name="directory-peers",
    by_alias=True,
    summary="The group's peers: organisations with a node",
)
def peers(request: HttpRequest, params: Query[DirectoryFilter]) -> list[dict]:
    found = Peer.objects.select_related("organisation")
    if params.organisation:
        found = found.filter(organisation__code=params.organisation)
    return [
        {
            "peerId": p.peer_id,
            "organisation": organisation_ref(request, p.organisation),
            "managerAddress": p.manager_address,
        }
        for p in found
    ]


@router.get(
    "/directory/services",
    response=list[ServiceEntry],
    url_name="directory-services",
    by_alias=True,
    summary="Services offered through the data system",
)
def services(request: HttpRequest, params: Query[DirectoryFilter]) -> list[dict]:
    found = DataService.objects.select_related("peer__organisation", "activity").prefetch_related(
        "allowed_purposes__organisation"
    )
    if params.organisation:
        found = found.filter(peer__organisation__code=params.organisation)
    return [_service(request, s) for s in found]


@router.get(
    "/directory/services/{code}/{name}",
    response={200: ServiceEntry, 404: Problem},
    url_name="directory-service",
    by_alias=True,
    summary="One service, with its DCAT-AP-NL description",
)
def service(request: HttpRequest, code: str, name: str) -> dict:
    found = (
        DataService.objects.select_related("peer__organisation", "activity")
        .filter(peer__organisation__code=code, name=name)
        .first()
    )
    if found is None:
        raise HttpError(404, f"The directory has no service '{name}' of '{code}'.")
    return _service(request, found)


@router.get(
    "/processing-activities",
    response=list[ActivityEntry],
    url_name="processing-activities",
    by_alias=True,
    summary="Registers of processing activities (AVG article 30)",
)
def activities(request: HttpRequest, params: Query[DirectoryFilter]) -> list[dict]:
    found = ProcessingActivity.objects.select_related("organisation")
    if params.organisation:
        found = found.filter(organisation__code=params.organisation)
    return [_activity(request, a) for a in found]


@router.get(
    "/processing-activities/{code}/{slug}",
    response={200: ActivityEntry, 404: Problem},
    url_name="processing-activity",
    by_alias=True,
    summary="One processing activity: what a dpl.core.processing_activity_id points at",
)
def activity(request: HttpRequest, code: str, slug: str) -> dict:
    found = ProcessingActivity.objects.select_related("organisation").filter(organisation__code=code, slug=slug).first()
    if found is None:
        raise HttpError(404, f"'{code}' registers no processing activity '{slug}'.")
    return _activity(request, found)
