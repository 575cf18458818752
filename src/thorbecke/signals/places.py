"""A report's place in words a person recognises: the address typed, else the postcode area and the
municipality. Never only coordinates.

A clicked point gives the municipality (its boundaries are in the shared data) but not the postcode
area: there are no postcode boundaries there, only a table of postcode areas and their municipality.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from thorbecke.registry.geo import InvalidPostcode, OutsideNetherlands, UnknownPostcode, get_locator
from thorbecke.registry.models import Organisation
from thorbecke.signals.intake import postcode_in


@dataclass(frozen=True)
class Place:
    words: str
    # False when the point lies in no Dutch municipality: the person is told before they send.
    in_netherlands: bool = True


def _municipality_name(code: str) -> str:
    found = Organisation.objects.filter(code=code).values_list("short_name", "name").first()
    return (found[0] or found[1]) if found else ""


def describe(lat: float | None, lon: float | None, address: str = "") -> Place:
    """The place of a point and/or a typed address, in the language of the request."""
    address = address.strip()
    municipality = pc4 = ""
    if postcode := postcode_in(address):
        if address.replace(" ", "").upper() == postcode:
            address = ""  # only a postcode: said as "near" it
        try:
            area = get_locator().for_postcode(postcode)
            municipality, pc4 = area.municipality, area.pc4
        except (InvalidPostcode, UnknownPostcode):
            pass
    if lat is not None and lon is not None:
        try:
            # The point is where the problem is; the postcode may be the person's idea of it.
            municipality = get_locator().locate(lon, lat).municipality
        except OutsideNetherlands:
            return Place(address or _("A place outside the Netherlands"), in_netherlands=False)
    name = _municipality_name(municipality) if municipality else ""
    if address:
        words = _("%(address)s, municipality of %(name)s") % {"address": address, "name": name} if name else address
    elif pc4 and name:
        words = _("Near %(postcode)s, municipality of %(name)s") % {"postcode": pc4, "name": name}
    elif name:
        words = _("In the municipality of %(name)s") % {"name": name}
    else:
        words = _("The place is not known")
    return Place(words)
