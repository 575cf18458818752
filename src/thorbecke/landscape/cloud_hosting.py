"""Where the landscape runs in the cloud: the critical services on a public cloud outside the EU (candidates to move
out of the public cloud), and which organisations use each hosting provider.

Third-country public cloud: hosting "cloud" and at least one of the supplier's country of establishment, the hosting
provider's jurisdiction or the data location outside the EU (``registry.countries.EU``). A field left empty shows
nothing either way and counts for neither. Critical: availability, integrity or confidentiality HIGH (the entity's
``criticality`` is 3). Both follow the landscape's visibility rule: a reader sees what its Scope sees."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from thorbecke.landscape.models import Entity, Hosting, Level
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.countries import EU
from thorbecke.registry.models import Organisation


@dataclass(frozen=True)
class Outside:
    """One reason an entity counts as third-country: which field, and the country outside the EU."""

    field: str  # supplier, jurisdiction or data_location
    country: str

    @property
    def text(self) -> str:
        texts = {
            "supplier": _("supplier established in %(country)s"),
            "jurisdiction": _("hosting provider under the law of %(country)s"),
            "data_location": _("data stored in %(country)s"),
        }
        return texts[self.field] % {"country": self.country}


@dataclass(frozen=True)
class ThirdCountryService:
    entity: Entity
    outside: tuple[Outside, ...]


def _outside(entity: Entity) -> tuple[Outside, ...]:
    found = [
        ("supplier", entity.supplier.country if entity.supplier else ""),
        ("jurisdiction", entity.jurisdiction),
        ("data_location", entity.data_location),
    ]
    return tuple(Outside(field, country) for field, country in found if country and country not in EU)


def critical_on_third_country_cloud(scope: Scope) -> list[ThirdCountryService]:
    """The critical entities the scope sees that run on a public cloud outside the EU, with why, by owner and name."""
    high = Q(availability=Level.HIGH) | Q(integrity=Level.HIGH) | Q(confidentiality=Level.HIGH)
    outside = (
        Q(supplier__country__gt="") & ~Q(supplier__country__in=sorted(EU))
        | Q(jurisdiction__gt="") & ~Q(jurisdiction__in=sorted(EU))
        | Q(data_location__gt="") & ~Q(data_location__in=sorted(EU))
    )
    entities = (
        scope.entities()
        .filter(high, outside, hosting=Hosting.CLOUD)
        .select_related("owner", "supplier")
        .order_by("owner__sort_name", "title", "name")
    )
    return [ThirdCountryService(entity, _outside(entity)) for entity in entities]


def organisations_by_hosting_provider(scope: Scope) -> dict[str, list[Organisation]]:
    """Per hosting provider's name (as the landscape spells it), the organisations whose entities the scope sees are
    hosted there, by name."""
    by_provider: dict[str, dict[int, Organisation]] = defaultdict(dict)
    entities = scope.entities().exclude(hosting_provider="").select_related("owner")
    for entity in entities.only("hosting_provider", "owner"):
        by_provider[entity.hosting_provider][entity.owner_id] = entity.owner
    return {name: sorted(owners.values(), key=lambda o: o.sort_name) for name, owners in sorted(by_provider.items())}
