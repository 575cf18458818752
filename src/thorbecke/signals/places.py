"""A report's place in words a person recognises: the address typed, else the postcode area and the
municipality. Never only coordinates.

A clicked point gives the municipality (its boundaries are in the shared data) but not the postcode
area: there are no postcode boundaries there, only a table of postcode areas and their municipality.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from thorbecke.registry.geo import InvalidPostcode, OutsideNetherlands, UnknownPostcode, get_locator
from thorbecke.registry.models import Organisation
from thorbecke.registry.responsibility import REGIONAL_LAYERS, Layer, responsible
from thorbecke.registry.responsibility import Place as Area
from thorbecke.signals.intake import postcode_in
from thorbecke.signals.lookups import lookups
from thorbecke.signals.models import ServiceRequest
from thorbecke.signals.routing import Route, RoutingError, rijkswaterstaat, route_in


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


@dataclass(frozen=True)
class Layered:
    """One organisation with an area that holds a place: the layer's name, and the organisation's."""

    layer: str
    organisation: Organisation


def layers_at(lat: float | None, lon: float | None) -> list[Layered]:
    """The municipality, water board and province that hold a point, most local first; none abroad or without
    a point. Staff see who else is responsible there, and whom to forward the report to."""
    if lat is None or lon is None:
        return []
    try:
        place = get_locator().locate(lon, lat)
    except OutsideNetherlands:
        return []
    found = lookups().organisations
    layers = [responsible(layer, place) for layer in REGIONAL_LAYERS]
    return [Layered(str(r.layer.label), found[r.code]) for r in layers if r.code in found]


def _place_of(report: ServiceRequest) -> Area | None:
    try:
        if report.lat is not None and report.long is not None:
            return get_locator().locate(report.long, report.lat)
        if postcode := postcode_in(report.address_string):
            return get_locator().for_postcode(postcode)
    except (OutsideNetherlands, InvalidPostcode, UnknownPostcode):
        pass
    return None


def suggestions(report: ServiceRequest) -> list[Route]:
    """Whom a report may be forwarded to, most likely first: where it would be routed now (rules included),
    every candidate of its category's layer at the place (an uncertain water board has several), then the
    other layers' organisations there. Never the organisation that holds it."""
    place = _place_of(report)
    if place is None:
        found = [rijkswaterstaat()] if report.category.layer == Layer.RIJK else []
    else:
        try:
            found = [route_in(report.category, place, None)]
        except RoutingError:
            found = []
        organisations = lookups().organisations
        layers = sorted(REGIONAL_LAYERS, key=lambda layer: layer != report.category.layer)
        for layer in layers:
            responsibility = responsible(layer, place)
            reason = _("%(layer)s at this place") % {"layer": responsibility.layer.label}
            found += [Route(organisations[c], reason) for c in responsibility.codes if c in organisations]
    unique: dict[str, Route] = {}
    for suggestion in found:
        if suggestion.organisation.pk != report.organisation_id:
            unique.setdefault(suggestion.organisation.code, suggestion)
    return list(unique.values())
