"""The layers of government that sit as equals in the Government Steering Committee: central government,
provinces, municipalities, water boards and public service providers, and the joint regional bodies the register
also knows. One rule, for the committee's record and for the commitments:

- a municipality, province or water board is its own layer;
- environmental services and safety regions, joint bodies of municipalities, are joint regional bodies;
- an organisation under a ministry (an executive agency: Belastingdienst, UWV, SVB, ...) is a public service
  provider; ministries, high councils of state and other central organisations are central government.

A group commitment names only a type of organisation, so its layer follows from the type alone."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import OrganisationType as T


@dataclass(frozen=True)
class Layer:
    key: str
    label: Promise | str


LAYERS = [
    Layer("rijk", _("Central government")),
    Layer("provincie", _("Provinces")),
    Layer("gemeente", _("Municipalities")),
    Layer("waterschap", _("Water boards")),
    Layer("uitvoering", _("Public service providers")),
    Layer("regionaal", _("Joint regional bodies")),
]
BY_KEY = {layer.key: layer for layer in LAYERS}
_OWN = {T.GEMEENTE, T.PROVINCIE, T.WATERSCHAP}
_REGIONAL = {T.OMGEVINGSDIENST, T.VEILIGHEIDSREGIO}


def of(org_type: str, parent_id: int | None = None) -> str:
    """The layer of an organisation of this type, under this parent (None: under none, or not known)."""
    if org_type in _OWN:
        return org_type
    if org_type in _REGIONAL:
        return "regionaal"
    return "uitvoering" if parent_id is not None else "rijk"
