"""What every app's HTTP API shares, following the NL API Design Rules: RFC 9457 problem details for every error,
the API-Version header on every response, one way to page a collection, and the OpenAPI document that says all of
it.

The hub's URL configuration makes the one API at /api/v1 and mounts each app's router on it; the OpenAPI document
is served at /api/v1/openapi.json (open to every origin, /core/publish-openapi) and committed at
docs/api/openapi-v1.json. Its `servers` entry carries the version (/core/uri-version), so its paths do not.

What the document promises, the server keeps, and the reverse (tests/web/test_api_contract.py runs schemathesis
over it): every error is application/problem+json with the Problem schema; every operation with query parameters
documents the 400 its validation gives; an operation with `auth` documents its 401, which comes before any
validation; 405 answers name the allowed methods in Allow; HEAD is answered wherever GET is.
"""

import json
import math
from collections.abc import Callable, Sequence
from http import HTTPStatus

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import create_model

API_VERSION = "1.0.0"
API_PREFIX = "/api/"
BASE_PATH = "/api/v1"
OPENAPI_PATH = f"{BASE_PATH}/openapi.json"
PROBLEM_JSON = "application/problem+json"
MAX_PAGE_SIZE = 100
# RFC 9112 3: every recipient supports request lines of at least 8,000 octets. Longer targets are answered here as
# problem details; the server layer (hyper, in granian) answers only targets over 64 KiB, with an empty 414.
MAX_TARGET = 8000


class InvalidParam(Schema):
    name: str
    code: str
    reason: str


class Problem(Schema):
    """RFC 9457 problem details, with the invalidParams extension of the NL API Design Rules. The title is the same
    for every occurrence of a type; what this request got wrong is in detail (and invalidParams)."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str
    invalidParams: list[InvalidParam] | None = None


def _title(status: int) -> str:
    """The one title of each problem type (RFC 9457 3.1.3: it does not change from occurrence to occurrence)."""
    titles = {
        400: _("The request is not valid."),
        401: _("Authentication is required."),
        403: _("You may not do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        414: _("The request target is too long."),
        429: _("Too many requests."),
        503: _("The service is not available just now."),
    }
    return titles.get(status) or HTTPStatus(status).phrase


def problem(request: HttpRequest, status: int, detail: str = "", **extra: object) -> JsonResponse:
    body: dict[str, object] = {
        "type": f"https://developer.overheid.nl/problems/{status}",
        "title": _title(status),
        "status": status,
        "instance": request.get_full_path(),
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JsonResponse(body, status=status, content_type=PROBLEM_JSON, json_dumps_params={"ensure_ascii": False})


class Link(Schema):
    href: str


class PageParams(Schema):
    """The query parameters of every paged collection; a collection's filters extend this."""

    page: int = Field(1, ge=1, description="The page to show, from 1.")
    pageSize: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="How many items a page holds.")


class _PageBase(Schema):
    count: int = Field(description="How many items the whole collection holds.")
    page: int
    pageSize: int
    links: dict[str, Link] = Field(
        alias="_links", description="HAL links: self, first and last; prev and next where there is such a page."
    )


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The schema of one page of a collection of `item`s, named `name` in the OpenAPI document."""
    return create_model(name, __base__=_PageBase, __module__=item.__module__, results=(list[item], ...))


def paginate(
    request: HttpRequest, items: QuerySet | Sequence, params: PageParams, serialize: Callable[[object], dict]
) -> dict:
    """One page of a collection, with HAL links to itself, the first, last, previous and next pages; a page past
    the last is a 404 (the first page of an empty collection is not). Every collection pages this way; the route
    that returns it sets by_alias=True, so links go out as _links."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    last = max(1, math.ceil(count / params.pageSize))
    if params.page > last:
        raise HttpError(
            404, _("Page %(page)d does not exist; the last page is %(last)d.") % {"page": params.page, "last": last}
        )
    start = (params.page - 1) * params.pageSize

    def link(number: int) -> dict:
        query = request.GET.copy()
        query["page"] = str(number)
        return {"href": request.build_absolute_uri(f"{request.path}?{query.urlencode()}")}

    links = {"self": link(params.page), "first": link(1), "last": link(last)}
    if params.page > 1:
        links["prev"] = link(params.page - 1)
    if params.page < last:
        links["next"] = link(params.page + 1)
    results = [serialize(item) for item in items[start : start + params.pageSize]]
    return {"count": count, "page": params.page, "pageSize": params.pageSize, "results": results, "_links": links}


