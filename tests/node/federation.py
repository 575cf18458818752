"""Two real nodes on loopback (the tax office offers 'inkomen', Utrecht consumes it) and a source system."""

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import mldsa

from tests.node.conftest import GROUP, OIN_DIRECTORY, OIN_TAX_OFFICE, OIN_UTRECHT
from tests.populations import small_population
from thorbecke.node import contracts as fsc
from thorbecke.node.config import NodeConfig
from thorbecke.node.manager import Contract
from thorbecke.node.pki import TrustAnchor, pkioverheid_chain
from thorbecke.node.runner import Node
from thorbecke.node.server import Server, client_context
from thorbecke.node.upstream import Pool

PURPOSE = "https://thorbecke.example/verwerkingsactiviteiten/kwijtschelding"
INSIGHT = "https://thorbecke.example/verwerkingsactiviteiten/inzage-verwerkingen"
# A second purpose the personal records serve, so a test can ask for a purpose the service allows but the contract
# does not grant.
ASSISTANCE = "https://thorbecke.example/verwerkingsactiviteiten/bijzondere-bijstand"


class Source:
    """The tax office's income system: answers with the headers it saw, so tests can check them."""

    def __init__(self) -> None:
        self.requests: list[dict] = []

    async def __call__(self, scope, receive, send):
        message = await receive()
        seen = {k.decode(): v.decode() for k, v in scope["headers"]}
        self.requests.append({"path": scope["path"], "headers": seen, "body": message.get("body", b"")})
        payload = json.dumps({"inkomen": 23456, "path": scope["path"]}).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": payload})


@dataclass
class Federation:
    anchor: TrustAnchor
    tax: Node
    utrecht: Node
    source: Source
    contract: Contract
    grant_hash: str
    tmp: Path
    pkioverheid: tuple[TrustAnchor, TrustAnchor] | None = None  # root and issuing CA of Utrecht's certificate

    async def connect(self, service: str, purpose: str | None = None) -> str:
        """Another contract, Utrecht to the tax office's service, accepted by both; its grant hash. With a purpose,
        the grant carries it (FSC grant properties)."""
        thumbprint = fsc.public_key_thumbprint(self.utrecht.manager.signer.certificate)
        grant = fsc.connection_grant(OIN_UTRECHT, thumbprint, OIN_TAX_OFFICE, service, purpose)
        contract = await self.utrecht.manager.propose([grant])
        await self.tax.manager.sign(contract.hash, "accept")
        return fsc.grant_hash(contract.content, contract.content["grants"][0])

    def outway_pool(self) -> Pool:
        """The tax office's own outway, for sending to Utrecht."""
        return Pool("127.0.0.1", self.tax.config.outway_port)

    def outway(self) -> Pool:
        return Pool("127.0.0.1", self.utrecht.config.outway_port)

    def direct_to_inway(self, who: str = "utrecht") -> Pool:
        """A connection straight to the tax office's inway with another node's certificate."""
        folder = self.tmp / who
        context = client_context(str(folder / "node.pem"), str(folder / "node.key"), str(self.anchor.certificate_path))
        return Pool("127.0.0.1", self.tax.config.inway_port, context)


def _node_folder(
    anchor: TrustAnchor,
    folder: Path,
    organisation: str,
    oin: str,
    services: dict,
    population: Path | None = None,
    trust: tuple[list[TrustAnchor], list[TrustAnchor]] | None = None,
    require_pq: bool = False,
) -> NodeConfig:
    """A node's folder: its certificate issued by ``anchor`` (a root or an intermediate), trusting the roots and
    reading the CRLs of the CAs in ``trust`` (by default the one anchor, written the old way: "ca" and "crl")."""
    anchor.issue(folder, organisation, oin)
    key = mldsa.MLDSA65PrivateKey.generate()
    (folder / "mldsa.key").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    config = {
        "group_id": GROUP,
        "name": organisation,
        "certificate": "node.pem",
        "key": "node.key",
        "pq_key": "mldsa.key",
        **(
            {
                "trust_anchors": [str(root.certificate_path) for root in trust[0]],
                "crls": [str(ca.crl_path) for ca in trust[1]],
            }
            if trust
            else {"ca": str(anchor.certificate_path), "crl": str(anchor.crl_path)}
        ),
        "manager_port": 0,
        "inway_port": 0,
        "outway_port": 0,
        "admin_port": 0,
        "event_retry_base": 0.05,
        "event_max_attempts": 3,
        "crl_refresh_seconds": 0.2,
        "services": services,
        "require_pq": require_pq,
        **({"population": str(population)} if population else {}),
    }
    (folder / "node.json").write_text(json.dumps(config))
    return NodeConfig.load(folder / "node.json")


@contextlib.asynccontextmanager
async def federation(tmp: Path, accept: bool = True, pkioverheid: bool = False, require_pq: bool = False):
    """With pkioverheid, Utrecht's certificate comes through an intermediate under a second root, which both nodes
    trust beside the group's own anchor (that still issues the tax office's)."""
    anchor = TrustAnchor.create(tmp / "anchor", GROUP)
    chain = pkioverheid_chain(tmp / "pkioverheid") if pkioverheid else None
    trust = ([anchor, chain[0]], [anchor, *chain]) if chain else None
    source = Source()
    source_server = Server(source, "127.0.0.1", 0)
    await source_server.start()
    services = {
        "inkomen": {"url": f"http://127.0.0.1:{source_server.port}", "purpose": PURPOSE},
        "brp-personen": {"builtin": "brp-personen", "purpose": PURPOSE, "allowed_purposes": [PURPOSE, ASSISTANCE]},
        "logboek": {"builtin": "logboek", "purpose": INSIGHT},
    }
    tax_folder = _node_folder(
        anchor, tmp / "tax", "Belastingdienst", OIN_TAX_OFFICE, services, small_population(), trust, require_pq
    )
    tax = Node(tax_folder)
    inbox = {"meldingen": {"builtin": "cloudevents", "purpose": PURPOSE}}
    issuer = chain[1] if chain else anchor
    utrecht = Node(
        _node_folder(
            issuer, tmp / "utrecht", "Gemeente Utrecht", OIN_UTRECHT, inbox, trust=trust, require_pq=require_pq
        )
    )
    anchor.issue(tmp / "stranger", "Rijksdienst voor Identiteitsgegevens", OIN_DIRECTORY)
    await tax.start()
    await utrecht.start()
    try:
        tax.manager.store.remember_peer(OIN_UTRECHT, "Gemeente Utrecht", utrecht.manager_address)
        utrecht.manager.store.remember_peer(OIN_TAX_OFFICE, "Belastingdienst", tax.manager_address)
        thumbprint = fsc.public_key_thumbprint(utrecht.manager.signer.certificate)
        grant = fsc.connection_grant(OIN_UTRECHT, thumbprint, OIN_TAX_OFFICE, "inkomen")
        contract = await utrecht.manager.propose([grant])
        if accept:
            await tax.manager.sign(contract.hash, "accept")
        grant_hash = fsc.grant_hash(contract.content, contract.content["grants"][0])
        federation = Federation(anchor, tax, utrecht, source, contract, grant_hash, tmp, chain)
        yield federation
    finally:
        await utrecht.stop()
        await tax.stop()
        await source_server.stop()
