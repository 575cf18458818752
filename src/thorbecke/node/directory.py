"""The node as an FSC directory: the services peers published in it, from its contract store.

FSC Core 1.0 has no separate registration: a peer publishes a service by a contract with a ServicePublicationGrant
(or a DelegatedServicePublicationGrant) that names the directory's peer, and the directory lists the service while
that contract is valid, that is, signed by every party and not rejected, revoked or expired. The listing is built
from the contracts each time, so a revocation takes the service out at once. Peers are not registered by contract
either: a manager knows a peer from its signed calls (the Fsc-Manager-Address header and its certificate) and from
the node's configuration (contract_store.py keeps them).
"""

from typing import Any

from thorbecke.node import contracts as fsc
from thorbecke.node.contract_store import ContractStore

SERVICE = "SERVICE_TYPE_SERVICE"
DELEGATED_SERVICE = "SERVICE_TYPE_DELEGATED_SERVICE"


def published_services(
    store: ContractStore, directory: str, peer_id: str = "", service_name: str = ""
) -> list[dict[str, Any]]:
    """The FSC service listings (``{"data": ...}``) of the valid publications in this directory, sorted by peer and
    name. The filters are FSC's: a service matches when its peer is ``peer_id`` or its name contains
    ``service_name`` (case-insensitive); with both, either suffices."""
    peers = {p["id"]: p for p in store.peers()}
    listed: dict[tuple[str, str, str], dict[str, Any]] = {}
    for contract in store.contracts():
        if contract.state() != "valid":
            continue
        for grant in contract.content["grants"]:
            data = grant["data"]
            if data["type"] not in (fsc.PUBLICATION, fsc.DELEGATED_PUBLICATION):
                continue
            if data["directory"]["peer_id"] != directory:
                continue
            service = data["service"]
            if not _matches(service, peer_id, service_name):
                continue
            entry: dict[str, Any] = {
                "type": SERVICE,
                "peer": _peer(peers, service["peer_id"]),
                "name": service["name"],
                "protocol": service["protocol"],
            }
            if data.get("properties"):
                entry["properties"] = data["properties"]
            delegator = data.get("delegator", {}).get("peer_id", "")
            if data["type"] == fsc.DELEGATED_PUBLICATION:
                entry["type"] = DELEGATED_SERVICE
                entry["delegator"] = {"peer_id": delegator, "peer_name": _peer(peers, delegator)["name"]}
            # Two valid contracts may publish the same service (a renewal overlapping the old one): list it once.
            listed[(service["peer_id"], service["name"], delegator)] = {"data": entry}
    return [listed[key] for key in sorted(listed)]


def _matches(service: dict[str, Any], peer_id: str, service_name: str) -> bool:
    if not peer_id and not service_name:
        return True
    return (bool(peer_id) and service["peer_id"] == peer_id) or (
        bool(service_name) and service_name.lower() in service["name"].lower()
    )


def _peer(peers: dict[str, dict[str, str]], peer_id: str) -> dict[str, str]:
    """The listing's peer: as the store knows it, else its id only (a peer whose address was never given)."""
    return peers.get(peer_id) or {"id": peer_id, "name": peer_id, "manager_address": ""}
