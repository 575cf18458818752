"""Reports in public space, NL API Design Rules side: a category suggested for a text.

The reports themselves are served by Open311 GeoReport v2 at /open311/v2/ (signals/open311.py)."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from thorbecke.signals.classifier import get_classifier
from thorbecke.signals.models import Category

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
    response=Suggestions,
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
