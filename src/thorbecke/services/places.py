"""Turning what a person gives (a postcode, or a point on the map) into a place, with clear errors."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from thorbecke.registry.geo import (
    InvalidPostcode,
    Location,
    OutsideNetherlands,
    PostcodeArea,
    UnknownPostcode,
    get_locator,
)


@dataclass(frozen=True)
class PlaceAnswer:
    place: Location | PostcodeArea | None
    error: str = ""
    nowhere: bool = False  # well-formed, but no place in the Netherlands: an unknown postcode, a point abroad


def resolve_place(postcode: str | None = None, lat: str | None = None, lon: str | None = None) -> PlaceAnswer:
    if postcode:
        try:
            return PlaceAnswer(get_locator().for_postcode(postcode))
        except InvalidPostcode:
            return PlaceAnswer(
                None,
                _("“%(postcode)s” is not a Dutch postcode. A postcode looks like 1234 AB.")
                % {"postcode": postcode[:20]},
            )
        except UnknownPostcode:
            return PlaceAnswer(
                None, _("The postcode %(postcode)s does not exist.") % {"postcode": postcode[:20]}, nowhere=True
            )
    if lat or lon:
        try:
            return PlaceAnswer(get_locator().locate(float(lon or ""), float(lat or "")))
        except ValueError as exc:
            if isinstance(exc, OutsideNetherlands):
                return PlaceAnswer(None, _("This point lies outside the Netherlands."), nowhere=True)
            return PlaceAnswer(None, _("A point needs a latitude and a longitude in degrees."))
    return PlaceAnswer(None)
