"""The national IT landscape over the API, for signed-in government staff (as its pages): what depends
on an entity, what a failure takes down, supplier concentration, and an organisation's CycloneDX BOM.
Each answer follows the landscape's one visibility rule (visibility.py), as the pages do."""

from typing import Literal

import numpy as np
from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.landscape import analysis, crypto, cyclonedx, graph
from thorbecke.landscape.models import Supplier
from thorbecke.landscape.visibility import scope_of
from thorbecke.registry.api import StaffSession
from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.web.api import PageParams, Problem, page_of, paginate

# Only for signed-in government staff: the landscape shows where the government is vulnerable.
router = Router(tags=["IT landscape"], auth=StaffSession())


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def _camel_keys(value: object) -> object:
    """The analysis' and the inventory's rows (snake_case, as the pages and saved exercises keep them) as the API
    names their fields (camelCase, /core/naming-conventions)."""
    if isinstance(value, dict):
        return {_camel(key): _camel_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_camel_keys(item) for item in value]
    return value


class OrganisationCount(Schema):
    organisation: str = Field(description="TOOI code")
    entities: int


class RecoveryWave(Schema):
    entities: int
    first: list[str] = Field(description="The first entity references of this wave.")


class Impact(Schema):
    failed: int = Field(description="Entities that fail first.")
    affected: int = Field(description="Entities that go down, the failed ones included.")
    organisationsAffected: int
    organisations: list[OrganisationCount]
    citizenServicesAffected: int
    citizenServices: list[str]
    addressesAffected: int = Field(description="Addresses in the areas of the organisations affected (CBS PC4).")
    recoveryWaves: int
    recoveryOrder: list[RecoveryWave]
    cycles: list[list[str]]


class ImpactParams(Schema):
    entity: str = Field("", max_length=200, description="An entity reference, e.g. component:shared/digid")
    supplier: str = Field("", max_length=200, description="A supplier's name")
    provider: str = Field("", max_length=100, description="A hosting provider")
    region: str = Field("", max_length=64, description="One region of the hosting provider")


@router.get(
    "/landscape/impact",
    response={200: Impact, 400: Problem, 401: Problem, 404: Problem},
    url_name="landscape-impact",
    summary="What goes down when an entity, a supplier or a hosting provider fails",
)
def impact(request: HttpRequest, params: Query[ImpactParams]) -> dict:
    if sum(bool(v) for v in (params.entity, params.supplier, params.provider)) != 1:
        raise HttpError(400, "Name exactly one of entity, supplier or provider.")
    scope = scope_of(request.user)
    scenario = {"entity": params.entity, "provider": params.provider, "region": params.region}
    if params.supplier:
        # A supplier of nothing the reader may see answers as an unknown one: the failure below finds nothing.
        found = Supplier.objects.filter(scope.entity_filter("entities__"), name=params.supplier)
        scenario["supplier"] = found.values_list("pk", flat=True).first() or -1
    national = graph.current()
    failed = analysis.failing(national, scope, scenario)
    if not failed.size:
        raise HttpError(404, "Nothing in the landscape that you may see matches this failure.")
    return _camel_keys(analysis.describe(national, analysis.impact(national, failed), scope))


class Dependents(Schema):
    ref: str
    dependents: int = Field(description="Entities that need it, directly or through others.")
    organisations: int
    citizenServices: int


@router.get(
    "/landscape/dependents",
    response={200: Dependents, 401: Problem, 404: Problem},
    url_name="landscape-dependents",
    summary="Everything that depends on an entity, up to the citizen services and organisations",
)
def dependents(request: HttpRequest, ref: str = Query(..., max_length=200)) -> dict:
    national = graph.current()
    node = national.by_ref.get(ref)
    if node is None or not scope_of(request.user).sees(national.nodes[node].namespace):
        raise HttpError(404, f"No entity {ref!r} that you may see.")
    mask = national.dependents(np.array([node]))
    mask[node] = False  # what depends on it, not the entity itself
    return {
        "ref": ref,
        "dependents": int(mask.sum()),
        "organisations": len(national.owners(mask)),
        "citizenServices": int((mask & national.service).sum()),
    }


class SupplierShare(Schema):
    supplier: str
    country: str
    organisations: int
    share: float


class Concentration(Schema):
    function: str
    organisations: int
    hhi: int = Field(description="Herfindahl-Hirschman index, 0-10,000")
    suppliers: list[SupplierShare]


class ConcentrationParams(PageParams):
    type: Literal[OrganisationType.GEMEENTE, OrganisationType.PROVINCIE, OrganisationType.WATERSCHAP] = Field(
        OrganisationType.GEMEENTE, description="Among organisations of this type."
    )


ConcentrationPage = page_of(Concentration, "ConcentrationPage")


@router.get(
    "/landscape/concentration",
    response={200: ConcentrationPage, 400: Problem, 401: Problem, 404: Problem},
    url_name="landscape-concentration",
    summary="Supplier concentration per function among organisations of one type",
    by_alias=True,
)
def concentration(request: HttpRequest, params: Query[ConcentrationParams]) -> dict:
    return paginate(request, analysis.concentration(scope_of(request.user), params.type), params, lambda row: row)


@router.get(
    "/landscape/organisations/{code}/cyclonedx",
    response={200: dict, 401: Problem, 403: Problem, 404: Problem},
    url_name="landscape-cyclonedx",
    summary="An organisation's landscape as a CycloneDX 1.6 BOM",
)
def organisation_bom(request: HttpRequest, code: str) -> dict:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise HttpError(404, f"No organisation {code!r}.")
    if not scope_of(request.user).sees(organisation.code):
        raise HttpError(403, "An organisation's own landscape is for its own staff and the national programme.")
    return cyclonedx.export(organisation)


class Readiness(Schema):
    organisation: str = Field(description="TOOI code")
    vulnerable: int
    upgrade: int
    ready: int
    unknown: int
    shareReady: float


class PostQuantum(Schema):
    quantumYear: int = Field(description="Mosca's z: the year a quantum computer is assumed to break RSA and ECC.")
    vulnerable: int
    upgrade: int
    ready: int
    unknown: int
    organisations: list[Readiness]


@router.get(
    "/landscape/post-quantum",
    response={200: PostQuantum, 401: Problem},
    url_name="landscape-post-quantum",
    summary="Post-quantum readiness of the cryptographic inventories, government-wide and per organisation",
)
def post_quantum(request: HttpRequest) -> dict:
    totals = crypto.counts()
    rows = crypto.readiness(scope_of(request.user))
    return {
        "quantumYear": settings.PQC_QUANTUM_YEAR,
        **{status: totals[status] for status in ("vulnerable", "upgrade", "ready", "unknown")},
        "organisations": [_camel_keys({**row, "organisation": row["organisation"].code}) for row in rows],
    }
