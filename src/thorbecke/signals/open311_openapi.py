"""The OpenAPI 3.0 document of the Open311 GeoReport v2 API as ``open311`` serves it: one path per endpoint and
format (the spec puts the format in the path as a file extension), the spec's request and answer fields, and its
error list for every status that is not a 2xx. Served at /open311/v2/openapi.json and committed as
docs/api/open311-v2.json (``thorbecke manage open311_openapi`` prints it); tests/signals/test_open311_openapi.py
checks it against the URL configuration both ways and lints it with the hub's ADR ruleset.

Where the NL API Design Rules and GeoReport v2 disagree, GeoReport v2 wins, because every Open311 client is built
against it; ``x-adr-exceptions`` in the document names each such rule and why.
"""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from thorbecke.signals.open311 import API_VERSION, FORMATS, MAX_RESULTS, SPECIFICATION, method_not_allowed
from thorbecke.signals.routing import NETHERLANDS_WATERS

BASE_PATH = "/open311/v2"
WEST, SOUTH, EAST, NORTH = NETHERLANDS_WATERS
DOCUMENT_PATH = "/openapi.json"
ADR_EXCEPTIONS = [
    {
        "rule": "/core/path-segments-kebab-case",
        "reason": "GeoReport v2 names the format as a file extension (/services.json, /services.xml); the "
        "spec's clients build these paths themselves.",
    },
    {
        "rule": "/core/query-keys-camel-case",
        "reason": "GeoReport v2 names its query and form fields in snake_case (service_request_id, start_date, "
        "api_key); a client sends exactly these names.",
    },
    {
        "rule": "/core/doc-openapi-contact",
        "reason": "The operator of a hub names its contact (THORBECKE_API_CONTACT_*); nothing is invented.",
    },
]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _list(item: str, root: str) -> dict[str, Any]:
    return {"type": "array", "items": _ref(item), "xml": {"name": root, "wrapped": True}}


