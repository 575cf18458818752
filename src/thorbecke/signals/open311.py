"""Open311 GeoReport v2, as the specification names everything: discovery, services, service
definitions, posting and reading service requests, tokens; JSON and XML; the spec's error list.

Any Open311 client works unchanged against ``/open311/v2/``. Times are ISO 8601 with the offset
of Europe/Amsterdam. Posting needs an api_key, as the spec allows; reading does not, and never
shows the reporter's contact details.
"""

import datetime as dt
import hashlib
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from thorbecke.signals.intake import LIMITS, IntakeError, NewReport, accept, check_answers, earlier_reports
from thorbecke.signals.lookups import all_services, lookups, service
from thorbecke.signals.models import Category, ServiceRequest, Status
from thorbecke.signals.photos import PhotoError, clean_photo

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"json": "application/json", "xml": "text/xml"}
MAX_RESULTS = 1000
DEFAULT_WINDOW = dt.timedelta(days=90)
_SINGULAR = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "service_requests": "request",
    "errors": "error",
}


class Open311Error(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _xml(root: str, value: Any) -> bytes:
    def fill(element: ET.Element, item: Any) -> None:
        if isinstance(item, dict):
            for key, child in item.items():
                fill(ET.SubElement(element, key), child)
        elif isinstance(item, list):
            for child in item:
                fill(ET.SubElement(element, _SINGULAR.get(element.tag, "item")), child)
        elif isinstance(item, bool):
            element.text = "true" if item else "false"
        elif item is not None:
            element.text = str(item)

    document = ET.Element(root)
    fill(document, value)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(document, encoding="utf-8")


def _render(fmt: str, root: str, value: Any, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml(root, value), content_type="text/xml; charset=utf-8", status=status)
    return JsonResponse(value, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _errors(fmt: str, error: Open311Error) -> HttpResponse:
    return _render(fmt, "errors", [{"code": error.code, "description": error.description}], error.code)


def endpoint(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """Check the format, turn Open311Error into the spec's error list."""

    @csrf_exempt
    def wrapped(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
        if fmt not in FORMATS:
            return _errors("json", Open311Error(400, f"unknown format {fmt!r}: use json or xml"))
        # The specification is in English, so are its answers, unless the client asks for Dutch.
        language = "nl" if request.headers.get("Accept-Language", "").lower().startswith("nl") else "en"
        try:
            with translation.override(language):
                root, value, status = view(request, **kwargs)
        except Open311Error as error:
            return _errors(fmt, error)
        except RequestDataTooBig:
            return _errors(fmt, Open311Error(413, "the request body is too large"))
        except (MultiPartParserError, TooManyFieldsSent, UnreadablePostError):
            return _errors(fmt, Open311Error(400, "the request body is malformed"))
        return _render(fmt, root, value, status)

    wrapped.__name__ = view.__name__
    return wrapped


def _time(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


@endpoint
def discovery(request: HttpRequest) -> tuple[str, Any, int]:
    url = request.build_absolute_uri("/open311/v2/")
    return (
        "discovery",
        {
            "changeset": "2026-11-29T00:00:00+01:00",
            "contact": settings.API_CONTACT["email"] or settings.API_CONTACT["name"],
            "key_service": "Ask the hub's administrators for an api_key to post service requests.",
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": url,
                    "changeset": "2026-11-29T00:00:00+01:00",
                    "type": "production",
                    "formats": list(FORMATS.values()),
                }
            ],
        },
        200,
    )


@endpoint
def services(request: HttpRequest) -> tuple[str, Any, int]:
    listing = [
        {
            "service_code": category.slug,
            "service_name": category.name_nl,
            "description": f"{category.parent.name_nl}: {category.name_nl}",
            "metadata": bool(category.attributes),
            "type": "realtime",
            "keywords": "",
            "group": category.parent.name_nl,
        }
        for category in all_services()
    ]
    return "services", listing, 200


@endpoint
def service_definition(request: HttpRequest, service_code: str) -> tuple[str, Any, int]:
    category = service(service_code)
    if category is None:
        raise Open311Error(404, f"there is no service {service_code!r}")
    return "service_definition", {"service_code": category.slug, "attributes": category.attributes}, 200


def _as_open311(item: ServiceRequest) -> dict[str, Any]:
    return {
        "service_request_id": str(item.pk),
        "status": item.status,
        "status_notes": item.status_notes,
        "service_name": item.category.name_nl,
        "service_code": item.category_id,
        "description": item.description,
        "agency_responsible": item.organisation.name,
        "service_notice": "",
        "requested_datetime": _time(item.requested_at),
        "updated_datetime": _time(item.updated_at),
        "expected_datetime": _time(item.expected_at),
        "address": item.address_string,
        "address_id": item.address_id,
        "zipcode": item.zipcode,
        "lat": item.lat,
        "long": item.long,
        "media_url": item.media_url,
    }


def _date(request: HttpRequest, name: str) -> dt.datetime | None:
    value = request.GET.get(name)
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise Open311Error(400, f"{name} must be an ISO 8601 date and time with a time zone")
    return parsed


@endpoint
def requests_(request: HttpRequest) -> tuple[str, Any, int]:
    if request.method == "POST":
        return _post(request)
    if request.method != "GET":
        raise Open311Error(405, "use GET or POST")
    found = ServiceRequest.objects.select_related("category", "organisation")
    ids = [i for i in request.GET.get("service_request_id", "").split(",") if i]
    if ids:
        if not all(i.isdigit() for i in ids):
            raise Open311Error(400, "service_request_id is a comma-separated list of numbers")
        found = found.filter(pk__in=ids)
    else:
        start, end = _date(request, "start_date"), _date(request, "end_date")
        if start is None and end is None:
            start = timezone.now() - DEFAULT_WINDOW
        if start:
            found = found.filter(requested_at__gte=start)
        if end:
            found = found.filter(requested_at__lte=end)
        if codes := [c for c in request.GET.get("service_code", "").split(",") if c]:
            found = found.filter(category__in=codes)
        if statuses := [s for s in request.GET.get("status", "").split(",") if s]:
            if not set(statuses) <= set(Status.values):
                raise Open311Error(400, "status is open, closed or both")
            found = found.filter(status__in=statuses)
    return "service_requests", [_as_open311(item) for item in found[:MAX_RESULTS]], 200


@endpoint
def request_detail(request: HttpRequest, service_request_id: str) -> tuple[str, Any, int]:
    item = ServiceRequest.objects.select_related("category", "organisation").filter(pk=service_request_id).first()
    if item is None:
        raise Open311Error(404, f"there is no service request {service_request_id}")
    return "service_requests", [_as_open311(item)], 200


@endpoint
def token(request: HttpRequest, token_id: str) -> tuple[str, Any, int]:
    try:
        item = ServiceRequest.objects.filter(token=uuid.UUID(token_id)).first()
    except ValueError:
        item = None
    if item is None:
        raise Open311Error(404, f"there is no token {token_id}")
    return "service_requests", [{"service_request_id": str(item.pk), "token": str(item.token)}], 200


def _attributes(category: Category, data: Any) -> dict[str, str | list[str]]:
    """The answers to the service's attributes, checked against its definition."""
    given = {k[10:-1] for k in data if k.startswith("attribute[") and k.endswith("]")}
    if unknown := given - {a["code"] for a in category.attributes}:
        raise Open311Error(400, f"service {category.slug} has no attribute {', '.join(sorted(unknown))}")
    try:
        return check_answers(category, lambda code: data.getlist(f"attribute[{code}]"))
    except IntakeError as exc:
        raise Open311Error(400, f"attribute[{exc.field_name}]: {exc}") from exc


def _post(request: HttpRequest) -> tuple[str, Any, int]:
    data = request.POST
    key = data.get("api_key", "")
    client = lookups().api_keys.get(hash_key(key)) if key else None
    if client is None:
        raise Open311Error(403, "a valid api_key is required to post a service request")
    category = service(data.get("service_code", ""))
    if category is None:
        raise Open311Error(400, "service_code is missing or not a service of this endpoint")
    try:
        lat = float(data["lat"]) if data.get("lat") else None
        lon = float(data["long"]) if data.get("long") else None
    except ValueError as exc:
        raise Open311Error(400, "lat and long are decimal degrees (WGS84)") from exc
    if (lat is None) != (lon is None):
        raise Open311Error(400, "give both lat and long")
    report = NewReport(
        category=category,
        lat=lat,
        lon=lon,
        texts={name: data.get(name, "") for name in LIMITS},
        attributes=_attributes(category, data),
        media_url=data.get("media_url", ""),
        api_key=client,
    )
    try:
        # Beyond the spec, as several GeoReport v2 servers allow: the photo itself as multipart `media`.
        if upload := request.FILES.get("media"):
            report.photo = clean_photo(upload, upload.size)
        earlier = earlier_reports(report)
        item, target = accept(report)
    except (IntakeError, PhotoError) as exc:
        raise Open311Error(exc.status, str(exc)) from exc
    notice = f"Routed to {target.organisation.name} ({target.reason})."
    if earlier:
        notice += f" Already reported nearby as service request {earlier[0].pk}; follow that one for news."
    answer = {"service_request_id": str(item.pk), "token": str(item.token), "service_notice": notice}
    if item.account_id:
        answer["account_id"] = item.account_id
    return "service_requests", [answer], 201
