"""Which organisation handles a report: the category says which layer, the place says which one,
and the national routing rules name the exceptions (a category that, within one area, another
organisation handles).

Rijkswaterstaat's roads and waterways are chosen by category: the national road and waterway
geometry (NWB, Vaarwegen) is not in ../shared/data yet, so a pothole reported on a motorway
must be reported in the motorway category. Open water (IJsselmeer, Wadden Sea) lies outside the
municipal polygons; there only Rijkswaterstaat's categories are accepted.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from thorbecke.registry.geo import InvalidPostcode, OutsideNetherlands, UnknownPostcode, get_locator
from thorbecke.registry.models import Organisation
from thorbecke.registry.responsibility import Layer
from thorbecke.signals.lookups import lookups
from thorbecke.signals.models import Category, RoutingRule

RIJKSWATERSTAAT = "rijk-rijkswaterstaat"
# The Netherlands with its territorial waters, roughly: only for points on open water.
_NETHERLANDS_WATERS = (3.0, 50.7, 7.3, 53.8)


class RoutingError(ValueError):
    """The report cannot be routed, with a reason a person can act on."""


@dataclass(frozen=True)
class Route:
    organisation: Organisation
    reason: str


@dataclass(frozen=True)
class Area:
    """The codes of the organisations whose area holds the place, most local first."""

    municipality: str
    water_board: str
    province: str
    uncertain: bool = False


def _rule_for(category: Category, area: Area, rules: Iterable[RoutingRule] | None) -> RoutingRule | None:
    codes = [area.municipality, area.water_board, area.province]
    if rules is None:
        rules = lookups().rules.get(category.pk, [])
    matching = [r for r in rules if r.active and r.category_id == category.pk and r.area.code in codes]
    return min(matching, key=lambda r: codes.index(r.area.code), default=None)


def _route_in(category: Category, area: Area, rules: Iterable[RoutingRule] | None) -> Route:
    rule = _rule_for(category, area, rules)
    if rule is not None:
        return Route(rule.handled_by, _("routing rule: %(reason)s") % {"reason": rule.reason})
    if category.layer == Layer.RIJK:
        return Route(lookups().organisations[RIJKSWATERSTAAT], _("national road or waterway"))
    code = {
        Layer.GEMEENTE: area.municipality,
        Layer.WATERSCHAP: area.water_board,
        Layer.PROVINCIE: area.province,
    }[Layer(category.layer)]
    organisation = lookups().organisations.get(code)
    if organisation is None:
        raise RoutingError(_("No organisation with code %(code)s is in the register.") % {"code": code})
    reason = _("%(layer)s at this place") % {"layer": Layer(category.layer).label}
    if area.uncertain and category.layer == Layer.WATERSCHAP:
        reason += " " + _("(the water board is uncertain here; forward the report if it is not yours)")
    return Route(organisation, reason)


def route(category: Category, lat: float, lon: float, rules: Iterable[RoutingRule] | None = None) -> Route:
    """The organisation for a report at a WGS84 point. ``rules`` replaces the saved rules, to test a draft."""
    try:
        place = get_locator().locate(lon, lat)
    except OutsideNetherlands as exc:
        west, south, east, north = _NETHERLANDS_WATERS
        if category.layer == Layer.RIJK and west <= lon <= east and south <= lat <= north:
            return Route(lookups().organisations[RIJKSWATERSTAAT], _("national road or waterway"))
        raise RoutingError(
            _(
                "This place is not in a Dutch municipality nor close to one: it is abroad, or on open water "
                "where only Rijkswaterstaat's kinds of problem can be reported."
            )
        ) from exc
    area = Area(place.municipality, place.water_board, place.province, place.water_board_uncertain)
    return _route_in(category, area, rules)


def route_postcode(category: Category, postcode: str) -> Route:
    """The organisation for a report given by postcode only, as the form without a map asks."""
    try:
        found = get_locator().for_postcode(postcode)
    except (InvalidPostcode, UnknownPostcode) as exc:
        raise RoutingError(str(exc)) from exc
    board = found.water_board or found.water_board_candidates[0].code
    return _route_in(category, Area(found.municipality, board, found.province, found.water_board is None), None)