def _string(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def _object(name: str, required: list[str], properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties, "xml": {"name": name}, **extra}


SCHEMAS: dict[str, Any] = {
    "Error": _object(
        "error",
        ["code", "description"],
        {
            "code": {"type": "integer", "description": "The HTTP status of the answer."},
            "description": _string(
                "What went wrong, for a person to read, in the language of the Content-Language header."
            ),
        },
    ),
    "Errors": _list("Error", "errors"),
    "Endpoint": _object(
        "endpoint",
        ["specification", "url", "changeset", "type", "formats"],
        {
            "specification": _string("The specification this endpoint implements.", enum=[SPECIFICATION]),
            "url": _string("The endpoint's base URL.", format="uri"),
            "changeset": _string("When the endpoint last changed.", format="date-time"),
            "type": _string("production or test.", enum=["production", "test"]),
            "formats": {
                "type": "array",
                "items": {"type": "string", "enum": list(FORMATS.values()), "xml": {"name": "format"}},
                "xml": {"wrapped": True},
            },
        },
    ),
    "Discovery": _object(
        "discovery",
        ["changeset", "contact", "key_service", "endpoints"],
        {
            "changeset": _string("When the discovery document last changed.", format="date-time"),
            "contact": _string("Whom to ask about this endpoint."),
            "key_service": _string("How to get an api_key."),
            "endpoints": {"type": "array", "items": _ref("Endpoint"), "xml": {"wrapped": True}},
        },
    ),
    "Service": _object(
        "service",
        ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"],
        {
            "service_code": _string("The service's code, for service_code."),
            "service_name": _string("The service's name."),
            "description": _string("What the service is for."),
            "metadata": {"type": "boolean", "description": "true when the service definition has attributes."},
            "type": _string("Every request gets its id at once.", enum=["realtime"]),
            "keywords": _string("Keywords, separated by commas."),
            "group": _string("The group the service belongs to."),
        },
    ),
    "Services": _list("Service", "services"),
    "AttributeValue": _object(
        "value",
        ["key", "name"],
        {"key": _string("The value to send."), "name": _string("The value's name, for a person.")},
    ),
    "Attribute": _object(
        "attribute",
        ["variable", "code", "datatype", "required", "order", "description", "values"],
        {
            "variable": {"type": "boolean", "description": "true when the client sends an answer."},
            "code": _string("The attribute's code: send the answer as attribute[code]."),
            "datatype": _string(
                "What the answer is.",
                enum=["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"],
            ),
            "required": {"type": "boolean"},
            "datatype_description": _string("How to answer.", nullable=True),
            "order": {"type": "integer", "minimum": 1},
            "description": _string("The question."),
            "values": {"type": "array", "items": _ref("AttributeValue"), "xml": {"wrapped": True}},
        },
    ),
    "ServiceDefinition": _object(
        "service_definition",
        ["service_code", "attributes"],
        {
            "service_code": _string("The service's code."),
            "attributes": {"type": "array", "items": _ref("Attribute"), "xml": {"wrapped": True}},
        },
    ),
    "ServiceRequest": _object(
        "request",
        ["service_request_id", "status", "service_name", "service_code", "requested_datetime", "updated_datetime"],
        {
            "service_request_id": _string("The request's id.", pattern="^[0-9]+$"),
            "status": _string("open or closed.", enum=["open", "closed"]),
            "status_notes": _string(
                "Why the status is what it is: the latest note the handling organisation made public (notes to the "
                "reporter and internal notes are never shown)."
            ),
            "service_name": _string("The service's name."),
            "service_code": _string("The service's code."),
            "description": _string("What the reporter wrote."),
            "agency_responsible": _string("The organisation handling the request."),
            "service_notice": _string("What will be done."),
            "requested_datetime": _string("When it was reported (Europe/Amsterdam).", format="date-time"),
            "updated_datetime": _string("When it last changed.", format="date-time"),
            "expected_datetime": _string("When it is due to be handled.", format="date-time", nullable=True),
            "address": _string("The address as given."),
            "address_id": _string("The address id as given (a BAG identification)."),
            "zipcode": _string("The postcode in the address, if any."),
            "lat": {"type": "number", "nullable": True, "minimum": -90, "maximum": 90},
            "long": {"type": "number", "nullable": True, "minimum": -180, "maximum": 180},
            "media_url": _string("A URL of media the reporter gave; the hub never publishes posted photos."),
        },
    ),
    "ServiceRequests": _list("ServiceRequest", "service_requests"),
    "PostedRequest": _object(
        "request",
        ["service_request_id", "token", "service_notice"],
        {
            "service_request_id": _string("The new request's id.", pattern="^[0-9]+$"),
            "token": _string("A token for tokens/{token_id}.", format="uuid"),
            "service_notice": _string("Where the request was routed, and whether it was already reported."),
            "account_id": _string("The reporter's account_id, as sent."),
        },
    ),
    "PostedRequests": _list("PostedRequest", "service_requests"),
    "Token": _object(
        "request",
        ["service_request_id", "token"],
        {
            "service_request_id": _string("The request's id.", pattern="^[0-9]+$"),
            "token": _string("The token asked for.", format="uuid"),
        },
    ),
    "Tokens": _list("Token", "service_requests"),
    "NewServiceRequest": {
        "type": "object",
        "required": ["service_code"],
        "description": "Give the place as lat and long, an address_string (with a postcode, or the municipality's "
        "name last: 'Domplein 29, Utrecht') or a BAG address_id. Answer the service definition's attributes as "
        "attribute[code]=value, several values as attribute[code][]=value. Text is UTF-8; a body that is not is "
        "refused.",
        "properties": {
            "api_key": _string("The api_key, here or in the query string."),
            "service_code": _string("A service_code from services; another is a 404.", minLength=1),
            "lat": {
                "type": "number",
                "minimum": SOUTH,
                "maximum": NORTH,
                "description": "Latitude, WGS84: in the Netherlands or its waters; a point in no Dutch "
                "municipality is a 400, except on water for Rijkswaterstaat's services.",
            },
            "long": {"type": "number", "minimum": WEST, "maximum": EAST, "description": "Longitude, WGS84."},
            "address_string": _string("The address, most specific first.", maxLength=300),
            "address_id": _string("A BAG identification (16 digits).", maxLength=100),
            "email": _string(
                "The reporter's email address (never shown). It is mailed one acknowledgement with a link to confirm "
                "it (at most 5 such mails to an address a day); news of the request only once its owner has confirmed.",
                maxLength=254,
            ),
            "device_id": _string("The device's id (never shown).", maxLength=100),
            "account_id": _string("The reporter's account id.", maxLength=100),
            "first_name": _string("The reporter's first name (never shown).", maxLength=100),
            "last_name": _string("The reporter's last name (never shown).", maxLength=100),
            "phone": _string("The reporter's phone number (never shown).", maxLength=40),
            "description": _string("What is wrong: plain text, no markup.", maxLength=4000),
            "media_url": _string("An http(s) URL of media.", format="uri", pattern="^https?://"),
        },
        "additionalProperties": {"type": "string", "description": "attribute[code] and attribute[code][]"},
        "anyOf": [
            {"required": ["lat", "long"]},
            {"required": ["address_string"], "properties": {"address_string": {"minLength": 1}}},
            {"required": ["address_id"], "properties": {"address_id": {"minLength": 1}}},
        ],
    },
    "NewServiceRequestWithPhoto": {
        "allOf": [
            _ref("NewServiceRequest"),
            {
                "type": "object",
                "properties": {
                    "media": {
                        "type": "string",
                        "format": "binary",
                        "description": "A photo (JPEG, PNG or WebP, 8 MB at most) as a file part with a filename; "
                        "a part without one is no file, and is ignored.",
                    }
                },
            },
        ]
    },
}

HEADERS = {
    "API-Version": {
        "description": "The full semantic version of this Open311 implementation.",
        "schema": {"type": "string", "example": API_VERSION},
    },
    "Content-Language": {
        "description": "The language of every text in the answer: nl, or en for Accept-Language: en.",
        "schema": {"type": "string", "enum": ["nl", "en"]},
    },
}

_ERROR_TEXT = {
    400: "The request cannot be fulfilled as asked: the description says why.",
    403: "api_key is missing or not valid.",
    404: "There is no such resource (posting: no such service_code).",
    413: "The body, or its photo, is too large.",
    429: "Too many requests with this api_key, device or address; try again in a minute.",
}


def _headers() -> dict[str, Any]:
    return {name: {"$ref": f"#/components/headers/{name}"} for name in HEADERS}


def _content(fmt: str, schema: str) -> dict[str, Any]:
    return {FORMATS[fmt]: {"schema": _ref(schema)}}


def _operation(fmt: str, operation: dict[str, Any], answers: dict[int, str], errors: tuple[int, ...]) -> dict:
    responses = {
        str(status): {"description": text, "headers": _headers(), "content": _content(fmt, schema)}
        for status, (text, schema) in answers.items()
    }
    for status in errors:
        responses[str(status)] = {
            "description": _ERROR_TEXT[status] + " The spec's error list.",
            "headers": _headers(),
            "content": _content(fmt, "Errors"),
        }
    name = operation.pop("operationId")
    return {
        **operation,
        "operationId": f"{name}{fmt.upper()}",
        "tags": ["Open311 GeoReport v2"],
        "responses": responses,
    }


def _path_parameter(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "string"}}


