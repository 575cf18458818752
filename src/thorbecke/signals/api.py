"""Reports in public space, NL API Design Rules side: a category suggested for a text.

The reports themselves are served by Open311 GeoReport v2 at /open311/v2/ (signals/open311.py)."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.registry.models import Organisation
from thorbecke.signals import figures
from thorbecke.signals.classifier import get_classifier
from thorbecke.signals.models import Category
from thorbecke.web.api import Problem

router = Router(tags=["reports in public space"])


class ClassifyParams(Schema):
    text: str = Field(..., min_length=1, max_length=1000, description="The report in the person's own words.")


class CategorySuggestion(Schema):
    serviceCode: str = Field(description="The Open311 service_code (the category's slug).")
    name: str
    confidence: float = Field(description="Estimated probability, 0 to 1.")


class Suggestions(Schema):
    suggestions: list[CategorySuggestion]


@router.get(
    "/signals/classify",
    response={200: Suggestions, 400: Problem},
    url_name="signals-classify",
    summary="Suggest the category of a report from its text",
)
def classify(request: HttpRequest, params: Query[ClassifyParams]) -> dict:
    suggestions = get_classifier().suggest(params.text)
    names = Category.objects.in_bulk([s.category for s in suggestions])
    return {
        "suggestions": [
            {
                "serviceCode": s.category,
                "name": names[s.category].name if s.category in names else s.category,
                "confidence": round(s.confidence, 4),
            }
            for s in suggestions
        ]
    }


class FiguresRow(Schema):
    code: str = Field(description="Organisation code (TOOI) or category (Open311 service_code).")
    name: str
    reports: int
    closed: int
    closedOnTime: int = Field(description="Closed no later than the category's deadline.")
    meanDaysToClose: float | None
    satisfaction: float | None = Field(description="Mean answer to the closing survey, 1 to 5.")
    answers: int


class Figures(Schema):
    organisations: list[FiguresRow]
    categories: list[FiguresRow]


class FiguresParams(Schema):
    organisation: str | None = Field(None, max_length=100, description="Only this organisation's reports, by its code.")


def _api_rows(rows: list[figures.Row]) -> list[dict]:
    return [
        {
            "code": r.code,
            "name": r.name,
            "reports": r.reports,
            "closed": r.closed,
            "closedOnTime": r.on_time,
            "meanDaysToClose": round(r.mean_days_to_close, 2) if r.mean_days_to_close is not None else None,
            "satisfaction": r.satisfaction,
            "answers": r.answers,
        }
        for r in rows
    ]


@router.get(
    "/signals/figures",
    response={200: Figures, 400: Problem, 404: Problem},
    url_name="signals-figures",
    summary="Handling figures of reports per organisation and per category",
)
def figures_api(request: HttpRequest, params: Query[FiguresParams]) -> dict:
    organisation = None
    if params.organisation:
        organisation = Organisation.objects.filter(code=params.organisation).first()
        if organisation is None:
            raise HttpError(404, f"There is no organisation with code {params.organisation}.")
    return {
        "organisations": [] if organisation else _api_rows(figures.by_organisation()),
        "categories": _api_rows(figures.by_category(organisation)),
    }
