"""The front door as an API, so that any organisation's website can embed the same search and routing."""

from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from thorbecke.exchange.federated import NotConnected, who_used
from thorbecke.registry.api import OrganisationRef, organisation_ref
from thorbecke.registry.models import Organisation
from thorbecke.registry.responsibility import Layer, responsible
from thorbecke.services.citizens import session_bsn
from thorbecke.services.finder import find_products
from thorbecke.services.models import Product
from thorbecke.services.places import resolve_place
from thorbecke.services.routing import door_for
from thorbecke.web.api import Link, Problem

router = Router(tags=["front door"])


class ContactableOrganisation(Schema):
    """An organisation with the websites where a person can reach it."""

    code: str
    name: str
    websites: list[str]
    links: dict[str, Link] = Field(alias="_links")


class ProductSummary(Schema):
    slug: str
    uri: str = Field(description="UPL URI of the product.")
    name: str = Field(description="UPL name.")
    title: str = Field(description="Plain-language title in the requested language (Accept-Language).")
    description: str
    layers: list[str]
    links: dict[str, Link] = Field(alias="_links")


class SearchHit(ProductSummary):
    score: float = Field(description="Fused rank score; higher is better.")
    similarity: float = Field(description="Cosine similarity of the best matching passage.")


class SearchAnswer(Schema):
    query: str
    governmentMatter: bool = Field(description="false when the question is not something the government arranges.")
    results: list[SearchHit]


class LegalBasis(Schema):
    label: str
    link: str


class ProductDetail(ProductSummary):
    bring: list[str]
    legalBases: list[LegalBasis]
    sources: list[str]
    agency: str


class Door(Schema):
    layer: str = Field(description="gemeente, provincie, waterschap or rijk.")
    explanation: str
    organisation: ContactableOrganisation | None
    candidates: list[ContactableOrganisation]


class Place(Schema):
    municipality: ContactableOrganisation | None
    province: ContactableOrganisation | None
    waterBoard: ContactableOrganisation | None
    waterBoardCandidates: list[ContactableOrganisation]


# The Netherlands' bounding box in WGS84 (Cadzand to Bad Nieuweschans, Eijsden to Rottumeroog), with a margin: a
# point outside it is refused as invalid (400); a point inside that no municipality holds is not found (404).
LAT_RANGE = (50.7, 53.7)
LON_RANGE = (3.2, 7.3)


class PlaceParams(Schema):
    postcode: str | None = Field(
        None, pattern=r"^\s*[1-9][0-9]{3} ?([A-Za-z]{2})?\s*$", description="Dutch postcode, 1234 or 1234 AB."
    )
    lat: float | None = Field(
        None, ge=LAT_RANGE[0], le=LAT_RANGE[1], description="Latitude (WGS84) in the Netherlands."
    )
    lon: float | None = Field(
        None, ge=LON_RANGE[0], le=LON_RANGE[1], description="Longitude (WGS84) in the Netherlands."
    )


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=300, description="The question in the person's own words.")
    limit: int = Field(5, ge=1, le=20)
    audience: Literal["business", "citizen"] | None = Field(
        None, description="Who asks: 'business' ranks products for entrepreneurs first, 'citizen' those for people."
    )


def _org(request: HttpRequest, org: Organisation | None) -> dict | None:
    if org is None:
        return None
    href = request.build_absolute_uri(reverse("api-v1:organisation", kwargs={"code": org.code}))
    return {
        "code": org.code,
        "name": org.name,
        "websites": [d.name for d in org.domains.all()],
        "_links": {"self": {"href": href}},
    }


def _summary(request: HttpRequest, product: Product) -> dict:
    href = request.build_absolute_uri(reverse("api-v1:product", kwargs={"slug": product.slug}))
    return {
        "slug": product.slug,
        "uri": product.uri,
        "name": product.name,
        "title": product.title,
        "description": product.description,
        "layers": product.layers,
        "_links": {"self": {"href": href}},
    }


def _place(params: PlaceParams) -> object:
    lat = None if params.lat is None else str(params.lat)
    lon = None if params.lon is None else str(params.lon)
    answer = resolve_place(params.postcode, lat, lon)
    if answer.error:
        raise HttpError(404 if answer.nowhere else 400, answer.error)
    return answer.place


@router.get(
    "/products/search",
    response={200: SearchAnswer, 400: Problem},
    url_name="product-search",
    summary="Find products for a question in a person's own words",
    by_alias=True,
)
def search_products(request: HttpRequest, params: Query[SearchParams]) -> dict:
    answer = find_products(params.q, params.limit, params.audience)
    results = (
        [{**_summary(request, f.product), "score": f.hit.score, "similarity": f.hit.similarity} for f in answer.found]
        if answer.government_matter
        else []
    )
    return {"query": answer.query, "governmentMatter": answer.government_matter, "results": results}


