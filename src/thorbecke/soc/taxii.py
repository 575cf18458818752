"""TAXII 2.1 at /taxii2/, so that MISP, OpenCTI and other tools can read and share through the hub.

One API root (``api1``) with one collection of indicators, sightings and what they refer to. A client
is an organisation: by its bearer token (``thorbecke manage create_taxii_token``) or a staff session.
Without either, a client reads TLP:CLEAR only and cannot write. Errors are TAXII error messages.
"""

import json
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from thorbecke.registry.models import Organisation
from thorbecke.registry.permissions import membership_of
from thorbecke.soc.models import ApiToken, Status, StixObject
from thorbecke.soc.sharing import Refused, check, for_reader, store, visible

TAXII = "application/taxii+json;version=2.1"
STIX = "application/stix+json;version=2.1"
COLLECTION_ID = "2f1d4b0e-8c1b-4c0e-9f5e-6b7d3c1a9e10"
MAX_BODY = settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # Django refuses larger bodies before the view sees them
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


class Client:
    def __init__(self, organisation: Organisation | None, can_write: bool) -> None:
        self.organisation, self.can_write = organisation, can_write


def _client(request: HttpRequest) -> Client:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        token = ApiToken.objects.select_related("organisation").filter(digest=ApiToken.hash(header[7:].strip()))
        found = token.first()
        if found is None:
            raise _Error(401, "Unknown token", "The bearer token is not known here.")
        return Client(found.organisation, True)
    membership = membership_of(request.user)
    if membership is not None:  # a staff session reads; writing goes through a token or the hub's page
        return Client(membership.organisation, False)
    return Client(None, False)


class _Error(Exception):
    def __init__(self, status: int, title: str, description: str) -> None:
        super().__init__(title)
        self.status, self.title, self.description = status, title, description


def _answer(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=TAXII)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """TAXII content negotiation, the client, and errors as TAXII error messages."""

    @csrf_exempt  # a machine API: writing needs a bearer token, so a browser's cookies can only read
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            accept = request.headers.get("Accept", "*/*")
            if "application/taxii+json" not in accept and "*/*" not in accept:
                raise _Error(406, "Not acceptable", f"This server answers {TAXII}.")
            client = _client(request)
            if request.method == "POST" and not request.headers.get("Authorization"):
                raise _Error(401, "Authentication required", "Writing needs a bearer token.")
            return view(request, client, *args, **kwargs)
        except _Error as exc:
            body = {"title": exc.title, "description": exc.description, "http_status": str(exc.status)}
            return _answer(body, exc.status)

    return wrapped


@endpoint
def discovery(request: HttpRequest, client: Client) -> HttpResponse:
    root = request.build_absolute_uri("/taxii2/api1/")
    return _answer(
        {
            "title": "Thorbecke: shared threat indicators of Dutch government organisations",
            "description": "STIX 2.1 under TLP 2.0, enforced by the server.",
            "default": root,
            "api_roots": [root],
        }
    )


@endpoint
def api_root(request: HttpRequest, client: Client) -> HttpResponse:
    return _answer({"title": "Thorbecke", "versions": [TAXII], "max_content_length": MAX_BODY})


def _collection(client: Client) -> dict[str, Any]:
    return {
        "id": COLLECTION_ID,
        "title": "Indicators and sightings",
        "description": "What the security teams of government organisations share, each object under its TLP.",
        "can_read": True,
        "can_write": client.can_write,
        "media_types": [STIX],
    }


@endpoint
def collections(request: HttpRequest, client: Client) -> HttpResponse:
    return _answer({"collections": [_collection(client)]})


def _check_collection(collection_id: str) -> None:
    if collection_id != COLLECTION_ID:
        raise _Error(404, "Unknown collection", f"There is no collection {collection_id}.")


@endpoint
def collection(request: HttpRequest, client: Client, collection_id: str) -> HttpResponse:
    _check_collection(collection_id)
    return _answer(_collection(client))


def _filtered(request: HttpRequest, client: Client, stix_id: str | None = None) -> QuerySet[StixObject]:
    objects = visible(client.organisation).select_related("organisation")
    if stix_id:
        objects = objects.filter(stix_id=stix_id)
    if ids := request.GET.get("match[id]"):
        objects = objects.filter(stix_id__in=ids.split(","))
    if types := request.GET.get("match[type]"):
        objects = objects.filter(type__in=types.split(","))
    if after := request.GET.get("added_after"):
        moment = parse_datetime(after)
        if moment is None:
            raise _Error(400, "Bad added_after", "added_after is a timestamp such as 2026-01-01T00:00:00Z.")
        objects = objects.filter(date_added__gt=moment)
    version = request.GET.get("match[version]", "last")
    if version not in ("all", "first", "last"):
        objects = objects.filter(modified__in=version.split(","))
    elif version != "all":
        # In the database, not as a list of keys in Python: the readable versions of the same object,
        # newest (or oldest) first, and keep the version that comes first.
        order = "-modified" if version == "last" else "modified"
        chosen = objects.filter(stix_id=OuterRef("stix_id")).order_by(order).values("modified")[:1]
        objects = objects.filter(modified=Subquery(chosen))
    return objects.order_by("date_added", "pk")


