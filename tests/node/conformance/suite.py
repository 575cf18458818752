"""The FSC test suite (Logius-standaarden/fsc-test-suite) as we read it: every case id per component, the commit of
each file read, the cases judged not applicable and why, and what the cases share: a third peer, grants of the
delegation types, a processing log that is held locked.

The suite's files are tables of TestIDs with Given/When/Then scenarios; each case is one test function named from
its id (``Outway-IncomingRequest-1`` -> ``test_outway_incomingrequest_1``) in this package's modules. A case our node
does not satisfy yet, because of work still open in issue 20, is an ``xfail(strict=True)`` test written as the case
demands, so the suite fails the day it starts passing unnoticed.
"""

import contextlib
import json
import socket
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from tests.node.conftest import OIN_DIRECTORY, OIN_TAX_OFFICE, OIN_UTRECHT
from tests.node.federation import Federation, _node_folder
from thorbecke.node import contracts as fsc
from thorbecke.node.config import NodeConfig
from thorbecke.node.runner import Node
from thorbecke.node.server import client_context
from thorbecke.node.upstream import Pool, Response

SUITE = "Logius-standaarden/fsc-test-suite"
# The commit of each file as read (the stored versions are of different commits).
SUITE_COMMITS = {
    "outway.md": "835fa49c4ce579594c4864d95d0873e43ec600a1",
    "inway.md": "45ebf365401929be962f372f741b836db9e20e46",
    "integration.md": "14ea35d2d3bb4c018480da436ee93c72da091125",
    "manager.md": "02dce14b3a459fd9bfb79e6c46acd1d870c1c581",
}

# The ids as each file's overview table gives them. Two section headings differ from their table row
# (Integration-Transaction-1, Manager-TransactionLogRecords-1); the table's id is used.
CASES = {
    "outway": [
        *(f"Outway-IncomingRequest-{n}" for n in range(1, 4)),
        *(f"Outway-TransactionLog-{n}" for n in range(1, 6)),
    ],
    "inway": [
        *(f"Inway-Incoming-Request-{n}" for n in range(1, 7)),
        *(f"Inway-TransactionLog-{n}" for n in range(1, 7)),
        "Inway-Port-1",
    ],
    "integration": [
        "Integration-ConsumeService-1",
        "Integration-ConsumeService-2",
        "Integration-ConsumeServiceAsDelegatee-1",
        "Integration-ConsumeDelegatedService-1",
        "Integration-ConsumeDelegatedService-2",
        "Integration-TransactionLog-1",
    ],
    "manager": [
        *(f"Manager-SubmitContract-{n}" for n in range(1, 11)),
        *(f"Manager-{action}Contract-{n}" for action in ("Accept", "Reject", "Revoke") for n in range(1, 6)),
        "Manager-Contracts-1",
        "Manager-Contracts-2",
        *(f"Manager-GetToken-{n}" for n in range(1, 6)),
        "Manager-PeerInfo-1",
        "Manager-Peers-1",
        "Manager-Peers-2",
        "Manager-Services-1",
        "Manager-TransactionLogRecord-1",
        "Manager-Port-1",
        "Manager-JSONWebKeySet-1",
    ],
}

# Cases left out, and why. FSC Core 1.0 (fsc-core, media/specs/manager.yaml) has four grant types: service
# publication, service connection and their delegated forms; the PeerRegistrationGrant (and the "PeerPublicationGrant"
# of SubmitContract-3) belonged to an earlier draft, where a directory registered peers by contract. Our node, like
# FSC Core 1.0, learns peers from their announcements (a node announces itself to the group's directory), their
# signed calls and the group's configuration.
_NO_PEER_REGISTRATION = (
    "PeerRegistrationGrant is not a grant type of FSC Core 1.0, which our node implements; "
    "peers are learnt from announcements, signed calls and configuration"
)
NOT_APPLICABLE = {
    "Manager-SubmitContract-3": "PeerPublicationGrant: " + _NO_PEER_REGISTRATION,
    "Manager-SubmitContract-7": _NO_PEER_REGISTRATION,
    "Manager-SubmitContract-8": _NO_PEER_REGISTRATION,
    "Manager-Peers-1": _NO_PEER_REGISTRATION,
}


def case_test_name(case_id: str) -> str:
    """The name of a case's test function: Outway-IncomingRequest-1 -> test_outway_incomingrequest_1."""
    return "test_" + case_id.lower().replace("-", "_")


# -- grants of the delegation types, as FSC Core's manager.yaml gives their data -----------------------------------


def delegated_service(provider: str, name: str, delegator: str) -> dict[str, Any]:
    """A service the provider offers on behalf of the delegator (a DelegatedServicePublicationGrant's service)."""
    return {
        "type": "SERVICE_TYPE_DELEGATED_SERVICE",
        "peer_id": provider,
        "name": name,
        "delegator": {"peer_id": delegator},
    }


def connection(outway: str, thumbprint: str, service: dict[str, Any], delegator: str | None = None) -> dict[str, Any]:
    """A ServiceConnectionGrant, or with a delegator a DelegatedServiceConnectionGrant (the outway's peer connects on
    the delegator's behalf)."""
    data: dict[str, Any] = {
        "type": fsc.DELEGATED_CONNECTION if delegator else fsc.CONNECTION,
        "outway": {"peer_id": outway, "public_key_thumbprint": thumbprint},
        "service": service,
    }
    if delegator:
        data["delegator"] = {"peer_id": delegator}
    return {"data": data}


def plain_service(provider: str, name: str) -> dict[str, Any]:
    return {"type": "SERVICE_TYPE_SERVICE", "peer_id": provider, "name": name}


