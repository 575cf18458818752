"""What the national graph says: what fails with a node, single points of failure, supplier
concentration per function, dependence outside the EU, and legacy. Results that read the whole
landscape are kept per process (and per reader's view) until the landscape changes.

Every answer is for one reader (a ``Scope``, visibility.py): what fails is what the reader may see; what goes
down with it is counted nationally but named only where the reader may see it."""

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db import connection

from thorbecke.landscape.graph import Graph, current
from thorbecke.landscape.models import SHARED, Supplier
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.countries import EU
from thorbecke.registry.geo import get_locator
from thorbecke.registry.models import Organisation, OrganisationType

LEGACY_HORIZON_DAYS = 365  # "near end of support": within a year
SPOF_CANDIDATES = 25
LIST_LIMIT = 200  # longest list an answer carries in full; counts are always complete
WAVE_LIMIT = 50


@dataclass
class Impact:
    failed: int
    affected: int
    organisations: dict[int, int]  # organisation id -> entities of it that go down
    services: list[int]  # node indices of citizen services that go down
    addresses: int
    waves: list[list[int]] = field(default_factory=list)
    cycles: list[list[int]] = field(default_factory=list)
    mask: np.ndarray | None = None  # every node that goes down


def failing(graph: Graph, scope: Scope, scenario: dict[str, Any]) -> np.ndarray:
    """The nodes that fail first in a scenario, of those the reader may see: a failure of something the reader
    may not see is as empty as one of something that does not exist."""
    failed = graph.failing(
        entity=scenario.get("entity", ""),
        supplier=scenario.get("supplier"),
        provider=scenario.get("provider", ""),
        region=scenario.get("region", ""),
    )
    return failed if scope.all else failed[scope.mask(graph)[failed]]


def impact(graph: Graph, failed: np.ndarray, recovery: bool = True) -> Impact:
    mask = graph.dependents(failed)
    organisations = dict(graph.owners(mask))
    codes = set(Organisation.objects.filter(pk__in=list(organisations)).values_list("code", flat=True))
    waves, cycles = graph.recovery_waves(mask) if recovery and mask.any() else ([], [])
    return Impact(
        failed=int(np.unique(failed).size),
        affected=int(mask.sum()),
        organisations=organisations,
        services=np.flatnonzero(mask & graph.service).tolist(),
        addresses=get_locator().addresses_affected(codes) if codes else 0,
        waves=waves,
        cycles=cycles,
        mask=mask,
    )


def describe(graph: Graph, result: Impact, scope: Scope, limit: int = LIST_LIMIT) -> dict[str, Any]:
    """An impact as plain data (for the API, and for saving an exercise's findings), for one reader: the counts
    are national, the names (organisations, entities) only of what the reader may see."""
    visible = scope.mask(graph)
    named = dict(graph.owners(result.mask & visible)) if result.mask is not None else result.organisations
    names = dict(Organisation.objects.filter(pk__in=list(named)).values_list("pk", "code"))
    worst = sorted(named.items(), key=lambda item: (-item[1], names.get(item[0], "")))

    def refs(nodes: list[int], most: int) -> list[str]:
        return [graph.nodes[i].ref for i in nodes if visible[i]][:most]

    return {
        "failed": result.failed,
        "affected": result.affected,
        "organisations_affected": len(result.organisations),
        "organisations": [{"organisation": names.get(pk, str(pk)), "entities": n} for pk, n in worst[:limit]],
        "citizen_services_affected": len(result.services),
        "citizen_services": refs(result.services, limit),
        "addresses_affected": result.addresses,
        "recovery_waves": len(result.waves),
        "recovery_order": [{"entities": len(wave), "first": refs(wave, WAVE_LIMIT)} for wave in result.waves],
        "cycles": [[graph.nodes[i].ref for i in cycle] for cycle in result.cycles if visible[cycle].all()][:limit],
    }


_cache: dict[tuple[str, int], Any] = {}
_cache_lock = threading.Lock()


def _cached(name: str, compute: Any) -> Any:
    graph = current()
    key = (name, graph.revision)
    with _cache_lock:
        if key not in _cache:
            for old in [k for k in _cache if k[0] == name]:
                del _cache[old]
            _cache[key] = compute(graph)
        return _cache[key]


def single_points_of_failure() -> list[dict[str, Any]]:
    """Shared entities whose failure alone takes down citizen services of more than one organisation,
    worst first. Candidates are the shared entities with the most organisations depending on them
    directly; each is then followed through the whole graph."""
    return _cached("spof", _single_points_of_failure)


def _single_points_of_failure(graph: Graph) -> list[dict[str, Any]]:
    shared = [i for i, node in enumerate(graph.nodes) if node.namespace == SHARED]
    users = {i: len({int(graph.owner[j]) for j in graph.needed_by(i)}) for i in shared}
    candidates = sorted(shared, key=lambda i: -users[i])[:SPOF_CANDIDATES]
    found = []
    for node in candidates:
        result = impact(graph, np.array([node]), recovery=False)
        owners_with_services = {int(graph.owner[i]) for i in result.services}
        if len(owners_with_services) > 1:
            found.append(
                {
                    "ref": graph.nodes[node].ref,
                    "id": graph.nodes[node].id,
                    "organisations": len(result.organisations),
                    "citizen_services": len(result.services),
                    "addresses": result.addresses,
                }
            )
    return sorted(found, key=lambda row: (-row["addresses"], -row["organisations"], row["ref"]))