PROBLEM_CONTENT = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}


class HubAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document also states what the NL API Design Rules require, and what the handlers
    below send."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> dict:
        # The version lives in servers; paths are relative to it, whatever path the document is asked at.
        schema = super().get_openapi_schema(path_prefix="", path_params=path_params)
        schema["servers"] = [{"url": BASE_PATH}]
        # The operator of a hub names its contact; nothing is invented here.
        schema["info"]["contact"] = {k: v for k, v in settings.API_CONTACT.items() if v}
        components = schema.setdefault("components", {})
        if "Problem" not in components.get("schemas", {}):
            schemas = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
            components.setdefault("schemas", {}).update(schemas.pop("$defs", {}), Problem=schemas)
        components["headers"] = {
            "API-Version": {
                "description": "The full semantic version of the API that answered.",
                "schema": {"type": "string", "example": API_VERSION},
            }
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = {str(status): response for status, response in operation.get("responses", {}).items()}
                operation["responses"] = responses
                if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                    responses.setdefault("400", {"description": "The parameters are not valid; see invalidParams."})
                if operation.get("security"):
                    responses.setdefault("401", {"description": "Sign in first."})
                for status, response in responses.items():
                    if int(status) >= 400:
                        response["content"] = PROBLEM_CONTENT
                    response["headers"] = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
        return schema


def hub_api() -> HubAPI:
    """The API at /api/v1, with the problem-details handlers; the hub's URL configuration mounts the routers."""
    api = HubAPI(
        title="Thorbecke hub API",
        version=API_VERSION,
        description=(
            "The register of Dutch government organisations and the other registers of the hub. A request whose "
            f"path and query exceed {MAX_TARGET} characters is answered 414 with problem details."
        ),
        openapi_url="/openapi.json",
        docs_url=None,
        urls_namespace="api-v1",
    )
    api.add_exception_handler(ValidationError, _invalid)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(AuthenticationError, _unauthenticated)
    return api


def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    params = [
        {
            "name": str(error["loc"][-1]) if error.get("loc") else "",
            "code": str(error.get("type", "invalid")),
            "reason": str(error.get("msg", "")),
        }
        for error in exc.errors
    ]
    return problem(request, 400, _("One or more parameters are not valid; see invalidParams."), invalidParams=params)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))


def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, 401, _("Sign in to use this part of the API."))


class ApiVersionMiddleware:
    """On every API response: the API-Version header, the language, HEAD wherever GET is, 405 as problem details
    with Allow, and the OpenAPI document open to every origin."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        # API paths carry no language prefix: the client's Accept-Language chooses (Dutch by default).
        translation.activate(translation.get_language_from_request(request))
        if len(request.get_full_path()) > MAX_TARGET:
            detail = _("The path and query may hold at most %(limit)s characters.") % {"limit": MAX_TARGET}
            response = problem(request, 414, detail, instance=request.path)
            response["API-Version"] = API_VERSION
            response["Content-Language"] = translation.get_language()
            return response
        head = request.method == "HEAD"
        if head:
            request.method = "GET"  # RFC 9110 9.3.2: HEAD is GET without the content
        response = self.get_response(request)
        if response.status_code == 405 and response.get("Content-Type") != PROBLEM_JSON:
            allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            if "GET" in allowed:
                allowed.append("HEAD")
            methods = ", ".join(sorted(set(allowed)))
            response = problem(request, 405, _("Allowed here: %(methods)s.") % {"methods": methods})
            response["Allow"] = methods
        if head:
            request.method = "HEAD"
            if not response.streaming:
                response["Content-Length"] = str(len(response.content))
                response.content = b""
        if request.path == OPENAPI_PATH:
            response["Access-Control-Allow-Origin"] = "*"
        response["API-Version"] = API_VERSION
        response.setdefault("Content-Language", translation.get_language())
        return response


def openapi_document(api: NinjaAPI) -> str:
    """The OpenAPI document as stable, pretty-printed JSON, as committed in docs/api/."""
    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
