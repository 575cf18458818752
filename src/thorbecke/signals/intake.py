"""Taking in a new report, whichever way it comes (Open311 or the reporting page): check it, route it,
and save it with its photo in one transaction, or store nothing and say why.

The transaction commits before anyone is answered, so a report acknowledged is a report kept, even
if the server is killed the moment after.
"""

import contextlib
import datetime as dt
import fcntl
import logging
import re
import smtplib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail.message import sanitize_address
from django.core.validators import validate_email
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from thorbecke.registry.client_address import client_address_key
from thorbecke.registry.geo import UnknownMunicipality, get_locator
from thorbecke.signals.duplicates import already_reported
from thorbecke.signals.models import ADDRESS_PER_MINUTE, ApiKey, Category, Photo, ServiceRequest
from thorbecke.signals.notify import offer_confirmation
from thorbecke.signals.photos import CleanPhoto
from thorbecke.signals.routing import Route, RoutingError, route, route_municipality, route_postcode

logger = logging.getLogger(__name__)

DEVICE_PER_MINUTE = 10
_POSTCODE = re.compile(r"\b([1-9][0-9]{3})\s?([A-Za-z]{2})?\b")
# Markup has no place in a report: it is refused, not stored and escaped later.
_MARKUP = re.compile(r"<\s*/?\s*[a-z!?]|javascript:|&#", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
LIMITS = {
    "description": 4000,
    "address_string": 300,
    "address_id": 100,
    "device_id": 100,
    "account_id": 100,
    "email": 254,
    "first_name": 100,
    "last_name": 100,
    "phone": 40,
}


class IntakeError(ValueError):
    """The report is refused; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400, field_name: str = "") -> None:
        super().__init__(message)
        self.status, self.field_name = status, field_name


@dataclass
class NewReport:
    category: Category
    lat: float | None = None
    lon: float | None = None
    texts: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str | list[str]] = field(default_factory=dict)
    media_url: str = ""
    api_key: ApiKey | None = None
    reporter_key: str = ""
    # client_of() the request the report came in.
    client_address: str = ""
    photo: CleanPhoto | None = None


def postcode_in(address: str) -> str:
    found = _POSTCODE.search(address)
    return (found.group(1) + (found.group(2) or "").upper()) if found else ""


def has_markup(text: str) -> bool:
    return bool(_MARKUP.search(text) or _CONTROL.search(text))


def check_texts(texts: dict[str, str]) -> None:
    for name, value in texts.items():
        limit = LIMITS[name]
        if len(value) > limit:
            raise IntakeError(_("%(field)s is longer than %(limit)d characters") % {"field": name, "limit": limit})
        if has_markup(value):
            raise IntakeError(_("%(field)s may hold plain text only, no markup or script") % {"field": name})
        if name == "email" and value and not is_mailable(value):
            raise IntakeError(_("email is not an e-mail address we can write to"), field_name="email")


def is_mailable(address: str) -> bool:
    """Is this an address the hub can send to? Django's validator, and a header it can encode: a non-ASCII local
    part needs SMTPUTF8, which the mail path does not speak."""
    try:
        validate_email(address)
        sanitize_address(address, "utf-8")
    except (ValidationError, ValueError):  # UnicodeError is a ValueError
        return False
    return address.split("@", 1)[0].isascii()


def _is_datetime(value: str) -> bool:
    try:
        return parse_datetime(value) is not None
    except ValueError:  # well formed, but no such day or time (2026-02-30)
        return False


def check_answers(category: Category, given: Callable[[str], list[str]]) -> dict[str, str | list[str]]:
    """The answers to the category's questions (Open311 service attributes), checked against their
    definition; ``given`` returns what was answered to the question with that code."""
    answers: dict[str, str | list[str]] = {}
    for attribute in category.attributes:
        code, datatype = attribute["code"], attribute["datatype"]
        values = [v for v in given(code) if v != ""]
        if not values:
            if attribute["required"]:
                raise IntakeError(_("this question needs an answer"), field_name=code)
            continue
        if datatype != "multivaluelist" and len(values) > 1:
            raise IntakeError(
                _("this question takes one answer, not %(count)d") % {"count": len(values)}, field_name=code
            )
        keys = {v["key"] for v in attribute["values"]}
        if datatype.endswith("valuelist") and not set(values) <= keys:
            raise IntakeError(_("the answer is one of %(keys)s") % {"keys": ", ".join(sorted(keys))}, field_name=code)
        if datatype == "number" and not all(_NUMBER.fullmatch(v) for v in values):
            raise IntakeError(_("the answer is a number"), field_name=code)
        if datatype == "datetime" and not all(_is_datetime(v) for v in values):
            raise IntakeError(_("the answer is a date and time (ISO 8601)"), field_name=code)
        answers[code] = values if datatype == "multivaluelist" else values[0]
    return answers


def client_of(request: HttpRequest) -> str:
    """The key a report's client is counted under for the limit per address: the registry's keyed hash of the
    address, an IPv6 address as its /64, never the address itself."""
    return client_address_key(request, "report")


def check_rate(report: NewReport) -> None:
    """Posting is limited per device, per address and per API key, counted over the reports of the last minute."""
    since = timezone.now() - dt.timedelta(minutes=1)
    recent = ServiceRequest.objects.filter(requested_at__gte=since)
    device = report.texts.get("device_id", "")
    if device and recent.filter(device_id=device).count() >= DEVICE_PER_MINUTE:
        raise IntakeError(_("Too many reports from this device; try again in a minute."), 429)
    # The client chooses its device_id, not the address the hub sees: rotating ids does not escape this one.
    # Above DEVICE_PER_MINUTE, as people behind one address (an office, a carrier's NAT) share it (decision 32).
    address, per_address = report.client_address, report.api_key.per_address if report.api_key else ADDRESS_PER_MINUTE
    if address and recent.filter(client_address=address).count() >= per_address:
        raise IntakeError(_("Too many reports from this address; try again in a minute."), 429)
    key = report.api_key
    if key and ServiceRequest.objects.filter(api_client=key.name, requested_at__gte=since).count() >= key.per_minute:
        raise IntakeError(_("Too many reports with this api_key; try again in a minute."), 429)


def where(report: NewReport) -> Route:
    """The organisation for the report's place: its point, else the postcode in its address, else the municipality
    its address names, else the municipality that issued its BAG address_id. What names no place is refused."""
    address = report.texts.get("address_string", "").strip()
    address_id = report.texts.get("address_id", "").strip()
    try:
        if report.lat is not None and report.lon is not None:
            return route(report.category, report.lat, report.lon)
        if postcode := postcode_in(address):
            return route_postcode(report.category, postcode)
        if address:
            try:
                return route_municipality(report.category, get_locator().municipality_named_in(address))
            except UnknownMunicipality:
                if not address_id:
                    raise IntakeError(
                        _(
                            "address_string names no postcode and no single Dutch municipality (write it as "
                            '"Domplein 29, Utrecht"): give lat and long, a postcode or the municipality.'
                        )
                    ) from None
        if address_id:
            try:
                return route_municipality(report.category, get_locator().municipality_of_bag_id(address_id))
            except UnknownMunicipality:
                raise IntakeError(
                    _(
                        "address_id is not the BAG identification of an address in a municipality of today "
                        "(16 digits, the first four the municipality's code): give lat and long or an "
                        "address_string with a postcode."
                    )
                ) from None
        raise IntakeError(_("Give the place as a point (lat and long) or as an address with a postcode."))
    except RoutingError as exc:
        raise IntakeError(str(exc)) from exc


def accept(report: NewReport) -> tuple[ServiceRequest, Route]:
    """Check, route and save a new report; raise IntakeError, having stored nothing, when it is refused."""
    check_texts(report.texts)
    if report.media_url and not report.media_url.startswith(("https://", "http://")):
        raise IntakeError(_("media_url must be an http(s) URL"))
    answers = [v for value in report.attributes.values() for v in ([value] if isinstance(value, str) else value)]
    check_texts({"description": " ".join(answers)[: LIMITS["description"]]})
    target = where(report)
    check_rate(report)
    texts = report.texts
    with one_writer(), transaction.atomic():
        item = ServiceRequest.objects.create(
            category=report.category,
            organisation=target.organisation,
            lat=report.lat,
            long=report.lon,
            zipcode=postcode_in(texts.get("address_string", "")),
            media_url=report.media_url,
            attributes=report.attributes,
            expected_at=timezone.now() + dt.timedelta(days=report.category.deadline_days),
            api_client=report.api_key.name if report.api_key else "",
            reporter_key=report.reporter_key,
            client_address=report.client_address,
            **{name: texts.get(name, "") for name in LIMITS},
        )
        if report.photo is not None:
            Photo.objects.create(request=item, **vars(report.photo))
    if item.email and not item.reporter_key:
        # Anyone can type anyone's address: it gets the acknowledgement with a link to confirm, news only after.
        try:
            offer_confirmation(item, item.email, reporter=True)
        except (OSError, smtplib.SMTPException):
            # The report is kept: answering with an error would make the client post it again.
            logger.exception("the acknowledgement of report %s could not be mailed", item.pk)
    return item, target


@contextlib.contextmanager
def one_writer() -> Iterator[None]:
    """On SQLite, writers of all worker processes queue on a file lock before they begin.

    SQLite has one writer; the others poll its lock, sleeping ever longer between tries (measured
    with bench/signals_intake.py: p99 392 ms at 8 connections). A blocking file lock wakes the next
    writer the moment the last one commits. PostgreSQL needs none of this.
    """
    if connection.vendor != "sqlite":
        yield
        return
    path = Path(settings.DATA_DIR) / "signals-intake.lock"
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def earlier_reports(report: NewReport) -> list[ServiceRequest]:
    """Open reports of the same kind close by: the person may follow one of those instead."""
    if report.lat is None or report.lon is None:
        return []
    return already_reported(report.category, report.lat, report.lon)
