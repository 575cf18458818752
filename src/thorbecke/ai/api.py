"""The algorithm register API: public, read-only, published descriptions only."""

import uuid

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.ai.models import Algorithm
from thorbecke.ai.register import filter_algorithms, public
from thorbecke.web.api import Link, PageParams, Problem, page_of, paginate

router = Router(tags=["algorithms"])


class AlgorithmSummary(Schema):
    id: uuid.UUID = Field(description="Stable public id; the algorithm's page is its URL.")
    name: str
    descriptionShort: str
    organisation: str = Field(description="The owning organisation's code, e.g. gm0363.")
    organisationName: str
    status: str = Field(description="The algorithm's own status (in ontwikkeling, in gebruik, buiten gebruik).")
    publicationCategory: str = Field(description="A (high-risk AI), B (impactful) or C (other); empty if unknown.")
    themes: list[str]
    riskGroup: str = Field(description="AI Act risk group from the decision aid; empty until classified.")
    links: dict[str, Link] = Field(alias="_links")


class AlgorithmDetail(AlgorithmSummary):
    documentFormat: str = Field(description="standard-1.0.0, or template-1.0 (the register tool's field names).")
    document: dict = Field(description="The description as given, in the Algoritmeregister publication standard.")


AlgorithmPage = page_of(AlgorithmSummary, "AlgorithmPage")


class AlgorithmParams(PageParams):
    q: str | None = Field(None, max_length=100, description="Words that start words of name, description or owner.")
    organisation: str | None = Field(None, max_length=64, description="Only this organisation's (its code).")
    theme: str | None = Field(None, max_length=100, description="Only algorithms with this theme.")
    status: str | None = Field(None, max_length=40, description="Only algorithms with this status.")
    category: str | None = Field(None, pattern="^[ABC]$", description="Only this publication category.")
    risk: str | None = Field(None, max_length=60, description="Only this AI Act risk group.")


def _links(request: HttpRequest, algorithm: Algorithm) -> dict:
    key = {"public_id": algorithm.public_id}
    return {
        "self": {"href": request.build_absolute_uri(reverse("api-v1:algorithm", kwargs=key))},
        "page": {"href": request.build_absolute_uri(reverse("ai:algorithm", kwargs=key))},
        "standard": {"href": request.build_absolute_uri(reverse("api-v1:algorithm-document", kwargs=key))},
    }


def _summary(request: HttpRequest, algorithm: Algorithm) -> dict:
    return {
        "id": algorithm.public_id,
        "name": algorithm.name,
        "descriptionShort": algorithm.description_short,
        "organisation": algorithm.organisation.code,
        "organisationName": algorithm.organisation.name,
        "status": algorithm.development_status,
        "publicationCategory": algorithm.publication_category,
        "themes": [theme for theme in algorithm.themes.split("|") if theme],
        "riskGroup": algorithm.risk_group,
        "_links": _links(request, algorithm),
    }


def _published(public_id: uuid.UUID) -> Algorithm:
    algorithm = public().select_related("organisation").filter(public_id=public_id).first()
    if algorithm is None:
        raise HttpError(404, f"There is no published algorithm with id '{public_id}'.")
    return algorithm


@router.get(
    "/algorithms",
    response={200: AlgorithmPage, 400: Problem, 404: Problem},
    url_name="algorithms",
    summary="List the published algorithms",
    by_alias=True,
)
def list_algorithms(request: HttpRequest, params: Query[AlgorithmParams]) -> dict:
    filters = params.dict(include={"q", "organisation", "theme", "status", "category", "risk"}, exclude_none=True)
    queryset = filter_algorithms(public().select_related("organisation").defer("document"), **filters)
    return paginate(request, queryset, params, lambda algorithm: _summary(request, algorithm))


@router.get(
    "/algorithms/{uuid:public_id}",
    response={200: AlgorithmDetail, 404: Problem},
    url_name="algorithm",
    summary="Get one published algorithm",
    by_alias=True,
)
def get_algorithm(request: HttpRequest, public_id: uuid.UUID) -> dict:
    algorithm = _published(public_id)
    return {**_summary(request, algorithm), "documentFormat": algorithm.document_format, "document": algorithm.document}


@router.get(
    "/algorithms/{uuid:public_id}/standard",
    response={200: dict, 404: Problem},
    url_name="algorithm-document",
    summary="One published algorithm's description in the publication standard, as given",
)
def get_algorithm_document(request: HttpRequest, public_id: uuid.UUID) -> dict:
    return _published(public_id).document
