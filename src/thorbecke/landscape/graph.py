"""The national dependency graph, held in memory by each hub process and rebuilt when the landscape
changes (``Revision``).

An edge u -> v means "u needs v": u dependsOn or consumesApi v, an API needs the component that
provides it, and a system needs its parts. What depends on a node is what can reach it. Reachability
runs as a breadth-first search over numpy arrays (one vectorised step per level, from any number of
failed nodes at once); rustworkx finds the cycles and the order of recovery.
"""

import threading
from collections import Counter
from dataclasses import dataclass

import numpy as np
import rustworkx as rx
from django.db import connection

from thorbecke.landscape.models import Revision

# A relation stored as (source, target, type) becomes the edge "needer -> needed"; these two point back.
_REVERSED = {"providesApi", "partOf"}


@dataclass(frozen=True)
class Node:
    id: int
    kind: str
    namespace: str
    name: str
    owner: int
    supplier: int | None
    product_uri: str
    hosting_provider: str
    hosting_region: str

    @property
    def ref(self) -> str:
        return f"{self.kind.lower()}:{self.namespace}/{self.name}"


class Graph:
    def __init__(self, revision: int, nodes: list[Node], edges: np.ndarray) -> None:
        self.revision = revision
        self.nodes = nodes
        self.index = {node.id: i for i, node in enumerate(nodes)}
        self.by_ref = {node.ref: i for i, node in enumerate(nodes)}
        n = len(nodes)
        self.owner = np.fromiter((node.owner for node in nodes), dtype=np.int64, count=n)
        self.supplier = np.fromiter((node.supplier or 0 for node in nodes), dtype=np.int64, count=n)
        self.service = np.fromiter((bool(node.product_uri) for node in nodes), dtype=bool, count=n)
        needer, needed = edges[:, 0], edges[:, 1]
        # Reverse adjacency in CSR form: for each node, who needs it.
        order = np.argsort(needed, kind="stable")
        self._needers = needer[order]
        self._start = np.searchsorted(needed[order], np.arange(n + 1))
        self.edges = len(edges)
        self._needer, self._needed = needer, needed
        # The same graph in rustworkx, each node's weight its index here, for cycles and recovery order.
        self.rx = rx.PyDiGraph(multigraph=False, node_count_hint=n, edge_count_hint=len(edges))
        self.rx.add_nodes_from(range(n))
        self.rx.add_edges_from_no_data(list(map(tuple, edges.tolist())))

    def dependents(self, failed: np.ndarray) -> np.ndarray:
        """A mask of every node that needs any failed node, directly or through others (failed nodes included)."""
        reached = np.zeros(len(self.nodes), dtype=bool)
        frontier = np.unique(np.asarray(failed, dtype=np.int64))
        reached[frontier] = True
        while frontier.size:
            starts, ends = self._start[frontier], self._start[frontier + 1]
            counts = ends - starts
            total = int(counts.sum())
            if not total:
                break
            offsets = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total)
            found = self._needers[offsets]
            found = np.unique(found[~reached[found]])
            reached[found] = True
            frontier = found
        return reached

    def needs(self, node: int) -> list[int]:
        """Direct dependencies of one node."""
        return self._needed[self._needer == node].tolist()

    def needed_by(self, node: int) -> list[int]:
        return self._needers[self._start[node] : self._start[node + 1]].tolist()

    def recovery_waves(self, mask: np.ndarray) -> tuple[list[list[int]], list[list[int]]]:
        """Restore order for the nodes in mask, dependencies first: waves of nodes that can come back together.

        Nodes in a dependency cycle come back in the same wave; the cycles are returned too.
        """
        affected = self.rx.subgraph(np.flatnonzero(mask).tolist())
        cycles = [sorted(affected[i] for i in c) for c in rx.strongly_connected_components(affected) if len(c) > 1]
        condensed = rx.condensation(affected)  # each node's weight: the weights (our indices) it merged
        # In the condensed DAG an edge still points from needer to needed; restore the needed first.
        waves = [
            sorted(i for component in generation for i in condensed[component])
            for generation in reversed(rx.topological_generations(condensed))
        ]
        return waves, cycles

    def cycles(self, owner: int | None = None) -> list[list[str]]:
        """Dependency cycles in the landscape (those touching one organisation's entities, if given)."""
        found = []
        for component in rx.strongly_connected_components(self.rx):
            if len(component) > 1 and (owner is None or (self.owner[component] == owner).any()):
                found.append(sorted(self.nodes[i].ref for i in component))
        return found

    def failing(
        self, entity: str = "", supplier: int | None = None, provider: str = "", region: str = ""
    ) -> np.ndarray:
        """The nodes that fail first in a scenario: one entity, everything of a supplier, or a hosting provider
        (optionally one region of it)."""
        if entity:
            return np.array([self.by_ref[entity]]) if entity in self.by_ref else np.empty(0, np.int64)
        if supplier is not None:
            return np.flatnonzero(self.supplier == supplier)
        if provider:
            return np.array(
                [
                    i
                    for i, node in enumerate(self.nodes)
                    if node.hosting_provider.lower() == provider.lower()
                    and (not region or node.hosting_region.lower() == region.lower())
                ],
                dtype=np.int64,
            )
        return np.empty(0, np.int64)

    def owners(self, mask: np.ndarray) -> Counter:
        """Organisation id -> how many of its entities are in mask."""
        values, counts = np.unique(self.owner[mask], return_counts=True)
        return Counter(dict(zip(values.tolist(), counts.tolist(), strict=True)))


def load(revision: int) -> Graph:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, kind, namespace, name, owner_id, supplier_id, product_uri, hosting_provider, hosting_region "
            "FROM landscape_entity ORDER BY id"
        )
        nodes = [Node(*row) for row in cursor.fetchall()]
        reversed_types = ", ".join(f"'{kind}'" for kind in sorted(_REVERSED))
        cursor.execute(
            f"SELECT CASE WHEN type IN ({reversed_types}) THEN target_id ELSE source_id END, "
            f"CASE WHEN type IN ({reversed_types}) THEN source_id ELSE target_id END FROM landscape_relation"
        )
        pairs = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 2)
    ids = np.fromiter((node.id for node in nodes), dtype=np.int64, count=len(nodes))
    index = np.zeros(int(ids.max()) + 1 if len(ids) else 1, dtype=np.int64)
    index[ids] = np.arange(len(ids))
    return Graph(revision, nodes, index[pairs])


_lock = threading.Lock()
_current: Graph | None = None


def current() -> Graph:
    """This process's graph, rebuilt first when the landscape has changed since it was built."""
    global _current
    revision = Revision.current()
    graph = _current
    if graph is not None and graph.revision == revision:
        return graph
    with _lock:
        if _current is None or _current.revision != revision:
            _current = load(revision)
        return _current