def delegated_publication(directory: str, provider: str, name: str, delegator: str) -> dict[str, Any]:
    grant = fsc.publication_grant(directory, provider, name)
    grant["data"]["type"] = fsc.DELEGATED_PUBLICATION
    grant["data"]["delegator"] = {"peer_id": delegator}
    return grant


# -- peers and calls ------------------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def third_peer(f: Federation):
    """A third real node (RvIG) that knows the other two managers; they learn it from its signed calls."""
    config = _node_folder(f.anchor, f.tmp / "rvig", "Rijksdienst voor Identiteitsgegevens", OIN_DIRECTORY, {})
    node = Node(config)
    await node.start()
    node.manager.store.remember_peer(OIN_TAX_OFFICE, "Belastingdienst", f.tax.manager_address)
    node.manager.store.remember_peer(OIN_UTRECHT, "Gemeente Utrecht", f.utrecht.manager_address)
    try:
        yield node
    finally:
        await node.stop()


async def agreed(proposer: Node, grant: dict[str, Any], *others: Node) -> str:
    """A contract with one grant, proposed by one node and accepted by the others; the grant's hash."""
    contract = await proposer.manager.propose([grant])
    for other in others:
        await other.manager.sign(contract.hash, "accept")
    return fsc.grant_hash(contract.content, contract.content["grants"][0])


def utrecht_thumbprint(f: Federation) -> str:
    return fsc.public_key_thumbprint(f.utrecht.manager.signer.certificate)


def stranger(f: Federation) -> tuple[fsc.Signer, Any]:
    """A peer of the group (a certificate of the group's anchor) that runs no node: its signer and TLS context."""
    folder = f.tmp / "stranger"
    signer = fsc.Signer.from_files(folder / "node.pem", folder / "node.key")
    return signer, client_context(str(folder / "node.pem"), str(folder / "node.key"), str(f.anchor.certificate_path))


def manager_of(f: Federation, node: Node, context: Any = None) -> Pool:
    """A connection to a node's manager: from the stranger (context given) or from the other node."""
    if context is not None:
        return Pool("127.0.0.1", node.config.manager_port, context, timeout=15)
    caller = f.utrecht if node is f.tax else f.tax
    return caller.manager.pool(node.manager_address)


async def submit(pool: Pool, content: dict[str, Any], jws: str, path: str = "/v1/contracts") -> Response:
    body = json.dumps({"contract_content": content, "signature": jws}).encode()
    method = "POST" if path == "/v1/contracts" else "PUT"
    return await pool.request(method, path.encode(), [(b"content-type", b"application/json")], body)


def records_of(node: Node, transaction: str) -> list[dict[str, Any]]:
    return [r for r in node.log.records() if r["attributes"].get("fsc.transaction_id") == transaction]


@contextlib.contextmanager
def log_held(node: Node) -> Iterator[None]:
    """The node's transaction log out of order: another process holds its database's write lock, so a write waits
    for SQLite's busy timeout and then fails; leaving the block releases it."""
    db = sqlite3.connect(node.config.directory / "log.sqlite", isolation_level=None, timeout=10)
    db.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        db.execute("ROLLBACK")
        db.close()


@contextlib.asynccontextmanager
async def on_default_port(f: Federation, role: str):
    """Another tax office node whose node.json leaves `role`'s port (manager or inway) to the default; the port."""
    folder = f.tmp / f"default-{role}"
    _node_folder(f.anchor, folder, "Belastingdienst", OIN_TAX_OFFICE, {})
    raw = json.loads((folder / "node.json").read_text())
    del raw[f"{role}_port"]
    (folder / "node.json").write_text(json.dumps(raw))
    node = Node(NodeConfig.load(folder / "node.json"))
    port = getattr(node.config, f"{role}_port")
    try:  # a privileged port, and one another program on the machine may hold
        with socket.create_server(("127.0.0.1", port)):
            pass
    except OSError as exc:
        pytest.skip(f"the default port {port} cannot be bound on this machine: {exc}")
    await node.start()
    try:
        yield port
    finally:
        await node.stop()


def as_utrecht(f: Federation, port: int) -> Pool:
    """A connection to a loopback port with Utrecht's certificate."""
    folder = f.tmp / "utrecht"
    context = client_context(str(folder / "node.pem"), str(folder / "node.key"), str(f.anchor.certificate_path))
    return Pool("127.0.0.1", port, context, timeout=10)


async def connected_for_rvig(f: Federation, rvig: Node, service: dict[str, Any] | None = None) -> str:
    """Utrecht may connect to the tax office's service on RvIG's behalf: a DelegatedServiceConnectionGrant that RvIG,
    the delegator, proposes and the other two accept; its grant hash."""
    service = service or plain_service(OIN_TAX_OFFICE, "inkomen")
    grant = connection(OIN_UTRECHT, utrecht_thumbprint(f), service, OIN_DIRECTORY)
    return await agreed(rvig, grant, f.utrecht, f.tax)


async def published_on_behalf(f: Federation, rvig: Node) -> dict[str, Any]:
    """The tax office publishes 'inkomen' on behalf of RvIG (a DelegatedServicePublicationGrant; Utrecht's manager
    serves as the directory); the service, as a connection grant names it."""
    await agreed(rvig, delegated_publication(OIN_UTRECHT, OIN_TAX_OFFICE, "inkomen", OIN_DIRECTORY), f.utrecht, f.tax)
    return delegated_service(OIN_TAX_OFFICE, "inkomen", OIN_DIRECTORY)


async def connected_to_delegated_service(f: Federation, rvig: Node) -> str:
    """Utrecht's ServiceConnectionGrant to the service the tax office offers on RvIG's behalf; its grant hash."""
    service = await published_on_behalf(f, rvig)
    return await agreed(f.utrecht, connection(OIN_UTRECHT, utrecht_thumbprint(f), service), f.tax, rvig)
