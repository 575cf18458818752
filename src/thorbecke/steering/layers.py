"""The layers of government that sit as equals in the Government Steering Committee: municipalities, provinces,
water boards, central government (its ministries, high councils of state and other central organisations), and each
other type of organisation the register knows, as its own layer."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import OrganisationType as T


@dataclass(frozen=True)
class Layer:
    key: str
    label: Promise | str
    types: frozenset[str]


_NAMED = [
    Layer("gemeente", _("Municipalities"), frozenset({T.GEMEENTE})),
    Layer("provincie", _("Provinces"), frozenset({T.PROVINCIE})),
    Layer("waterschap", _("Water boards"), frozenset({T.WATERSCHAP})),
    Layer("rijk", _("Central government"), frozenset({T.MINISTERIE, T.HOOG_COLLEGE, T.RIJKSORGANISATIE})),
]
_COVERED = set().union(*(layer.types for layer in _NAMED))
LAYERS = _NAMED + [Layer(value, label, frozenset({value})) for value, label in T.choices if value not in _COVERED]
BY_KEY = {layer.key: layer for layer in LAYERS}


def of(org_type: str) -> str:
    """The layer an organisation type belongs to."""
    return next((layer.key for layer in LAYERS if org_type in layer.types), org_type)
