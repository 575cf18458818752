"""The catalogue of reusable AI as an API: public, read-only, the fields its pages show everyone (decision 0039).
Requests to reuse are between two organisations and stay out; who uses what (accepted requests) is in."""

import datetime
import uuid

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.ai.models import AiApplication, Lifecycle, ReuseState
from thorbecke.web.api import Link, PageParams, Problem, page_of, paginate

router = Router(tags=["ai-applications"])


class Quality(Schema):
    metric: str
    value: str
    method: str = Field(description="How it was measured: test set, size, by whom.")
    measuredOn: datetime.date | None


class ModelProvenance(Schema):
    name: str
    version: str
    origin: str = Field(description="Who made the model and where it can be found.")
    licence: str


class ApplicationSummary(Schema):
    id: uuid.UUID = Field(description="Stable public id; the application's page is its URL.")
    name: str
    purpose: str = Field(description="What it does.")
    organisation: str = Field(description="The operating organisation's code, e.g. gm0363.")
    organisationName: str
    openSource: bool
    areas: list[str] = Field(description="The priority areas it is placed under (their short names).")
    usedBy: list[str] = Field(description="The codes of the organisations whose request to reuse was accepted.")
    links: dict[str, Link] = Field(alias="_links")


class ApplicationDetail(ApplicationSummary):
    licence: str
    repository: str
    model: ModelProvenance
    dataProvenance: str
    algorithm: uuid.UUID | None = Field(
        description="Its entry in the algorithm register (/algorithms/{id}); null unless that entry is published."
    )
    quality: Quality | None = Field(description="The measured quality; null when none was published.")


ApplicationPage = page_of(ApplicationSummary, "AiApplicationPage")


class ApplicationParams(PageParams):
    organisation: str | None = Field(None, max_length=64, description="Only this organisation's (its code).")
    area: str | None = Field(None, max_length=60, description="Only applications under this priority area.")


def _summary(request: HttpRequest, application: AiApplication) -> dict:
    key = {"public_id": application.public_id}
    return {
        "id": application.public_id,
        "name": application.name,
        "purpose": application.purpose,
        "organisation": application.organisation.code,
        "organisationName": application.organisation.name,
        "openSource": application.open_source,
        "areas": [area.slug for area in application.areas.all()],
        "usedBy": [
            reuse.requester.code for reuse in application.reuse_requests.all() if reuse.state == ReuseState.ACCEPTED
        ],
        "_links": {
            "self": {"href": request.build_absolute_uri(reverse("api-v1:ai-application", kwargs=key))},
            "page": {"href": request.build_absolute_uri(reverse("ai:application", kwargs=key))},
        },
    }


def _queryset() -> object:
    return AiApplication.objects.select_related("organisation", "algorithm").prefetch_related(
        "areas", "reuse_requests__requester"
    )


@router.get(
    "/ai-applications",
    response={200: ApplicationPage, 400: Problem, 404: Problem},
    url_name="ai-applications",
    summary="List the reusable AI applications",
    by_alias=True,
)
def list_applications(request: HttpRequest, params: Query[ApplicationParams]) -> dict:
    queryset = _queryset()
    if params.organisation:
        queryset = queryset.filter(organisation__code=params.organisation)
    if params.area:
        queryset = queryset.filter(areas__slug=params.area)
    return paginate(request, queryset, params, lambda application: _summary(request, application))


@router.get(
    "/ai-applications/{uuid:public_id}",
    response={200: ApplicationDetail, 404: Problem},
    url_name="ai-application",
    summary="Get one reusable AI application",
    by_alias=True,
)
def get_application(request: HttpRequest, public_id: uuid.UUID) -> dict:
    application = _queryset().filter(public_id=public_id).first()
    if application is None:
        raise HttpError(404, f"There is no AI application with id '{public_id}'.")
    algorithm = application.algorithm
    published = algorithm is not None and algorithm.lifecycle == Lifecycle.PUBLISHED
    quality = None
    if application.quality_metric:
        quality = {
            "metric": application.quality_metric,
            "value": application.quality_value,
            "method": application.quality_method,
            "measuredOn": application.quality_measured_on,
        }
    return {
        **_summary(request, application),
        "licence": application.licence,
        "repository": application.repository_url,
        "model": {
            "name": application.model_name,
            "version": application.model_version,
            "origin": application.model_origin,
            "licence": application.model_licence,
        },
        "dataProvenance": application.data_provenance,
        "algorithm": algorithm.public_id if published else None,
        "quality": quality,
    }
