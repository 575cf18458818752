"""What every app's HTTP API shares, following the NL API Design Rules: RFC 9457 problem details for every error,
the API-Version header on every response, and the OpenAPI document that says both.

The hub's URL configuration makes the one API at /api/v1 and mounts each app's router on it; the OpenAPI document
is served at /api/v1/openapi.json and committed at docs/api/openapi-v1.json.
"""

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

API_VERSION = "1.0.0"
API_PREFIX = "/api/"


class InvalidParam(Schema):
    name: str
    code: str
    reason: str


class Problem(Schema):
    """RFC 9457 problem details, with the invalidParams extension of the NL API Design Rules."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str
    invalidParams: list[InvalidParam] | None = None


def problem(request: HttpRequest, status: int, title: str, detail: str = "", **extra: object) -> JsonResponse:
    body: dict[str, object] = {
        "type": f"https://developer.overheid.nl/problems/{status}",
        "title": title,
        "status": status,
        "instance": request.get_full_path(),
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JsonResponse(
        body, status=status, content_type="application/problem+json", json_dumps_params={"ensure_ascii": False}
    )


class HubAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document also states what the NL API Design Rules require."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> dict:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        # The operator of a hub names its contact; nothing is invented here.
        schema["info"]["contact"] = {k: v for k, v in settings.API_CONTACT.items() if v}
        schema.setdefault("components", {})["headers"] = {
            "API-Version": {
                "description": "The full semantic version of the API that answered.",
                "schema": {"type": "string", "example": API_VERSION},
            }
        }
        for operations in schema["paths"].values():
            for operation in operations.values():
                for response in operation.get("responses", {}).values():
                    response["headers"] = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
        return schema


def hub_api() -> HubAPI:
    """The API at /api/v1, with the problem-details handlers; the hub's URL configuration mounts the routers."""
    api = HubAPI(
        title="Thorbecke hub API",
        version=API_VERSION,
        description="The register of Dutch government organisations and the other registers of the hub.",
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
    return problem(
        request,
        400,
        "Invalid request parameters.",
        "One or more parameters are not valid; see invalidParams.",
        invalidParams=params,
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))


def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, 401, "Authentication is required.")


class ApiVersionMiddleware:
    """Adds the API-Version header to every API response, errors included, and picks the language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        # API paths carry no language prefix: the client's Accept-Language chooses (Dutch by default).
        translation.activate(translation.get_language_from_request(request))
        response = self.get_response(request)
        response["API-Version"] = API_VERSION
        response.setdefault("Content-Language", translation.get_language())
        return response


def openapi_document(api: NinjaAPI) -> str:
    """The OpenAPI document as stable, pretty-printed JSON, as committed in docs/api/."""
    return (
        json.dumps(api.get_openapi_schema(path_prefix="/api/v1"), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    )
