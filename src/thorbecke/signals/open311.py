"""Open311 GeoReport v2, as the specification names everything: discovery, services, service
definitions, posting and reading service requests, tokens; JSON and XML; the spec's error list.

Any Open311 client works unchanged against ``/open311/v2/``. Times are ISO 8601 with the offset
of Europe/Amsterdam; a date or time without a zone in a query is read in Europe/Amsterdam too. Posting
needs an api_key (in the form or the query string, as clients send it); reading does not, and never
shows the reporter's contact details.

Every answer that is not a 2xx is the spec's error list in the format asked for (JSON when the path names
none): bad input 400, a wrong api_key 403, what does not exist 404, a method an endpoint lacks 405 (with
Allow). Errors are in the language of Content-Language: Dutch, or English for Accept-Language: en. The
OpenAPI document of all this is ``open311_openapi.document()``, served at ``/open311/v2/openapi.json``.
"""

import datetime as dt
import hashlib
import math
import re
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from thorbecke.signals.intake import (
    LIMITS,
    IntakeError,
    NewReport,
    accept,
    check_answers,
    client_of,
    earlier_reports,
)
from thorbecke.signals.lookups import all_services, lookups, service
from thorbecke.signals.models import Category, ServiceRequest
from thorbecke.signals.photos import PhotoError, clean_photo

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# The version of this implementation of GeoReport v2, sent as API-Version (NL API Design Rules).
API_VERSION = "2.0.0"
FORMATS = {"json": "application/json", "xml": "text/xml"}
MAX_RESULTS = 1000
# The spec's window for a listing: the most recent 90 days by default, and never more than 90 days.
DEFAULT_WINDOW = dt.timedelta(days=90)
_DATE_ONLY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A service request id: an ASCII number that fits the database's 64-bit key.
_ID = re.compile(r"[0-9]{1,19}")
_MAX_ID = 2**63 - 1
_ID_LIST = re.compile(r"[0-9]+(,[0-9]+)*")
_STATUSES = re.compile(r"(open|closed)(,(open|closed))*")
# The form fields a post is read from, besides attribute[code]; others are ignored.
_READ = {"api_key", "service_code", "lat", "long", "media_url", *LIMITS}
_ATTRIBUTE = re.compile(r"attribute\[([^\]]*)\](\[\])?")
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
        response = HttpResponse(_xml(root, value), content_type="text/xml; charset=utf-8", status=status)
    else:
        response = JsonResponse(value, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    response["API-Version"] = API_VERSION
    response["Content-Language"] = translation.get_language()
    return response


def _errors(fmt: str, error: Open311Error) -> HttpResponse:
    return _render(fmt, "errors", [{"code": error.code, "description": error.description}], error.code)


def _language(request: HttpRequest) -> str:
    """Dutch, or the language Accept-Language asks for. LocaleMiddleware gives every path without a language prefix
    Dutch, so an API path chooses here (as web.api does for /api/v1)."""
    return translation.get_language_from_request(request)


def endpoint(*methods: str) -> Callable[[Callable[..., Any]], Callable[..., HttpResponse]]:
    """An Open311 endpoint answering ``methods`` (GET also answers HEAD): checks the format and the method, and
    turns Open311Error into the spec's error list. The language is Dutch, or what Accept-Language asks, and every
    message is in the language Content-Language names."""
    allowed = ("GET", "HEAD", *[m for m in methods if m != "GET"]) if "GET" in methods else methods

    def decorate(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        def wrapped(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            with translation.override(_language(request)):
                return answer(request, fmt, **kwargs)

        def answer(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
            if fmt not in FORMATS:
                return _errors("json", Open311Error(400, _("Unknown format: use .json or .xml.")))
            if request.method not in allowed:
                return method_not_allowed(fmt, allowed)
            try:
                root, value, status = view(request, **kwargs)
            except Open311Error as error:
                return _errors(fmt, error)
            except RequestDataTooBig:
                return _errors(fmt, Open311Error(413, _("The request body is too large.")))
            except (MultiPartParserError, TooManyFieldsSent, UnreadablePostError):
                return _errors(fmt, Open311Error(400, _("The request body is malformed.")))
            return _render(fmt, root, value, status)

        wrapped.__name__ = view.__name__
        return wrapped

    return decorate


def method_not_allowed(fmt: str, allowed: tuple[str, ...]) -> HttpResponse:
    """The spec's error list with status 405, and the methods that are allowed (Allow)."""
    response = _errors(fmt, Open311Error(405, _("Use %(methods)s here.") % {"methods": ", ".join(allowed)}))
    response["Allow"] = ", ".join(allowed)
    return response


@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other path under /open311/v2/: the spec's 404, in XML when the path ends in .xml, else JSON."""
    fmt = "xml" if path.endswith(".xml") else "json"
    with translation.override(_language(request)):
        return _errors(fmt, Open311Error(404, _("There is no such Open311 resource; start at discovery.json.")))


def _time(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


@endpoint("GET")
def discovery(request: HttpRequest) -> tuple[str, Any, int]:
    url = request.build_absolute_uri("/open311/v2/")
    return (
        "discovery",
        {
            "changeset": "2026-12-06T00:00:00+01:00",
            "contact": settings.API_CONTACT["email"] or settings.API_CONTACT["name"],
            "key_service": _("Ask the hub's administrators for an api_key to post service requests."),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": url,
                    "changeset": "2026-12-06T00:00:00+01:00",
                    "type": "production",
                    "formats": list(FORMATS.values()),
                }
            ],
        },
        200,
    )


@endpoint("GET")
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


@endpoint("GET")
def service_definition(request: HttpRequest, service_code: str) -> tuple[str, Any, int]:
    category = service(service_code)
    if category is None:
        raise Open311Error(404, _("There is no service %(code)s.") % {"code": service_code})
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


def _date(request: HttpRequest, name: str, end: bool = False) -> tuple[dt.datetime | None, bool]:
    """A start_date or end_date, and whether it was a date alone. A time without a zone, or a date alone, is read in
    Europe/Amsterdam; a date alone starts at midnight, and as end_date includes the whole day."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None, False
    try:
        day = parse_date(value) if _DATE_ONLY.fullmatch(value) else None
        parsed = None if day else parse_datetime(value.upper())  # RFC 3339 allows t and z
    except ValueError as exc:  # well formed, but no such day or time: 2026-02-30, T25:00
        raise Open311Error(400, _("%(name)s is a day or time that does not exist.") % {"name": name}) from exc
    if day is not None:
        midnight = dt.datetime.combine(day + dt.timedelta(days=1) if end else day, dt.time())
        parsed = timezone.make_aware(midnight) - (dt.timedelta(microseconds=1) if end else dt.timedelta())
        return parsed, True
    if parsed is None:
        raise Open311Error(
            400,
            _("%(name)s is a date (2026-11-29) or a date and time (2026-11-29T08:00:00+01:00), as ISO 8601.")
            % {"name": name},
        )
    return (timezone.make_aware(parsed) if parsed.tzinfo is None else parsed), False


def _window(request: HttpRequest) -> tuple[dt.datetime, dt.datetime]:
    """The spec's window: start_date to end_date, the most recent 90 days when neither is given, 90 days from the
    one given when only one is. Start after end is refused; a longer window is cut to its first 90 days (the spec:
    "default query limit is a span of 90 days"). A date alone as end_date counts as its whole day."""
    (start, _day), (end, end_is_day) = _date(request, "start_date"), _date(request, "end_date", end=True)
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = _shifted(end, -DEFAULT_WINDOW)
    if end is None:
        end = _shifted(start, DEFAULT_WINDOW)
    if start > end:
        raise Open311Error(400, _("start_date is after end_date."))
    return start, min(end, _shifted(start, DEFAULT_WINDOW + (dt.timedelta(days=1) if end_is_day else dt.timedelta())))


def _shifted(moment: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """moment + delta, stopping at the first or last moment a datetime can hold (year 1, year 9999)."""
    try:
        return moment + delta
    except OverflowError:
        return (dt.datetime.max if delta > dt.timedelta() else dt.datetime.min).replace(tzinfo=dt.UTC)


def _request_id(value: str) -> int | None:
    """The id as a number when it can be one of ours (ASCII digits, a 64-bit key above 0), else None."""
    if not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= _MAX_ID else None


@endpoint("GET", "POST")
def requests_(request: HttpRequest) -> tuple[str, Any, int]:
    if request.method == "POST":
        return _post(request)
    found = ServiceRequest.objects.select_related("category", "organisation")
    # Every argument is checked, though service_request_id overrides the others (the spec).
    start, end = _window(request)
    statuses = request.GET.get("status", "")
    if statuses and not _STATUSES.fullmatch(statuses):
        raise Open311Error(400, _("status is open, closed or both, separated by a comma."))
    if listed := request.GET.get("service_request_id", ""):
        if not _ID_LIST.fullmatch(listed):
            raise Open311Error(400, _("service_request_id is a list of numbers, separated by commas."))
        # A number too large to be a key finds nothing.
        found = found.filter(pk__in=[n for i in listed.split(",") if (n := _request_id(i)) is not None])
    else:
        found = found.filter(requested_at__gte=start, requested_at__lte=end)
        if codes := [c for c in request.GET.get("service_code", "").split(",") if c]:
            found = found.filter(category__in=codes)
        if statuses:
            found = found.filter(status__in=statuses.split(","))
    return "service_requests", [_as_open311(item) for item in found[:MAX_RESULTS]], 200


@endpoint("GET")
def request_detail(request: HttpRequest, service_request_id: str) -> tuple[str, Any, int]:
    number = _request_id(service_request_id)
    item = ServiceRequest.objects.select_related("category", "organisation").filter(pk=number).first()
    if number is None or item is None:
        raise Open311Error(404, _("There is no service request %(id)s.") % {"id": service_request_id})
    return "service_requests", [_as_open311(item)], 200


@endpoint("GET")
def token(request: HttpRequest, token_id: str) -> tuple[str, Any, int]:
    try:
        item = ServiceRequest.objects.filter(token=uuid.UUID(token_id)).first()
    except ValueError:
        item = None
    if item is None:
        raise Open311Error(404, _("There is no token %(token)s.") % {"token": token_id})
    return "service_requests", [{"service_request_id": str(item.pk), "token": str(item.token)}], 200


def _attributes(category: Category, data: Any) -> dict[str, str | list[str]]:
    """The answers to the service's attributes, checked against their definition; the spec's
    ``attribute[code]=value`` and, for several values, ``attribute[code][]=value``."""
    given = {match.group(1) for key in data if (match := _ATTRIBUTE.fullmatch(key))}
    odd = [key for key in data if key.startswith("attribute") and not _ATTRIBUTE.fullmatch(key)]
    if unknown := sorted(given - {a["code"] for a in category.attributes}) + odd:
        raise Open311Error(
            400,
            _("Service %(code)s has no attribute %(names)s.") % {"code": category.slug, "names": ", ".join(unknown)},
        )
    try:
        return check_answers(
            category, lambda code: data.getlist(f"attribute[{code}]") + data.getlist(f"attribute[{code}][]")
        )
    except IntakeError as exc:
        raise Open311Error(400, f"attribute[{exc.field_name}]: {exc}") from exc


def _check_utf8(request: HttpRequest) -> None:
    """The spec: all text a client sends is UTF-8. Django would replace what is not with U+FFFD and store that."""
    if request.content_type == "application/x-www-form-urlencoded":
        try:
            urllib.parse.parse_qsl(request.body.decode("utf-8"), keep_blank_values=True, errors="strict")
        except UnicodeDecodeError as exc:
            raise Open311Error(400, _("The request body is not valid UTF-8.")) from exc
    # A multipart body has been decoded field by field; U+FFFD is where a field that is read was not UTF-8.
    elif any(
        "\ufffd" in value
        for key, values in request.POST.lists()
        if key in _READ or _ATTRIBUTE.fullmatch(key)
        for value in values
    ):
        raise Open311Error(400, _("The request body is not valid UTF-8."))


def _degrees(data: Any, name: str, limit: float) -> float | None:
    if not data.get(name):
        return None
    try:
        value = float(data[name])
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and -limit <= value <= limit):
        raise Open311Error(
            400, _("lat and long are decimal degrees (WGS84): lat from -90 to 90, long from -180 to 180.")
        )
    return value


def _post(request: HttpRequest) -> tuple[str, Any, int]:
    _check_utf8(request)
    data = request.POST
    # The spec sends api_key with the form; clients such as the PyPI `open311` put it in the query string.
    key = data.get("api_key") or request.GET.get("api_key", "")
    client = lookups().api_keys.get(hash_key(key)) if key else None
    if client is None:
        raise Open311Error(403, _("A valid api_key is required to post a service request."))
    if not data.get("service_code"):
        raise Open311Error(400, _("service_code is missing."))
    category = service(data["service_code"])
    if category is None:  # the spec: 404 for a service_code not found
        raise Open311Error(404, _("There is no service %(code)s.") % {"code": data["service_code"]})
    lat, lon = _degrees(data, "lat", 90), _degrees(data, "long", 180)
    if (lat is None) != (lon is None):
        raise Open311Error(400, _("Give both lat and long."))
    report = NewReport(
        category=category,
        lat=lat,
        lon=lon,
        texts={name: data.get(name, "") for name in LIMITS},
        attributes=_attributes(category, data),
        media_url=data.get("media_url", ""),
        api_key=client,
        client_address=client_of(request),
    )
    try:
        # Beyond the spec, as several GeoReport v2 servers allow: the photo itself as multipart `media`.
        if upload := request.FILES.get("media"):
            report.photo = clean_photo(upload, upload.size)
        earlier = earlier_reports(report)
        item, target = accept(report)
    except (IntakeError, PhotoError) as exc:
        raise Open311Error(exc.status, str(exc)) from exc
    notice = _("Routed to %(organisation)s (%(reason)s).") % {
        "organisation": target.organisation.name,
        "reason": target.reason,
    }
    if earlier:
        notice += " " + _("Already reported nearby as service request %(id)s; follow that one for news.") % {
            "id": earlier[0].pk
        }
    answer = {"service_request_id": str(item.pk), "token": str(item.token), "service_notice": notice}
    if item.account_id:
        answer["account_id"] = item.account_id
    return "service_requests", [answer], 201
