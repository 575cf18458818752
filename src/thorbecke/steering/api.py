"""The steering indicators over the API: public and read-only. Each indicator with its latest figure for the
country, and its observations (per organisation, type of organisation, province and the country, per month) as
paged JSON, as CSV and as a JSON-stat 2.0 dataset; the whole set described in DCAT-AP-NL 3.0 (JSON-LD). The formats
and what "no data" is in each: ``steering.publication``."""

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError, ValidationError

from thorbecke.exchange.api import JSON_LD
from thorbecke.steering import publication
from thorbecke.steering.compute import COUNTRY
from thorbecke.steering.models import Indicator, Observation, Priority, Scope
from thorbecke.steering.publication import Download, Selection, SelectionError
from thorbecke.web.api import Link, PageParams, Problem, page_of, paginate

router = Router(tags=["steering"])

MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
CSV = "text/csv"
JSON = "application/json"


class IndicatorOut(Schema):
    code: str
    name: str = Field(description="In the language asked (Accept-Language: nl or en).")
    definition: str
    priority: Literal[tuple(Priority.values)]
    unit: Literal["share", "count", "mean"] = Field(
        description="share: a fraction from 0 to 1; count: a number; mean: a sum over how many."
    )
    owner: str
    source: str = Field(description="Where it is computed from.")
    digitalDecade: str = Field(description="The EU Digital Decade target or KPI it corresponds to; empty if none.")
    higherIsBetter: bool
    target: float | None
    targetYear: int | None
    latestPeriod: str | None = Field(description="The latest month computed, YYYY-MM.")
    latestValue: float | None = Field(description="The country's value that month; null is no data, never 0.")
    links: dict[str, Link] = Field(
        alias="_links",
        description="self, page, observations (JSON), csv, jsonstat (JSON-stat 2.0) and dcat (DCAT-AP-NL).",
    )


class ObservationOut(Schema):
    period: str = Field(description="The month, YYYY-MM: the value at its end.")
    scope: Literal[tuple(Scope.values)]
    area: str = Field(description="Organisation code, type of organisation, province code, or NL.")
    areaName: str
    value: float | None = Field(description="null when the source holds no data there: no data, never 0.")
    numerator: float | None
    denominator: float | None = Field(description="For a share or a mean; null for a count.")


IndicatorPage = page_of(IndicatorOut, "IndicatorPage")
ObservationPage = page_of(ObservationOut, "ObservationPage")


class IndicatorParams(PageParams):
    priority: Literal[tuple(Priority.values)] | None = Field(None, description="Only this priority's indicators.")


class ObservationFilter(Schema):
    scope: Literal[tuple(Scope.values)] | None = Field(None, description="Only this scope.")
    periodFrom: str | None = Field(None, pattern=MONTH, description="From this month (YYYY-MM), included.")
    periodTo: str | None = Field(None, pattern=MONTH, description="Up to this month (YYYY-MM), included.")


class ObservationParams(ObservationFilter, PageParams):
    pass


def _indicator(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise HttpError(404, f"There is no indicator '{code}'.")
    return indicator


def _selected(code: str, params: ObservationFilter) -> tuple[Indicator, QuerySet]:
    """The indicator and its observations as the filters ask; a selection that cannot be made (a range that ends
    before it starts) is refused as invalid parameters, like a malformed one."""
    indicator = _indicator(code)
    try:
        selection = Selection(params.scope or "", params.periodFrom or "", params.periodTo or "")
    except SelectionError as error:
        name = {"period_from": "periodFrom", "period_to": "periodTo"}.get(error.field, error.field)
        raise ValidationError([{"loc": ("query", name), "type": "invalid", "msg": str(error)}]) from None
    return indicator, publication.observations(indicator, selection)


def _url(request: HttpRequest, name: str, **kwargs: str) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))


def _downloads(request: HttpRequest, code: str) -> list[Download]:
    return [
        Download("CSV", "text/csv", _url(request, "api-v1:indicator-observations-csv", indicator=code)),
        Download("JSON", "application/json", _url(request, "api-v1:indicator-observations", indicator=code)),
        # JSON-stat has no media type of its own: it is JSON, its file type in the EU vocabulary is JSON too.
        Download("JSON", "application/json", _url(request, "api-v1:indicator-observations-jsonstat", indicator=code)),
    ]


def _links(request: HttpRequest, code: str) -> dict:
    return {
        "self": {"href": _url(request, "api-v1:indicator", indicator=code)},
        "page": {"href": _url(request, "steering:indicator", code=code)},
        "observations": {"href": _url(request, "api-v1:indicator-observations", indicator=code)},
        "csv": {"href": _url(request, "api-v1:indicator-observations-csv", indicator=code)},
        "jsonstat": {"href": _url(request, "api-v1:indicator-observations-jsonstat", indicator=code)},
        "dcat": {"href": _url(request, "api-v1:indicator-dcat", indicator=code)},
    }


def _latest() -> dict[int, Observation]:
    latest: dict[int, Observation] = {}
    for o in Observation.objects.filter(scope=Scope.COUNTRY, key=COUNTRY).order_by("indicator_id", "-period"):
        latest.setdefault(o.indicator_id, o)
    return latest


