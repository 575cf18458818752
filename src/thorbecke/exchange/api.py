"""The data system's public directory and registers: peers, services (with DCAT-AP-NL) and the
processing activities that processing-log records point at. Read-only; nothing personal.

Which services and peers the directory has is the FSC directory's to say: the hub's own node, where peers publish
their services by contract (a ServicePublicationGrant) and announce themselves. The hub adds what FSC does not carry
(titles, DCAT, purposes) from its own records. A hub without a node lists its records as they are."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.exchange.enrolment import organisation_for_peer
from thorbecke.exchange.federated import HubNode, NotConnected
from thorbecke.exchange.models import DataService, Peer, ProcessingActivity
from thorbecke.registry.api import OrganisationRef, organisation_ref
from thorbecke.registry.models import Organisation
from thorbecke.web.api import Link, PageParams, Problem, page_of, paginate

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
    delegatorPeerId: str = Field("", description="For a delegated publication: the peer it is offered on behalf of.")
    organisation: OrganisationRef
    inwayAddress: str
    protocol: str
    activity: str = Field(description="URI of the provider's processing activity.")
    allowedPurposes: list[str] = Field(description="URIs of the consumers' processing activities it serves.")
    legalBasis: str
    openapi: str
    links: dict[str, Link] = Field(
        alias="_links",
        description="self; and dcat, the dataset behind the service as DCAT-AP-NL (application/ld+json), where the "
        "hub keeps a description of it.",
    )


PeerPage = page_of(PeerEntry, "PeerPage")
ServicePage = page_of(ServiceEntry, "ServicePage")
ActivityPage = page_of(ActivityEntry, "ActivityPage")


class DirectoryFilter(PageParams):
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
        "dcat": service.dcat(),  # served at its own address, as JSON-LD
        "_links": {
            "self": {"href": request.build_absolute_uri(url)},
            "dcat": {"href": request.build_absolute_uri(f"{url}/dcat")},
        },
    }


def _bare(request: HttpRequest, listing: dict, organisation: Organisation) -> dict:
    """A service the directory lists that the hub keeps no description of: what FSC's listing says of it."""
    url = reverse("api-v1:directory-service", kwargs={"code": organisation.code, "name": listing["name"]})
    return {
        "name": listing["name"],
        "peerId": listing["peer"]["id"],
        "organisation": organisation_ref(request, organisation),
        "inwayAddress": "",
        "protocol": listing["protocol"],
        "activity": "",
        "allowedPurposes": [],
        "legalBasis": "",
        "openapi": "",
        "dcat": {},
        "_links": {"self": {"href": request.build_absolute_uri(url)}},
    }


def _directory(request: HttpRequest, organisation: str | None = None, name: str | None = None) -> list[dict]:
    """The services the directory lists (all, or one organisation's, or one by name), described."""
    described = DataService.objects.select_related("peer__organisation", "activity").prefetch_related(
        "allowed_purposes__organisation"
    )
    if organisation:
        described = described.filter(peer__organisation__code=organisation)
    if name:
        described = described.filter(name=name)
    try:
        published = HubNode.configured().directory_services()
    except NotConnected:
        return [_service(request, s) for s in described]
    records = {(s.peer.peer_id, s.name): s for s in described}
    organisations: dict[str, Organisation | None] = {}
    entries = []
    for listing in published:
        peer_id = listing["peer"]["id"]
        if peer_id not in organisations:
            organisations[peer_id] = organisation_for_peer(peer_id)
        owner = organisations[peer_id]
        # A peer the register has no organisation for is not shown: every entry names its organisation.
        if owner is None or (organisation and owner.code != organisation) or (name and listing["name"] != name):
            continue
        record = records.get((peer_id, listing["name"]))
        entry = _service(request, record) if record else _bare(request, listing, owner)
        entry["protocol"] = listing["protocol"]
        entry["delegatorPeerId"] = listing.get("delegator", {}).get("peer_id", "")
        entries.append(entry)
    return entries


@router.get(
    "/directory/peers",
    response={200: PeerPage, 400: Problem, 404: Problem},
    url_name="directory-peers",
    by_alias=True,
    summary="The group's peers: organisations with a node",
)
def peers(request: HttpRequest, params: Query[DirectoryFilter]) -> dict:
    try:
        known = [(p["id"], p["manager_address"]) for p in HubNode.configured().directory_peers()]
    except NotConnected:
        known = [(p.peer_id, p.manager_address) for p in Peer.objects.all()]
    owned = [(organisation_for_peer(peer_id), peer_id, address) for peer_id, address in known]
    shown = [
        (owner, peer_id, address)
        for owner, peer_id, address in owned
        if owner is not None and (not params.organisation or owner.code == params.organisation)
    ]
    return paginate(
        request,
        sorted(shown, key=lambda found: (found[0].sort_name, found[1])),
        params,
        lambda found: {
            "peerId": found[1],
            "organisation": organisation_ref(request, found[0]),
            "managerAddress": found[2],
        },
    )


@router.get(
    "/directory/services",
    response={200: ServicePage, 400: Problem, 404: Problem},
    url_name="directory-services",
    by_alias=True,
    summary="Services offered through the data system",
)
def services(request: HttpRequest, params: Query[DirectoryFilter]) -> dict:
    return paginate(request, _directory(request, params.organisation), params, lambda entry: entry)


@router.get(
    "/directory/services/{code}/{name}",
    response={200: ServiceEntry, 404: Problem},
    url_name="directory-service",
    by_alias=True,
    summary="One service, with its DCAT-AP-NL description",
)
def service(request: HttpRequest, code: str, name: str) -> dict:
    found = _directory(request, code, name)
    if not found:
        raise HttpError(404, f"The directory has no service '{name}' of '{code}'.")
    return found[0]


JSON_LD = "application/ld+json"


@router.get(
    "/directory/services/{code}/{name}/dcat",
    response={404: Problem},
    url_name="directory-service-dcat",
    summary="The dataset behind a service, as DCAT-AP-NL in JSON-LD",
    openapi_extra={
        "responses": {
            200: {
                "description": "A dcat:Dataset with its distribution and access service (DCAT-AP-NL 3).",
                "content": {JSON_LD: {"schema": {"type": "object"}}},
            }
        }
    },
)
def service_dcat(request: HttpRequest, code: str, name: str) -> HttpResponse:
    found = _directory(request, code, name)
    if not found or not found[0]["dcat"]:
        raise HttpError(404, f"The hub keeps no description of a service '{name}' of '{code}'.")
    return JsonResponse(found[0]["dcat"], content_type=JSON_LD, json_dumps_params={"ensure_ascii": False})


@router.get(
    "/processing-activities",
    response={200: ActivityPage, 400: Problem, 404: Problem},
    url_name="processing-activities",
    by_alias=True,
    summary="Registers of processing activities (AVG article 30)",
)
def activities(request: HttpRequest, params: Query[DirectoryFilter]) -> dict:
    found = ProcessingActivity.objects.select_related("organisation").order_by("organisation__sort_name", "slug", "pk")
    if params.organisation:
        found = found.filter(organisation__code=params.organisation)
    return paginate(request, found, params, lambda activity: _activity(request, activity))


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