def concentration(scope: Scope, org_type: str = OrganisationType.GEMEENTE) -> list[dict[str, Any]]:
    """Per function: which suppliers the organisations of one type use, their shares, and the
    Herfindahl-Hirschman index (0-10,000; above 2,500 is highly concentrated)."""
    return _cached(f"concentration-{org_type}-{scope.key}", lambda graph: _concentration(org_type, scope))


def _concentration(org_type: str, scope: Scope) -> list[dict[str, Any]]:
    # An organisation uses a supplier for a function when it owns such an entity, or when one of its
    # entities directly needs a shared one. Another organisation's own entities are not the reader's to see;
    # its use of a shared one counts (without its name).
    own = "" if scope.all else f" AND e.namespace IN ({','.join(['%s'] * len(scope.namespaces or ()))})"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT e.function, e.supplier_id, e.owner_id FROM landscape_entity e "
            "JOIN registry_organisation o ON o.id = e.owner_id "
            "WHERE e.function <> '' AND e.supplier_id IS NOT NULL AND e.namespace <> %s AND o.org_type = %s"
            + own
            + " UNION "
            "SELECT DISTINCT t.function, t.supplier_id, s.owner_id FROM landscape_relation r "
            "JOIN landscape_entity t ON t.id = r.target_id JOIN landscape_entity s ON s.id = r.source_id "
            "JOIN registry_organisation o ON o.id = s.owner_id "
            "WHERE t.function <> '' AND t.supplier_id IS NOT NULL AND t.namespace = %s AND o.org_type = %s",
            [SHARED, org_type, *sorted(scope.namespaces or ()), SHARED, org_type],
        )
        rows = cursor.fetchall()
    users: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for function, supplier, owner in rows:
        users[function][supplier].add(owner)
    names = dict(Supplier.objects.values_list("pk", "name"))
    countries = dict(Supplier.objects.values_list("pk", "country"))
    result = []
    for function, by_supplier in users.items():
        organisations = set().union(*by_supplier.values())
        total = sum(len(owners) for owners in by_supplier.values())  # an organisation with two suppliers counts twice
        shares = sorted(
            (
                {
                    "supplier": names[pk],
                    "country": countries[pk],
                    "organisations": len(owners),
                    "share": len(owners) / total,
                }
                for pk, owners in by_supplier.items()
            ),
            key=lambda row: (-row["share"], row["supplier"]),
        )
        hhi = round(sum((row["share"] * 100) ** 2 for row in shares))
        result.append({"function": function, "organisations": len(organisations), "hhi": hhi, "suppliers": shares})
    return sorted(result, key=lambda row: (-row["hhi"], row["function"]))


def outside_eu(scope: Scope) -> list[dict[str, Any]]:
    """Suppliers established outside the EU, and entities hosted under a jurisdiction outside it, of the entities
    the reader may see, with how many organisations use them (directly, or through a shared entity they need)."""
    return _cached(f"outside-eu-{scope.key}", lambda graph: _outside_eu(graph, scope))


def _outside_eu(graph: Graph, scope: Scope) -> list[dict[str, Any]]:
    visible = scope.mask(graph)
    eu = list(EU)
    placeholders = ",".join(["%s"] * len(eu))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, COALESCE(s.name, ''), COALESCE(s.country, ''), e.hosting_provider, e.jurisdiction "
            "FROM landscape_entity e LEFT JOIN landscape_supplier s ON s.id = e.supplier_id "
            f"WHERE (s.country <> '' AND s.country NOT IN ({placeholders})) "
            f"OR (e.jurisdiction <> '' AND e.jurisdiction NOT IN ({placeholders}))",
            [*eu, *eu],
        )
        rows = cursor.fetchall()
    by_party: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for entity_id, supplier, country, provider, jurisdiction in rows:
        node = graph.index.get(entity_id)
        if node is None or not visible[node]:
            continue
        users = {int(graph.owner[node])} | {int(graph.owner[i]) for i in graph.needed_by(node)}
        if country and country not in EU:
            by_party[("supplier", supplier, country)] |= users
        if jurisdiction and jurisdiction not in EU:
            by_party[("hosting", provider or "?", jurisdiction)] |= users
    return sorted(
        (
            {"kind": kind, "name": name, "country": country, "organisations": len(users)}
            for (kind, name, country), users in by_party.items()
        ),
        key=lambda row: (-row["organisations"], row["name"]),
    )


def legacy(scope: Scope, today: date | None = None, owner: Organisation | None = None) -> list[dict[str, Any]]:
    """Entities the reader may see past or within a year of their end of support, most critical and oldest first."""
    today = today or date.today()
    entities = scope.entities().filter(end_of_support__lte=today + timedelta(days=LEGACY_HORIZON_DAYS))
    if owner is not None:
        entities = entities.filter(owner=owner)
    rows = []
    for entity in entities.select_related("owner", "supplier")[:5000]:
        rows.append(
            {
                "entity": entity,
                "past": entity.end_of_support < today,
                "criticality": entity.criticality or 0,
            }
        )
    return sorted(rows, key=lambda row: (-row["criticality"], row["entity"].end_of_support, row["entity"].ref))
