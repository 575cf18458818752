"""Checking and storing shared STIX 2.1 objects, and the TLP 2.0 rules for who may read them.

- TLP:RED never leaves the organisation that shared it.
- TLP:AMBER and TLP:AMBER+STRICT go to the organisation that shared it and the recipients it names
  in ``x_thorbecke_recipients`` (TOOI codes), the one property Thorbecke adds to STIX.
- TLP:GREEN goes to every government organisation on the hub.
- TLP:CLEAR is public.

The organisation that shares is the one signed in (a session or a TAXII token), never what the
object's ``created_by_ref`` claims. Only that organisation may publish later versions of an object.
A bundle is checked whole: one bad object and nothing is stored.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import stix2
import stix2.exceptions
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from thorbecke.registry.models import Organisation
from thorbecke.soc.models import Status, StixObject, Tlp

RECIPIENTS = "x_thorbecke_recipients"
# The marking definitions of TLP 2.0 for STIX 2.1, and those of TLP 1.0 that tools such as MISP still send.
TLP_MARKINGS = {
    "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487": Tlp.CLEAR,
    "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": Tlp.GREEN,
    "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": Tlp.AMBER,
    "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": Tlp.AMBER_STRICT,
    "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": Tlp.RED,
    "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": Tlp.CLEAR,  # TLP 1.0 WHITE
    "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": Tlp.GREEN,  # TLP 1.0
    "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": Tlp.AMBER,  # TLP 1.0
    "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": Tlp.RED,  # TLP 1.0
}
MARKING_OF = {tlp: ref for ref, tlp in list(TLP_MARKINGS.items())[:5]}
MAX_OBJECTS = 5_000


class Refused(ValueError):
    """The bundle is refused whole; ``index`` names the object at fault. The message is in the active language
    (the page's, or the TAXII request's), translated where it is raised; property names stay as STIX spells them."""

    def __init__(self, index: int | None, message: str) -> None:
        placed = message if index is None else _("object %(index)d: %(message)s") % {"index": index, "message": message}
        super().__init__(placed)
        self.index, self.message = index, message


def _names(properties: Any) -> str:
    return ", ".join(str(name) for name in properties)


def _not_stix(exc: Exception, body: dict[str, Any]) -> str:
    """Why the STIX library refused an object, in the reader's language: the library's own sentences are English
    and name Python classes, so the common cases are said again here with the property at fault."""
    if isinstance(exc, stix2.exceptions.MissingPropertiesError):
        return _("is not valid STIX 2.1: it lacks required properties: %(names)s") % {"names": _names(exc.properties)}
    if isinstance(exc, stix2.exceptions.ExtraPropertiesError):
        return _("is not valid STIX 2.1: it has properties STIX 2.1 does not define: %(names)s") % {
            "names": _names(exc.properties)
        }
    if isinstance(exc, stix2.exceptions.PropertyPresenceError):
        return _("is not valid STIX 2.1: check which properties go together in %(type)s") % {"type": body.get("type")}
    if isinstance(exc, stix2.exceptions.InvalidValueError | stix2.exceptions.InvalidObjRefError):
        # The reason names what the value must be (a timestamp, a prefix, where a pattern fails); it is the
        # library's English, shown as its detail rather than lost.
        return _("is not valid STIX 2.1: it has an invalid value for %(property)s (%(reason)s)") % {
            "property": exc.prop_name,
            "reason": exc.reason,
        }
    if isinstance(exc, stix2.exceptions.ParseError) and "type" not in body:
        return _("is not valid STIX 2.1: it has no type")
    if isinstance(exc, stix2.exceptions.ParseError):
        return _("is not valid STIX 2.1: it has a type STIX 2.1 does not define: %(type)s") % {"type": body["type"]}
    return _("is not valid STIX 2.1 (%(detail)s)") % {"detail": exc}


@dataclass
class Checked:
    body: dict[str, Any]
    tlp: str
    recipients: list[Organisation]
    pattern_hash: str


def check(objects: Any, organisation: Organisation) -> list[Checked]:
    """Every object valid STIX 2.1 with exactly one TLP marking; the standard TLP marking definitions
    themselves are dropped (everyone knows them)."""
    if not isinstance(objects, list) or not objects:
        raise Refused(None, _("objects must be a non-empty list of STIX 2.1 objects"))
    if len(objects) > MAX_OBJECTS:
        raise Refused(
            None,
            _("at most %(count)s objects at a time") % {"count": number_format(MAX_OBJECTS, force_grouping=True)},
        )
    checked = []
    for index, body in enumerate(objects):
        if not isinstance(body, dict):
            raise Refused(index, _("is not a JSON object"))
        if body.get("type") == "marking-definition":
            if body.get("id") in TLP_MARKINGS:
                continue
            raise Refused(index, _("only the TLP marking definitions are accepted"))
        plain = {k: v for k, v in body.items() if k != RECIPIENTS}
        try:
            stix2.parse(plain, allow_custom=False, version="2.1")
        except (stix2.exceptions.STIXError, ValueError, TypeError) as exc:
            raise Refused(index, _not_stix(exc, body)) from None
        if body.get("spec_version") != "2.1":
            raise Refused(index, _("spec_version must be 2.1"))
        markings = [TLP_MARKINGS[ref] for ref in body.get("object_marking_refs") or [] if ref in TLP_MARKINGS]
        if len(set(markings)) != 1:
            raise Refused(index, _("needs exactly one TLP marking in object_marking_refs"))
        tlp = markings[0]
        codes = body.get(RECIPIENTS) or []
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise Refused(index, _("%(property)s must be a list of organisation codes") % {"property": RECIPIENTS})
        if codes and tlp not in (Tlp.AMBER, Tlp.AMBER_STRICT):
            raise Refused(
                index, _("%(property)s only goes with TLP:AMBER or TLP:AMBER+STRICT") % {"property": RECIPIENTS}
            )
        recipients = list(Organisation.objects.filter(code__in=codes, end_date__isnull=True))
        if len(recipients) != len(set(codes)):
            unknown = sorted(set(codes) - {o.code for o in recipients})
            raise Refused(index, _("unknown recipients: %(codes)s") % {"codes": ", ".join(unknown)})
        pattern = ""
        if body.get("type") == "indicator":
            pattern = hashlib.sha256(f"{body['pattern_type']}|{' '.join(body['pattern'].split())}".encode()).hexdigest()
        checked.append(Checked(body, tlp, recipients, pattern))
    return checked


def store(checked: list[Checked], organisation: Organisation) -> dict[str, Any]:
    """Store the objects (a version already present is not stored twice) and return the TAXII status."""
    successes = []
    with transaction.atomic():
        for item in checked:
            stix_id, modified = item.body["id"], item.body.get("modified") or item.body.get("created", "")
            others = StixObject.objects.filter(stix_id=stix_id).exclude(organisation=organisation)
            if others.exists():
                raise Refused(
                    checked.index(item), _("another organisation published this object; it alone versions it")
                )
            found, created = StixObject.objects.get_or_create(
                stix_id=stix_id,
                modified=modified,
                defaults={
                    "type": item.body["type"],
                    "body": item.body,
                    "organisation": organisation,
                    "tlp": item.tlp,
                    "pattern_hash": item.pattern_hash,
                },
            )
            if created and item.recipients:
                found.recipients.set(item.recipients)
            successes.append({"id": stix_id, "version": modified})
        status = {
            "id": str(uuid.uuid4()),
            "status": "complete",
            "request_timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
            "total_count": len(checked),
            "success_count": len(successes),
            "successes": successes,
            "failure_count": 0,
            "failures": [],
            "pending_count": 0,
            "pendings": [],
        }
        Status.objects.create(id=status["id"], organisation=organisation, body=status)
    return status


def visible(organisation: Organisation | None) -> QuerySet[StixObject]:
    """The objects an organisation's staff may read (None: anyone, signed in or not)."""
    if organisation is None:
        return StixObject.objects.filter(tlp=Tlp.CLEAR)
    return StixObject.objects.filter(
        Q(tlp__in=[Tlp.CLEAR, Tlp.GREEN])
        | Q(organisation=organisation)
        | Q(tlp__in=[Tlp.AMBER, Tlp.AMBER_STRICT], recipients=organisation)
    ).distinct()


def for_reader(body: dict[str, Any], reader: Organisation | None, author: Organisation) -> dict[str, Any]:
    """An object as a reader receives it: the recipient list is the author's business, not theirs."""
    if reader is not None and reader.pk == author.pk:
        return body
    return {k: v for k, v in body.items() if k != RECIPIENTS}


def shared_before(moment: datetime, stix_type: str = "indicator") -> dict[int, int]:
    """Per organisation that has shared any: how many distinct objects of ``stix_type`` it had published on the
    hub before ``moment`` (a new version of an object is the same object)."""
    rows = (
        StixObject.objects.filter(type=stix_type, date_added__lt=moment)
        .values("organisation_id")
        .annotate(objects=Count("stix_id", distinct=True))
        .order_by()
        .values_list("organisation_id", "objects")
    )
    return dict(rows)
