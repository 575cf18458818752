"""Pooling opportunities in cloud contracts over the API, for signed-in government staff, as the contracts page
shows them: the programme every opportunity with the organisations and their terms, a member only those its
organisation is in, as the number of organisations and their total value per year."""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from thorbecke.cloud.contract_pooling import Opportunity, opportunities
from thorbecke.registry.api import StaffSession
from thorbecke.registry.models import Role
from thorbecke.web.api import PageParams, Problem, page_of, paginate

router = Router(tags=["cloud contracts"], auth=StaffSession())


class HeldContract(Schema):
    organisation: str = Field(description="The holding organisation's TOOI code.")
    terms: str
    annualValue: float = Field(description="Value per year, in euro.")
    startsOn: date
    endsOn: date


class PoolingOpportunity(Schema):
    product: str
    supplier: str
    offeringId: int | None = Field(description="The offering in the catalogue, where the contracts name one.")
    organisations: int = Field(description="How many organisations hold it.")
    totalPerYear: float = Field(description="Their contracts' value per year together, in euro.")
    earliestEnd: date | None = Field(description="When the first contract ends (the programme only).")
    contracts: list[HeldContract] = Field(description="Each contract's terms side by side (the programme only).")


PoolingPage = page_of(PoolingOpportunity, "PoolingOpportunityPage")


def _entry(o: Opportunity) -> dict:
    return {
        "product": o.product, "supplier": o.supplier, "offeringId": o.offering_id, "organisations": o.organisations,
        "totalPerYear": float(o.total_per_year), "earliestEnd": o.earliest_end,
        "contracts": [
            {"organisation": c.organisation.code, "terms": c.terms, "annualValue": float(c.annual_value_eur),
             "startsOn": c.starts_on, "endsOn": c.ends_on}
            for c in o.contracts
        ],
    }  # fmt: skip


@router.get(
    "/cloud-contracts/pooling",
    response={200: PoolingPage, 400: Problem, 401: Problem, 404: Problem},
    url_name="cloud-contracts-pooling",
    summary="Pooling opportunities: the same cloud product held by several organisations under different terms",
    by_alias=True,
)
def pooling(request: HttpRequest, params: Query[PageParams]) -> dict:
    membership = request.auth
    programme = membership.role == Role.PROGRAMME
    return paginate(request, opportunities(None if programme else membership.organisation_id), params, _entry)