@router.get(
    "/products/{slug}",
    response={200: ProductDetail, 404: Problem},
    url_name="product",
    summary="One product of the catalogue",
    by_alias=True,
)
def get_product(request: HttpRequest, slug: str) -> dict:
    product = Product.objects.filter(slug=slug).first()
    if product is None:
        raise HttpError(404, f"There is no product '{slug}'.")
    return {
        **_summary(request, product),
        "bring": product.bring,
        "legalBases": product.legal_bases,
        "sources": product.sources,
        "agency": product.agency,
    }


@router.get(
    "/products/{slug}/door",
    response={200: Door, 400: Problem, 404: Problem},
    url_name="product-door",
    summary="The organisation that provides this product at a place",
    by_alias=True,
)
def product_door(request: HttpRequest, slug: str, params: Query[PlaceParams]) -> dict:
    product = Product.objects.filter(slug=slug).first()
    if product is None:
        raise HttpError(404, f"There is no product '{slug}'.")
    door = door_for(product, _place(params))
    return {
        "layer": door.layer,
        "explanation": door.explanation,
        "organisation": _org(request, door.organisation),
        "candidates": [_org(request, o) for o in door.candidates],
    }


@router.get(
    "/places",
    response={200: Place, 400: Problem, 404: Problem},
    url_name="places",
    summary="Municipality, province and water board of a postcode or a point",
    by_alias=True,
)
def place(request: HttpRequest, params: Query[PlaceParams]) -> dict:
    found = _place(params)
    if found is None:
        raise HttpError(400, "Give a postcode, or a point as lat and lon.")
    board = responsible(Layer.WATERSCHAP, found)
    codes = [found.municipality, found.province, *board.codes]
    orgs = Organisation.objects.prefetch_related("domains").in_bulk(codes, field_name="code")
    return {
        "municipality": _org(request, orgs.get(found.municipality)),
        "province": _org(request, orgs.get(found.province)),
        "waterBoard": _org(request, orgs.get(board.sole)),
        "waterBoardCandidates": [] if board.sole else [_org(request, orgs[c]) for c in board.codes if c in orgs],
    }


class InvolvedAlgorithm(Schema):
    name: str
    url: str = Field(description="Its page in the public algorithm register.")


class Processing(Schema):
    when: str = Field(description="Start of the processing, ISO 8601 with time zone.")
    organisation: OrganisationRef | None
    peerId: str
    activity: str = Field(description="URI of the processing activity in the organisation's register.")
    name: str
    purpose: str
    legalBasis: str
    legalBasisUrl: str
    algorithms: list[InvolvedAlgorithm] = Field(
        description="The published algorithms that serve the processing activity: an algorithm was involved."
    )


class CitizenSession(SessionAuth):
    """A person signed in with DigiD in this session: the citizen number is request.auth."""

    def authenticate(self, request: HttpRequest, key: str | None) -> str | None:
        citizen = getattr(request.user, "citizen", None) if request.user.is_authenticated else None
        return session_bsn(request, citizen) if citizen else None


class MyProcessings(Schema):
    processings: list[Processing]
    unreachable: list[str] = Field(description="Organisations that could not be asked just now.")


@router.get(
    "/me/processings",
    response={200: MyProcessings, 401: Problem, 503: Problem},
    url_name="my-processings",
    summary="Who used my data: for the signed-in person, asked through the data system",
    auth=CitizenSession(),
)
def my_processings(request: HttpRequest) -> dict:
    try:
        answers = who_used(request.auth)
    except NotConnected as exc:
        raise HttpError(503, str(exc)) from exc
    return {
        "processings": [
            {
                "when": use.when.isoformat(),
                "organisation": organisation_ref(request, use.organisation),
                "peerId": use.peer_id,
                "activity": use.activity_uri,
                "name": use.activity.name if use.activity else use.name,
                "purpose": use.activity.purpose if use.activity else "",
                "legalBasis": use.activity.legal_basis if use.activity else "",
                "legalBasisUrl": use.activity.legal_basis_url if use.activity else "",
                "algorithms": [
                    {"name": algorithm.name, "url": request.build_absolute_uri(algorithm.url)}
                    for algorithm in use.algorithms
                ],
            }
            for use in answers.uses
        ],
        "unreachable": answers.unreachable,
    }
