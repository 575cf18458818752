"""Which organisation handles a report: the category says which layer, the point says which one.

Rijkswaterstaat's roads and waterways are chosen by category: the national road and waterway
geometry (NWB, Vaarwegen) is not in ../shared/data yet, so a pothole reported on a motorway
must be reported in the motorway category. Open water (IJsselmeer, Wadden Sea) lies outside the
municipal polygons; there only Rijkswaterstaat's categories are accepted.
"""

from dataclasses import dataclass

from thorbecke.registry.geo import OutsideNetherlands, get_locator
from thorbecke.registry.models import Organisation
from thorbecke.signals.models import Category, Layer

RIJKSWATERSTAAT = "rijk-rijkswaterstaat"
# The Netherlands with its territorial waters, roughly: only for points on open water.
_NETHERLANDS_WATERS = (3.0, 50.7, 7.3, 53.8)


class RoutingError(ValueError):
    """The report cannot be routed, with a reason a person can act on."""


@dataclass(frozen=True)
class Route:
    organisation: Organisation
    reason: str


def route(category: Category, lat: float, lon: float) -> Route:
    if category.layer == Layer.RIJKSWATERSTAAT:
        west, south, east, north = _NETHERLANDS_WATERS
        if not (west <= lon <= east and south <= lat <= north):
            raise RoutingError("This point is not in the Netherlands or its waters.")
        return Route(Organisation.objects.get(code=RIJKSWATERSTAAT), "national road or waterway")
    try:
        place = get_locator().locate(lon, lat)
    except OutsideNetherlands as exc:
        raise RoutingError(str(exc)) from exc
    code = {
        Layer.GEMEENTE: place.municipality,
        Layer.WATERSCHAP: place.water_board,
        Layer.PROVINCIE: place.province,
    }[Layer(category.layer)]
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        raise RoutingError(f"No organisation with code {code} is in the register.")
    return Route(organisation, f"{Layer(category.layer).label} at this point")
