"""Which organisation is the right door for a product, for a person at a place."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from thorbecke.registry.geo import Location, PostcodeArea
from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.services.models import Layer, Product

# A citizen's first door: the municipality when it provides the product, then the water
# board and the province, and central government last.
_PREFERENCE = [Layer.GEMEENTE, Layer.WATERSCHAP, Layer.PROVINCIE, Layer.RIJK]


@dataclass(frozen=True)
class Door:
    layer: str
    organisation: Organisation | None
    explanation: str
    candidates: list[Organisation] = field(default_factory=list)

    @property
    def websites(self) -> list[str]:
        return [d.name for d in self.organisation.domains.all()] if self.organisation else []


def layer_for(product: Product) -> str:
    if product.agency:
        return Layer.RIJK
    return next((layer for layer in _PREFERENCE if layer in product.layers), Layer.RIJK)


def _organisation(code: str | None) -> Organisation | None:
    if not code:
        return None
    return Organisation.objects.prefetch_related("domains").filter(code=code, end_date__isnull=True).first()


def agency_named(name: str) -> Organisation | None:
    """The central-government organisation with this name or short name, if the register has it."""
    if not name:
        return None
    queryset = (
        Organisation.objects.prefetch_related("domains")
        .filter(end_date__isnull=True)
        .exclude(org_type__in=[OrganisationType.GEMEENTE, OrganisationType.PROVINCIE, OrganisationType.WATERSCHAP])
    )
    # Texts name agencies as people know them: "UWV", "Belastingdienst/Toeslagen", "Octrooicentrum (RVO)".
    inside = re.findall(r"\(([^)]+)\)", name)
    for candidate in (name, name.split("/")[0], *inside):
        candidate = candidate.strip()
        found = queryset.filter(name__iexact=candidate).first() or queryset.filter(short_name__iexact=candidate).first()
        if found:
            return found
    return None


def door_for(product: Product, place: Location | PostcodeArea | None) -> Door:
    layer = layer_for(product)
    if layer == Layer.RIJK:
        agency = agency_named(product.agency)
        if agency is not None:
            return Door(layer, agency, str(_("This is arranged nationally by %(name)s.") % {"name": agency.name}))
        return Door(layer, None, str(_("This is arranged by central government; the agency is not yet recorded.")))
    if place is None:
        return Door(
            layer,
            None,
            str(_("Enter your postcode to find the %(layer)s that helps you.") % {"layer": Layer(layer).label}),
        )
    if layer == Layer.GEMEENTE:
        return Door(layer, _organisation(place.municipality), str(_("Your municipality provides this.")))
    if layer == Layer.PROVINCIE:
        return Door(layer, _organisation(place.province), str(_("Your province provides this.")))
    if place.water_board:
        return Door(layer, _organisation(place.water_board), str(_("Your water board provides this.")))
    shares = getattr(place, "water_board_candidates", [])
    candidates = [o for o in (_organisation(code) for code, _share in shares) if o]
    return Door(
        layer, None, str(_("Your postcode lies in more than one water board; one of these helps you.")), candidates
    )