# A date and time, a date alone, or empty: the spec treats an empty optional argument as one not given.
_DATE = {
    "anyOf": [
        {"type": "string", "format": "date-time"},
        {"type": "string", "format": "date"},
        {"type": "string", "enum": [""]},
    ],
}
LISTING_PARAMETERS = [
    {
        "name": "service_request_id",
        "in": "query",
        "description": "Request ids, separated by commas; overrides every other parameter. An id too large to "
        "exist finds nothing.",
        "schema": {"type": "string", "pattern": "^([0-9]+(,[0-9]+)*)?$"},
    },
    {
        "name": "service_code",
        "in": "query",
        "description": "Service codes, separated by commas.",
        "schema": {"type": "string"},
    },
    {
        "name": "start_date",
        "in": "query",
        "description": "Earliest requested_datetime (ISO 8601). A date alone, or a time without a zone, is read "
        "in Europe/Amsterdam. Without it: 90 days before end_date, or before now.",
        "schema": _DATE,
    },
    {
        "name": "end_date",
        "in": "query",
        "description": "Latest requested_datetime (ISO 8601); a date alone includes that whole day, read in "
        "Europe/Amsterdam. Without it: 90 days after start_date, or now. Before start_date is a 400; a window "
        "of more than 90 days is cut to its first 90.",
        "schema": _DATE,
    },
    {
        "name": "status",
        "in": "query",
        "description": "open, closed, or both separated by a comma.",
        "schema": {"type": "string", "pattern": "^((open|closed)(,(open|closed))*)?$"},
    },
]