def _out(request: HttpRequest, indicator: Indicator, latest: Observation | None) -> dict:
    language = get_language()
    return {
        "code": indicator.code,
        "name": indicator.name(language),
        "definition": indicator.definition(language),
        "priority": indicator.priority,
        "unit": indicator.unit,
        "owner": indicator.owner,
        "source": indicator.source,
        "digitalDecade": indicator.digital_decade,
        "higherIsBetter": indicator.higher_is_better,
        "target": indicator.target,
        "targetYear": indicator.target_year,
        "latestPeriod": latest.period if latest else None,
        "latestValue": latest.value if latest else None,
        "_links": _links(request, indicator.code),
    }


@router.get(
    "/indicators",
    response={200: IndicatorPage, 400: Problem, 404: Problem},
    url_name="indicators",
    summary="The steering indicators, with the country's latest figure",
    by_alias=True,
)
def list_indicators(request: HttpRequest, params: Query[IndicatorParams]) -> dict:
    indicators = Indicator.objects.order_by("priority", "code")
    if params.priority:
        indicators = indicators.filter(priority=params.priority)
    latest = _latest()
    return paginate(request, indicators, params, lambda i: _out(request, i, latest.get(i.pk)))


def _dcat_response(document: dict) -> JsonResponse:
    return JsonResponse(document, content_type=JSON_LD, json_dumps_params={"ensure_ascii": False})


def _dataset(request: HttpRequest, indicator: Indicator) -> dict:
    months = indicator.observations.order_by("period").values_list("period", flat=True)
    first, last = months.first(), months.last()
    return publication.dcat_dataset(
        indicator,
        identifier=_url(request, "api-v1:indicator", indicator=indicator.code),
        page=_url(request, "steering:indicator", code=indicator.code),
        downloads=_downloads(request, indicator.code),
        months=(first, last) if first else None,
    )


def _answers(media_type: str, description: str, kind: str = "object") -> dict:
    """The OpenAPI description of a 200 that is not the JSON of a schema (CSV, JSON-LD, JSON-stat)."""
    return {"responses": {200: {"description": description, "content": {media_type: {"schema": {"type": kind}}}}}}


DCAT_RESPONSE = _answers(JSON_LD, "DCAT-AP-NL 3.0 in JSON-LD.")


@router.get(
    "/indicators/dcat",
    response={404: Problem},
    url_name="indicators-dcat",
    summary="Every indicator's observations described as a DCAT-AP-NL catalogue",
    openapi_extra=DCAT_RESPONSE,
)
def indicators_dcat(request: HttpRequest) -> HttpResponse:
    datasets = [_dataset(request, i) for i in Indicator.objects.order_by("priority", "code")]
    return _dcat_response(
        publication.dcat_catalogue(
            _url(request, "api-v1:indicators-dcat"), ("Sturingsindicatoren", "Steering indicators"), datasets
        )
    )


@router.get(
    "/indicators/{indicator}",
    response={200: IndicatorOut, 404: Problem},
    url_name="indicator",
    summary="One indicator",
    by_alias=True,
)
def get_indicator(request: HttpRequest, indicator: str) -> dict:
    found = _indicator(indicator)
    return _out(request, found, _latest().get(found.pk))


@router.get(
    "/indicators/{indicator}/observations",
    response={200: ObservationPage, 400: Problem, 404: Problem},
    url_name="indicator-observations",
    summary="An indicator's observations, per month and area",
    by_alias=True,
)
def indicator_observations(request: HttpRequest, indicator: str, params: Query[ObservationParams]) -> dict:
    _, rows = _selected(indicator, params)
    # A page's area names are looked up together, not one query per row.
    page = paginate(request, rows, params, lambda o: o)
    page["results"] = publication.as_records(page["results"])
    return page


@router.get(
    "/indicators/{indicator}/observations/csv",
    response={400: Problem, 404: Problem},
    url_name="indicator-observations-csv",
    summary="An indicator's observations as CSV (no data is an empty value)",
    openapi_extra=_answers(CSV, "RFC 4180 CSV.", "string"),
)
def indicator_observations_csv(request: HttpRequest, indicator: str, params: Query[ObservationFilter]) -> HttpResponse:
    found, rows = _selected(indicator, params)
    response = HttpResponse(publication.as_csv(found, rows), content_type=f"{CSV}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.code}.csv"'
    return response


@router.get(
    "/indicators/{indicator}/observations/jsonstat",
    response={400: Problem, 404: Problem},
    url_name="indicator-observations-jsonstat",
    summary="An indicator's observations as a JSON-stat 2.0 dataset",
    openapi_extra=_answers(JSON, "A JSON-stat 2.0 dataset: indicator x period x area; no data is null with a status."),
)
def indicator_observations_jsonstat(
    request: HttpRequest, indicator: str, params: Query[ObservationFilter]
) -> HttpResponse:
    found, rows = _selected(indicator, params)
    dataset = publication.as_jsonstat(found, rows, get_language(), href=request.build_absolute_uri())
    return JsonResponse(dataset, json_dumps_params={"ensure_ascii": False})


@router.get(
    "/indicators/{indicator}/dcat",
    response={404: Problem},
    url_name="indicator-dcat",
    summary="An indicator's observations described in DCAT-AP-NL, one distribution per format",
    openapi_extra=DCAT_RESPONSE,
)
def indicator_dcat(request: HttpRequest, indicator: str) -> HttpResponse:
    return _dcat_response({"@context": publication.CONTEXT, **_dataset(request, _indicator(indicator))})