def _page(request: HttpRequest, objects: QuerySet[StixObject]) -> tuple[list[StixObject], bool, str]:
    try:
        limit = min(int(request.GET.get("limit", DEFAULT_LIMIT)), MAX_LIMIT)
        after = int(request.GET.get("next", "0"))
    except ValueError:
        raise _Error(400, "Bad paging", "limit and next are whole numbers.") from None
    if limit < 1:
        raise _Error(400, "Bad paging", "limit is at least 1.")
    page = list(objects.filter(pk__gt=after)[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return page, more, str(page[-1].pk) if more else ""


def _envelope(request: HttpRequest, client: Client, objects: QuerySet[StixObject]) -> HttpResponse:
    """One page of objects as a TAXII envelope, each as this client may receive it."""
    page, more, following = _page(request, objects)
    body: dict[str, Any] = {
        "more": more,
        "objects": [for_reader(o.body, client.organisation, o.organisation) for o in page],
    }
    if following:
        body["next"] = following
    return _answer(body, headers=_date_headers(page))


def _date_headers(page: list[StixObject]) -> dict[str, str]:
    if not page:
        return {}
    stamp = lambda o: o.date_added.isoformat().replace("+00:00", "Z")  # noqa: E731
    return {"X-TAXII-Date-Added-First": stamp(page[0]), "X-TAXII-Date-Added-Last": stamp(page[-1])}


@endpoint
def objects(request: HttpRequest, client: Client, collection_id: str) -> HttpResponse:
    _check_collection(collection_id)
    if request.method == "POST":
        return _add(request, client)
    if request.method != "GET":
        raise _Error(405, "Method not allowed", "GET or POST.")
    return _envelope(request, client, _filtered(request, client))


def _add(request: HttpRequest, client: Client) -> HttpResponse:
    if client.organisation is None or not client.can_write:
        raise _Error(403, "Not allowed", "Only organisations' editors and TAXII tokens write.")
    if not request.content_type.startswith("application/taxii+json"):
        raise _Error(415, "Unsupported media type", f"Send {TAXII}.")
    if int(request.headers.get("Content-Length") or 0) > MAX_BODY:
        raise _Error(413, "Too large", f"At most {MAX_BODY} bytes; send the objects in several envelopes.")
    try:
        envelope = json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise _Error(400, "Not JSON", "The envelope is not valid JSON.") from None
    if not isinstance(envelope, dict):
        raise _Error(400, "Not an envelope", 'Send a TAXII envelope: {"objects": [...]}.')
    try:
        # Every other answer of this TAXII server is English; the refusal, translated on the pages, is too here.
        with translation.override("en"):
            status = store(check(envelope.get("objects"), client.organisation), client.organisation)
    except Refused as exc:
        raise _Error(422, "Refused whole", f"Nothing was stored: {exc}") from None
    return _answer(status, 202)


@endpoint
def manifest(request: HttpRequest, client: Client, collection_id: str) -> HttpResponse:
    _check_collection(collection_id)
    page, more, following = _page(request, _filtered(request, client))
    body: dict[str, Any] = {
        "more": more,
        "objects": [
            {"id": o.stix_id, "date_added": o.date_added.isoformat().replace("+00:00", "Z"), "version": o.modified,
             "media_type": STIX}
            for o in page
        ],
    }  # fmt: skip
    if following:
        body["next"] = following
    return _answer(body, headers=_date_headers(page))


@endpoint
def object_detail(request: HttpRequest, client: Client, collection_id: str, object_id: str) -> HttpResponse:
    _check_collection(collection_id)
    found = _filtered(request, client, object_id)
    if not found.exists():
        raise _Error(404, "Unknown object", f"No object {object_id} that you may read.")
    return _envelope(request, client, found)


@endpoint
def versions(request: HttpRequest, client: Client, collection_id: str, object_id: str) -> HttpResponse:
    _check_collection(collection_id)
    found = visible(client.organisation).filter(stix_id=object_id).order_by("modified")
    listed = list(found.values_list("modified", flat=True))
    if not listed:
        raise _Error(404, "Unknown object", f"No object {object_id} that you may read.")
    return _answer({"more": False, "versions": listed})


@endpoint
def status(request: HttpRequest, client: Client, status_id: str) -> HttpResponse:
    try:
        key = uuid.UUID(status_id)
    except ValueError:
        raise _Error(404, "Unknown status", "No such status.") from None
    found = Status.objects.filter(id=key, organisation=client.organisation).first() if client.organisation else None
    if found is None:
        raise _Error(404, "Unknown status", "No such status of yours.")
    return _answer(found.body)