# The endpoints that only read: path (with the format), path parameter, operation, answer and error statuses.
READINGS: list[tuple[str, tuple[str, str] | None, dict[str, str], tuple[str, str], tuple[int, ...]]] = [
    (
        "/discovery.{fmt}",
        None,
        {"operationId": "discovery", "summary": "Service discovery"},
        ("The endpoints, their formats and whom to ask.", "Discovery"),
        (),
    ),
    (
        "/services.{fmt}",
        None,
        {"operationId": "services", "summary": "GET Service List"},
        ("The services a request can be made for.", "Services"),
        (),
    ),
    (
        "/services/{{service_code}}.{fmt}",
        ("service_code", "A service_code from the service list."),
        {"operationId": "serviceDefinition", "summary": "GET Service Definition"},
        ("The service's attributes: the questions a request answers.", "ServiceDefinition"),
        (404,),
    ),
    (
        "/requests/{{service_request_id}}.{fmt}",
        ("service_request_id", "The request's id; any other text is a 404."),
        {"operationId": "serviceRequest", "summary": "GET Service Request"},
        ("The request, as a list of one.", "ServiceRequests"),
        (404,),
    ),
    (
        "/tokens/{{token_id}}.{fmt}",
        ("token_id", "The token from POST Service Request."),
        {"operationId": "token", "summary": "GET service_request_id from a token"},
        ("The request's id, as a list of one.", "Tokens"),
        (404,),
    ),
]


def _paths() -> dict[str, Any]:
    paths: dict[str, Any] = {
        DOCUMENT_PATH: {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "tags": ["Open311 GeoReport v2"],
                "responses": {
                    "200": {
                        "description": "The OpenAPI document of the Open311 API.",
                        "headers": {"API-Version": {"$ref": "#/components/headers/API-Version"}},
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        }
    }
    for fmt in FORMATS:
        for path, parameter, operation, answer, errors in READINGS:
            paths[path.format(fmt=fmt)] = {
                **({"parameters": [_path_parameter(*parameter)]} if parameter else {}),
                "get": _operation(fmt, dict(operation), {200: answer}, errors),
            }
        paths[f"/requests.{fmt}"] = {
            "get": _operation(
                fmt,
                {
                    "operationId": "serviceRequests",
                    "summary": "GET Service Requests",
                    "description": f"At most {MAX_RESULTS} requests, of at most 90 days; never the reporter's "
                    "contact details.",
                    "parameters": LISTING_PARAMETERS,
                },
                {200: ("The requests found.", "ServiceRequests")},
                (400,),
            ),
            "post": _operation(
                fmt,
                {
                    "operationId": "postServiceRequest",
                    "summary": "POST Service Request",
                    "security": [{"api_key": []}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {"schema": _ref("NewServiceRequest")},
                            "multipart/form-data": {"schema": _ref("NewServiceRequestWithPhoto")},
                        },
                    },
                },
                {201: ("The request was taken in and routed.", "PostedRequests")},
                (400, 403, 404, 413, 429),
            ),
        }
    return paths


def document() -> dict[str, Any]:
    contact = {k: v for k, v in settings.API_CONTACT.items() if v}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Thorbecke hub: Open311 GeoReport v2",
            "version": API_VERSION,
            "description": "Reports of problems in public space, as GeoReport v2 (" + SPECIFICATION + ") names "
            "every endpoint, field and error. Each endpoint answers in JSON (.json) and XML (.xml); every status "
            "that is not a 2xx answers the spec's error list in the format of the path. A method an endpoint does "
            "not have is a 405 with Allow; a path that is none of these is a 404 error list. Texts are in Dutch, "
            "or in English for Accept-Language: en. The NL API Design Rules apply where GeoReport v2 leaves room; "
            "x-adr-exceptions names the rules it does not.",
            "contact": contact,
        },
        "x-adr-exceptions": ADR_EXCEPTIONS,
        "servers": [{"url": BASE_PATH, "description": "This hub."}],
        "tags": [{"name": "Open311 GeoReport v2", "description": SPECIFICATION}],
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "headers": HEADERS,
            "securitySchemes": {
                "api_key": {
                    "type": "apiKey",
                    "in": "query",
                    "name": "api_key",
                    "description": "Needed to post a request; also accepted as a form field, as the spec sends it.",
                }
            },
        },
    }


def document_text() -> str:
    """The document as stable, pretty-printed JSON, as committed in docs/api/open311-v2.json."""
    return json.dumps(document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@csrf_exempt
def serve(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        with translation.override(translation.get_language_from_request(request)):
            return method_not_allowed("json", ("GET", "HEAD"))
    response = HttpResponse(document_text(), content_type="application/json")
    response["API-Version"] = API_VERSION
    response["Access-Control-Allow-Origin"] = "*"
    return response
