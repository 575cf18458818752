"""Who sees what of the landscape: the one rule every page, API, analysis and import of the landscape follows.

An organisation's own entities (namespace = its code) are seen by its own staff and the national programme;
shared entries (namespace ``shared``) by all staff. That something of another organisation depends on a shared
entry shows only as a count, never by name. What an organisation owns besides entities (its exercises, its
cryptographic inventory) is read by its own staff and the programme. Something a person may not see answers
exactly as something that does not exist, so that not even its existence shows. Shared entries are the
programme's: only the programme creates and changes them.
"""

from dataclasses import dataclass

import numpy as np
from django.db.models import Q, QuerySet

from thorbecke.landscape.graph import Graph
from thorbecke.landscape.models import SHARED, Entity
from thorbecke.registry.models import Organisation, Role
from thorbecke.registry.permissions import membership_of


@dataclass(frozen=True)
class Scope:
    """What one reader sees: everything (``namespaces`` None), or these namespaces and this organisation's own."""

    namespaces: frozenset[str] | None
    organisation_id: int | None = None
    writes_shared: bool = False

    @classmethod
    def everything(cls) -> "Scope":
        """The programme's, and the seeding commands' (which act for nobody in particular)."""
        return cls(None, writes_shared=True)

    @classmethod
    def nothing(cls) -> "Scope":
        return cls(frozenset())

    @classmethod
    def of_organisation(cls, organisation: Organisation) -> "Scope":
        return cls(frozenset({SHARED, organisation.code}), organisation.pk)

    @property
    def all(self) -> bool:
        return self.namespaces is None

    def sees(self, namespace: str) -> bool:
        return self.namespaces is None or namespace in self.namespaces

    def sees_ref(self, ref: str) -> bool:
        """An entity reference ``kind:namespace/name``, stored or not."""
        return self.sees(ref.partition(":")[2].partition("/")[0])

    def entities(self, queryset: QuerySet[Entity] | None = None) -> QuerySet[Entity]:
        queryset = Entity.objects.all() if queryset is None else queryset
        return queryset if self.namespaces is None else queryset.filter(namespace__in=sorted(self.namespaces))

    def entity_filter(self, prefix: str = "") -> Q:
        """The rule as a condition on a related entity (``prefix`` e.g. ``"entities__"``)."""
        return Q() if self.namespaces is None else Q(**{f"{prefix}namespace__in": sorted(self.namespaces)})

    def mask(self, graph: Graph) -> np.ndarray:
        """The graph's nodes this reader sees."""
        if self.namespaces is None:
            return np.ones(len(graph.nodes), dtype=bool)
        return np.fromiter((node.namespace in self.namespaces for node in graph.nodes), bool, len(graph.nodes))

    def owned(self, queryset: QuerySet) -> QuerySet:
        """The part of queryset of objects an organisation owns (``owner_path``) that this reader may read."""
        if self.namespaces is None:
            return queryset
        if self.organisation_id is None:
            return queryset.none()
        return queryset.filter(**{f"{queryset.model.owner_path}_id": self.organisation_id})

    @property
    def key(self) -> str:
        """For caches of results that differ per reader."""
        return "all" if self.namespaces is None else ",".join(sorted(self.namespaces))


def scope_of(user: object) -> Scope:
    """What a signed-in member of staff sees; nothing for anybody else."""
    membership = membership_of(user)
    if membership is None:
        return Scope.nothing()
    if membership.role == Role.PROGRAMME:
        return Scope.everything()
    return Scope.of_organisation(membership.organisation)


def entities_by_ref(scope: Scope, refs: list[str]) -> dict[str, Entity]:
    """The stored entities among these references that the scope sees (an exercise or an algorithm keeps references;
    the entities may since be gone)."""
    wanted: dict[tuple[str, str], str] = {}
    for ref in filter(scope.sees_ref, filter(None, refs)):
        kind, _sep, rest = ref.partition(":")
        namespace, _sep, name = rest.partition("/")
        wanted[(namespace, name)] = kind
    query = Q(pk__in=[])
    for namespace, name in wanted:
        query |= Q(namespace=namespace, name=name)
    found = Entity.objects.filter(query).select_related("owner") if wanted else []
    return {e.ref: e for e in found if wanted.get((e.namespace, e.name)) == e.kind.lower()}
