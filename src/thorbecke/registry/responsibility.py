"""Which organisation of a layer of government is responsible for a place: the one answer that the front door
(services) and reports in public space (signals) both use.

The boundary data (`geo`) says which municipality, province and water board hold a located point or a postcode
area; this module turns that into the register codes of the organisations responsible, with the one rule for an
uncertain water board:

- A point belongs to the board whose polygon holds it. It is uncertain when another board lies within 1 km, or
  when the point lies in no polygon and takes the nearest board (the polygons are coarse and leave gaps).
- A postcode area is known here only by its municipality, and belongs to the board that covers 95% of it. When
  no board does, it is uncertain, and every board covering at least 5% is a candidate, largest share first.

Uncertain or not, the first code is the most likely organisation: a report, which must go somewhere, goes there
and says it may need forwarding; a person can be shown the candidates to choose from. The municipality and the
province of a place are always certain (a postcode area shared by municipalities counts as its dominant one).

Central government has no area of its own: which of its organisations helps depends on the matter (a product's
agency, Rijkswaterstaat for a national road), never on the place, so the caller decides that.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.geo import Location, MunicipalityArea, PostcodeArea


class Layer(models.TextChoices):
    """A layer of government, most local first. The values are stored: by products (which layers provide
    them) and by report categories (which layer handles them)."""

    GEMEENTE = "gemeente", _("municipality")
    WATERSCHAP = "waterschap", _("water board")
    PROVINCIE = "provincie", _("province")
    RIJK = "rijk", _("central government")


# A place as the boundary data finds it: a located point, a postcode area, or a whole municipality.
Place = Location | PostcodeArea | MunicipalityArea

# The layers whose organisations each have an area, most local first.
REGIONAL_LAYERS = (Layer.GEMEENTE, Layer.WATERSCHAP, Layer.PROVINCIE)


@dataclass(frozen=True)
class Responsible:
    """The organisations (register codes) of one layer that may be responsible for a place, most likely first."""

    layer: Layer
    codes: tuple[str, ...]
    # True when the place alone cannot say for sure (only ever for a water board).
    uncertain: bool = False

    @property
    def code(self) -> str:
        """The most likely organisation."""
        return self.codes[0]

    @property
    def sole(self) -> str | None:
        """The organisation when the register names just one, even an uncertain one; None when there are several
        candidates to choose from."""
        return self.codes[0] if len(self.codes) == 1 else None


def responsible(layer: Layer | str, place: Place) -> Responsible:
    """The organisations of ``layer`` responsible at ``place``; ValueError for central government, which has no
    area."""
    layer = Layer(layer)
    if layer == Layer.GEMEENTE:
        return Responsible(layer, (place.municipality,))
    if layer == Layer.PROVINCIE:
        return Responsible(layer, (place.province,))
    if layer == Layer.WATERSCHAP:
        return _water_board(place)
    raise ValueError(
        "Central government is responsible everywhere; which of its organisations depends on the matter, not on "
        "the place."
    )


def _water_board(place: Place) -> Responsible:
    if isinstance(place, Location):
        return Responsible(Layer.WATERSCHAP, (place.water_board,), place.water_board_uncertain)
    if place.water_board is not None:
        return Responsible(Layer.WATERSCHAP, (place.water_board,))
    return Responsible(Layer.WATERSCHAP, tuple(share.code for share in place.water_board_candidates), True)
