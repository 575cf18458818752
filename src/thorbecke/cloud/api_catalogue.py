"""The supply catalogue as an API: read-only and public, as the catalogue's pages are. Search and filters as query
parameters (the same as the page's), each offering with its sovereignty per objective (own level, effective level
after what it runs on, evidence), its Sovereignty Score, certifications and Haven result."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.cloud import taxonomy
from thorbecke.cloud.catalogue import Filters, Hit, expired, search
from thorbecke.cloud.framework import framework
from thorbecke.cloud.models import Offering
from thorbecke.cloud.supply import supply
from thorbecke.web.api import Link, PageParams, Problem, page_of, paginate

router = Router(tags=["cloud offerings"])

# The codes as enums, so a client sees them in the OpenAPI document: the fixed deployments and key holders, and the
# service models and classifications of the definitions in the repository (a published version that changes them
# is checked again below, and answered with a problem).
_DEFINITIONS = taxonomy.in_repository()
ServiceModelCode = Literal[tuple(_DEFINITIONS.codes("service_models"))]
ClassificationCode = Literal[tuple(_DEFINITIONS.codes("classifications"))]
DeploymentCode = Literal[taxonomy.DEPLOYMENTS]
KeyHolderCode = Literal[taxonomy.KEY_HOLDERS]


class Owner(Schema):
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2.")


class ProviderOut(Schema):
    name: str
    kvkNumber: str | None = Field(description="Its number in the Dutch Chamber of Commerce's register, if known.")
    country: str = Field(description="Country of establishment, ISO 3166-1 alpha-2.")
    ownershipChain: list[Owner] = Field(description="Its owners, nearest first, up to the ultimate parent.")
    jurisdictions: list[str] = Field(description="Every country whose law reaches it: its own and its owners'.")
    government: bool = Field(description="A government service provider.")


class Certificate(Schema):
    scheme: str
    scope: str
    issuer: str
    expiresOn: date
    expired: bool = Field(description="Expired today: it does not count in matching.")


class Objective(Schema):
    objective: str = Field(description="The framework's code, SOV-1 to SOV-8.")
    weight: int = Field(description="Its weight in the Sovereignty Score, in percent.")
    level: int = Field(description="The level assessed for this offering itself, 0 to 4.")
    effectiveLevel: int = Field(description="The level after what it runs on: the lowest down the chain.")
    evidence: str


class HavenCheck(Schema):
    category: str
    name: str
    passed: bool


class HavenResult(Schema):
    compliant: bool = Field(description="Every check passed and the checker's summary does not say NOT.")
    summary: str
    checks: list[HavenCheck]
    checkedAt: datetime | None


class OfferingEntry(Schema):
    id: int
    name: str
    description: str
    provider: ProviderOut
    serviceModel: str = Field(description="A service model code of the uniform definitions.")
    deployment: str = Field(description="A deployment code of the uniform definitions.")
    dataLocations: list[str]
    processingLocations: list[str]
    keyHolder: str
    supportTerritory: str
    classification: str = Field(description="The highest classification it may hold.")
    availability: float | None = Field(description="Percent, where stated.")
    priceEur: float | None = Field(description="Euro per unit per month, where stated.")
    priceUnit: str
    exitExtraction: bool
    exitFormats: str
    exitNoticeDays: int | None
    runsOn: list[int] = Field(description="The ids of the offerings it is built on.")
    sovereigntyScore: float = Field(description="0 to 100: sum of weight x effective level / 4.")
    sovereignty: list[Objective]
    certifications: list[Certificate]
    haven: HavenResult | None
    taxonomyVersion: str
    links: dict[str, Link] = Field(alias="_links")


OfferingPage = page_of(OfferingEntry, "CloudOfferingPage")


class OfferingParams(PageParams):
    q: str | None = Field(None, max_length=200, description="Words that must all occur in the name, provider or "
                          "service description (case-insensitive).")  # fmt: skip
    serviceModel: ServiceModelCode | None = Field(None, description="A service model code.")
    deployment: DeploymentCode | None = Field(None, description="A deployment code.")
    classification: ClassificationCode | None = Field(None, description="Allowed at least this classification.")
    keptIn: Literal["nl", "eu"] | None = Field(None, description="Data stored and processed in NL only, or EU only.")
    keyHolder: KeyHolderCode | None = Field(None, description="A key holder code.")
    certification: str | None = Field(None, max_length=40, description="A scheme held with a certificate valid today.")
    haven: bool | None = Field(None, description="Haven Compliant (true) or not (false).")
    exitTerms: bool | None = Field(None, description="Data extracted at the end, in named formats.")
    government: bool | None = Field(None, description="A government service provider (true) or a supplier (false).")
    minScore: float | None = Field(None, ge=0, le=100, description="The lowest Sovereignty Score.")
    sort: Literal["score", "name", "price"] = Field("score", description="Highest score, name, or cheapest first.")


def _checked(params: OfferingParams) -> Filters:
    tax = taxonomy.current()
    for name, section in (("serviceModel", "service_models"), ("deployment", "deployments"),
                          ("classification", "classifications"), ("keyHolder", "key_holders")):  # fmt: skip
        value = getattr(params, name)
        if value and value not in tax.codes(section):
            raise HttpError(400, f"{name}: '{value}' is not a code of the definitions {tax.version}.")
    return Filters(
        text=params.q or "", service_model=params.serviceModel or "", deployment=params.deployment or "",
        classification=params.classification or "", kept_in=params.keptIn or "", key_holder=params.keyHolder or "",
        certification=params.certification or "", haven=params.haven, exit_terms=params.exitTerms,
        government=params.government, min_score=params.minScore, sort=params.sort,
    )  # fmt: skip


def _entry(request: HttpRequest, hit: Hit) -> dict:
    o, p = hit.offering, hit.offering.provider
    s = supply()
    row = s.rows[s.index[o.pk]]
    evidence = {a.objective: a.evidence for a in o.assessments.all()}
    today = timezone.localdate()
    haven = None
    if o.haven:
        haven = {"compliant": bool(o.haven.get("compliant")), "summary": o.haven.get("summary", ""),
                 "checks": o.haven.get("checks", []), "checkedAt": o.haven_checked_at}  # fmt: skip
    return {
        "id": o.pk, "name": o.name, "description": o.description,
        "provider": {"name": p.name, "kvkNumber": p.kvk_number, "country": p.country,
                     "ownershipChain": p.ownership_chain, "jurisdictions": p.countries, "government": p.government},
        "serviceModel": o.service_model, "deployment": o.deployment, "dataLocations": o.data_locations,
        "processingLocations": o.processing_locations, "keyHolder": o.key_holder,
        "supportTerritory": o.support_territory, "classification": o.classification,
        "availability": None if o.availability is None else float(o.availability),
        "priceEur": None if o.price_eur is None else float(o.price_eur), "priceUnit": o.price_unit,
        "exitExtraction": o.exit_extraction, "exitFormats": o.exit_formats, "exitNoticeDays": o.exit_notice_days,
        "runsOn": list(row.runs_on), "sovereigntyScore": round(hit.score, 4),
        "sovereignty": [
            {"objective": obj.code, "weight": obj.weight, "level": row.own_levels.get(obj.code, 0),
             "effectiveLevel": row.levels[obj.code], "evidence": evidence.get(obj.code, "")}
            for obj in framework().objectives
        ],
        "certifications": [
            {"scheme": c.scheme, "scope": c.scope, "issuer": c.issuer, "expiresOn": c.expires_on,
             "expired": expired(c, today)}
            for c in o.certifications.all()
        ],
        "haven": haven, "taxonomyVersion": o.taxonomy_version,
        "_links": {
            "self": {"href": request.build_absolute_uri(reverse("api-v1:cloud-offering", kwargs={"pk": o.pk}))},
            "page": {"href": request.build_absolute_uri(reverse("cloud:offering", kwargs={"pk": o.pk}))},
        },
    }  # fmt: skip


@router.get(
    "/cloud-offerings",
    response={200: OfferingPage, 400: Problem, 404: Problem},
    url_name="cloud-offerings",
    summary="Search the cloud offerings of the supply catalogue",
    by_alias=True,
)
def list_offerings(request: HttpRequest, params: Query[OfferingParams]) -> dict:
    hits = search(_checked(params))
    return paginate(request, hits, params, lambda hit: _entry(request, hit))


@router.get(
    "/cloud-offerings/{int:pk}",
    response={200: OfferingEntry, 404: Problem},
    url_name="cloud-offering",
    summary="Get one cloud offering with its sovereignty per objective",
    by_alias=True,
)
def get_offering(request: HttpRequest, pk: int) -> dict:
    found = Offering.objects.select_related("provider").filter(pk=pk).first()
    if found is None:
        raise HttpError(404, f"There is no cloud offering with id {pk}.")
    s = supply()
    i = s.index[found.pk]
    return _entry(request, Hit(found, float(s.score[i]), s.rows[i].levels))
