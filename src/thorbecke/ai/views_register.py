"""The public algorithm register: list with search and filters, one page per algorithm, exports."""

import uuid

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import cached_property

from thorbecke.ai.exchange_format import export_csv, export_json
from thorbecke.ai.forms_register import AlgorithmFilterForm
from thorbecke.ai.links import landscape, readable_by, refs_of, supplier_name
from thorbecke.ai.models import Algorithm
from thorbecke.ai.register import filter_algorithms, plain, public
from thorbecke.ai.register_cache import search_counts
from thorbecke.ai.schema import CATEGORY_LABELS, FIELD_LABELS, standard_schema, standard_view

PAGE_SIZE = 20
EXPORT_LIMIT = 100_000


class CountedPaginator(Paginator):
    """A paginator told how many items there are (register_cache.search_counts) instead of counting them."""

    def __init__(self, object_list: QuerySet, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def register_list(request: HttpRequest) -> HttpResponse:
    form = AlgorithmFilterForm(request.GET or None)
    filters = form.filters()
    queryset = filter_algorithms(public().select_related("organisation"), **filters)
    found = search_counts().get(filters, queryset)
    page = CountedPaginator(queryset.only("public_id", "name", "description_short", "organisation__name",
                                          "publication_category", "development_status"), PAGE_SIZE, found).get_page(
        request.GET.get("page")
    )  # fmt: skip
    return render(request, "ai/register_list.html", {"form": form, "page": page, "query": request.GET.urlencode()})


def readable(request: HttpRequest, public_id: uuid.UUID) -> Algorithm:
    """A published description is for everyone; the others only for the owning organisation's staff."""
    return get_object_or_404(readable_by(request.user).select_related("organisation"), public_id=public_id)


def sections(document: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The description's filled fields in the standard's order and categories, as plain text."""
    view, grouped = standard_view(document), {}
    for field, rule in standard_schema()["properties"].items():
        value = view.get(field)
        if value in (None, "", []) or rule.get("display") == "hidden":
            continue
        text = ", ".join(map(str, value)) if isinstance(value, list) else plain(str(value)).strip()
        grouped.setdefault(str(CATEGORY_LABELS[rule["category"]]), []).append((str(FIELD_LABELS[field]), text))
    return list(grouped.items())


def links(request: HttpRequest, algorithm: Algorithm) -> dict:
    """What it is linked to, as far as this reader may see (decision 0041): the processing activities it serves are
    public, as the register of processing activities is; the landscape decides which entities and supplier show."""
    known, supplier = landscape(), supplier_name(algorithm)
    return {
        "activities": algorithm.processing_activities.select_related("organisation").order_by("slug"),
        "runs_on": known.shown(request.user, refs_of(algorithm)) if known else [],
        "supplier_found": known.supplier(request.user, supplier) if known and supplier else None,
    }


def algorithm_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    algorithm = readable(request, public_id)
    return render(
        request,
        "ai/register_detail.html",
        {
            "algorithm": algorithm,
            "sections": sections(algorithm.document),
            "stable_url": request.build_absolute_uri(algorithm.get_absolute_url()),
            **links(request, algorithm),
        },
    )


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def algorithm_export(request: HttpRequest, public_id: uuid.UUID, fmt: str) -> HttpResponse:
    algorithm = readable(request, public_id)
    if fmt == "csv":
        return _attachment(_csv(request, [algorithm]), f"{algorithm.public_id}.csv")
    return _attachment(_json(algorithm.document), f"{algorithm.public_id}.json")


def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = AlgorithmFilterForm(request.GET or None)
    queryset = filter_algorithms(public().select_related("organisation"), **form.filters()).order_by("pk")
    algorithms = queryset[:EXPORT_LIMIT].iterator(chunk_size=2000)
    if fmt == "csv":
        return _attachment(_csv(request, algorithms), "algoritmes.csv")
    return _attachment(_json(export_json(algorithms)), "algoritmes.json")


def _json(data: object) -> HttpResponse:
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


def _csv(request: HttpRequest, algorithms: object) -> HttpResponse:
    def url(algorithm: Algorithm) -> str:
        return request.build_absolute_uri(reverse("ai:algorithm", kwargs={"public_id": algorithm.public_id}))

    return HttpResponse(export_csv(algorithms, url), content_type="text/csv; charset=utf-8")
