"""The landscape's side of the algorithm register's links (decision 0041), under the landscape's one visibility rule
(decision 0030): which references an organisation may point an algorithm at, which of them a reader sees, which
landscape supplier a description's supplier is, and which algorithms run on an entity.

The register sits below the landscape and cannot ask it (decision 0034): ``LandscapeForRegister`` is provided to it
when the landscape starts (``landscape.apps``).
"""

import re

from django.db.models import QuerySet
from django.urls import reverse

from thorbecke.ai.links import EntityShown, SupplierShown, readable_by
from thorbecke.ai.models import Algorithm
from thorbecke.ai.register import fold
from thorbecke.landscape.models import Entity, Supplier
from thorbecke.landscape.visibility import Scope, entities_by_ref, scope_of
from thorbecke.registry.models import Organisation

# Legal forms a supplier's name may or may not carry ("Centric Netherlands BV", "Octobox Nederland B.V.").
LEGAL_FORMS = frozenset({"bv", "nv", "vof", "cv", "gmbh", "ltd", "inc", "sa", "ag", "bvba"})
# What some descriptions add after the name ("Oribi B.V., dash, https://www.oribi.nl"): a dash of any width, a link.
TRAILER = re.compile(r"\s+[\u2013\u2014-]\s+.*$|\s+https?://.*$")


def supplier_key(name: str) -> str:
    """A supplier's name without case, accents, punctuation or a trailing legal form: how two spellings meet."""
    words = re.findall(r"[a-z0-9]+", fold(TRAILER.sub("", name)).replace(".", ""))
    while words and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


class LandscapeForRegister:
    """What the algorithm register asks of the landscape (ai.links.Landscape)."""

    def unknown(self, organisation: Organisation, refs: list[str]) -> list[str]:
        found = entities_by_ref(Scope.of_organisation(organisation), refs)
        return [ref for ref in refs if ref not in found]

    def shown(self, user: object, refs: list[str]) -> list[EntityShown]:
        found = entities_by_ref(scope_of(user), refs)
        return [
            EntityShown(ref, found[ref].title or found[ref].name, reverse("landscape:entity", args=[found[ref].pk]))
            for ref in refs
            if ref in found
        ]

    def supplier(self, user: object, name: str) -> SupplierShown | None:
        key = supplier_key(name)
        if not key:
            return None
        # A supplier of nothing the reader may see is as unknown as one that does not exist (decision 0030).
        suppliers = Supplier.objects.filter(scope_of(user).entity_filter("entities__")).distinct()
        for supplier in suppliers.only("name", "country"):
            if supplier_key(supplier.name) == key:
                return SupplierShown(supplier.name, supplier.country, supplier.in_eu)
        return None


def algorithms_on(entity: Entity, user: object) -> QuerySet[Algorithm]:
    """The algorithms that run on this entity, as far as this reader may read them (published, or its own)."""
    return readable_by(user).filter(runs_on__ref=entity.ref).select_related("organisation").order_by("name", "pk")
