"""Which organisation handles a report: the category says which layer, the register says which
organisation of that layer is responsible at the place (`registry.responsibility`), and the national
routing rules name the exceptions (a category that, within one area, another organisation handles).

Central government's categories are national roads and waterways: they go to Rijkswaterstaat. They
are chosen by category, as the national road and waterway geometry (NWB, Vaarwegen) is not in
../shared/data yet: a pothole on a motorway must be reported in the motorway category. Open water
(IJsselmeer, Wadden Sea) lies outside the municipal polygons; there only Rijkswaterstaat's categories
are accepted.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from thorbecke.registry.geo import (
    InvalidPostcode,
    OutsideNetherlands,
    UnknownMunicipality,
    UnknownPostcode,
    get_locator,
)
from thorbecke.registry.models import Organisation
from thorbecke.registry.responsibility import REGIONAL_LAYERS, Layer, Place, responsible
from thorbecke.signals.lookups import lookups
from thorbecke.signals.models import Category, RoutingRule

RIJKSWATERSTAAT = "rijk-rijkswaterstaat"
# The Netherlands with its territorial waters, roughly: only for points on open water.
NETHERLANDS_WATERS = (3.0, 50.7, 7.3, 53.8)


class RoutingError(ValueError):
    """The report cannot be routed, with a reason a person can act on."""


@dataclass(frozen=True)
class Route:
    organisation: Organisation
    reason: str


def rijkswaterstaat() -> Route:
    return Route(lookups().organisations[RIJKSWATERSTAAT], _("national road or waterway"))


def _rule_for(category: Category, place: Place, rules: Iterable[RoutingRule] | None) -> RoutingRule | None:
    codes = [responsible(layer, place).code for layer in REGIONAL_LAYERS]
    if rules is None:
        rules = lookups().rules.get(category.pk, [])
    matching = [r for r in rules if r.active and r.category_id == category.pk and r.area.code in codes]
    return min(matching, key=lambda r: codes.index(r.area.code), default=None)


def route_in(category: Category, place: Place, rules: Iterable[RoutingRule] | None) -> Route:
    rule = _rule_for(category, place, rules)
    if rule is not None:
        return Route(rule.handled_by, _("routing rule: %(reason)s") % {"reason": rule.reason})
    if category.layer == Layer.RIJK:
        return rijkswaterstaat()
    # A report goes to one organisation: the most likely one, saying so when the place leaves doubt.
    found = responsible(category.layer, place)
    organisation = lookups().organisations.get(found.code)
    if organisation is None:
        raise RoutingError(_("No organisation with code %(code)s is in the register.") % {"code": found.code})
    reason = _("%(layer)s at this place") % {"layer": found.layer.label}
    if found.uncertain:
        reason += " " + _("(the water board is uncertain here; forward the report if it is not yours)")
    return Route(organisation, reason)


def route(category: Category, lat: float, lon: float, rules: Iterable[RoutingRule] | None = None) -> Route:
    """The organisation for a report at a WGS84 point. ``rules`` replaces the saved rules, to test a draft."""
    try:
        place = get_locator().locate(lon, lat)
    except OutsideNetherlands as exc:
        west, south, east, north = NETHERLANDS_WATERS
        if category.layer == Layer.RIJK and west <= lon <= east and south <= lat <= north:
            return rijkswaterstaat()
        raise RoutingError(
            _(
                "This place is not in a Dutch municipality nor close to one: it is abroad, or on open water "
                "where only Rijkswaterstaat's kinds of problem can be reported."
            )
        ) from exc
    return route_in(category, place, rules)


def route_postcode(category: Category, postcode: str) -> Route:
    """The organisation for a report given by postcode only, as the form without a map asks."""
    try:
        found = get_locator().for_postcode(postcode)
    except InvalidPostcode as exc:
        raise RoutingError(
            _("%(postcode)s is not a Dutch postcode (4 digits, then 2 letters).") % {"postcode": postcode}
        ) from exc
    except UnknownPostcode as exc:
        raise RoutingError(_("Postcode %(postcode)s has no addresses.") % {"postcode": postcode}) from exc
    return route_in(category, found, None)


def route_municipality(category: Category, code: str) -> Route:
    """The organisation for a report placed only in a municipality (by its name in an address, or a BAG id)."""
    try:
        found = get_locator().for_municipality(code)
    except UnknownMunicipality as exc:
        raise RoutingError(_("No municipality has code %(code)s.") % {"code": code}) from exc
    return route_in(category, found, None)
