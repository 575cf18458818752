"""A demo group of nodes on this machine, each in its own process: enrol, start, connect by contract.

Used by ``thorbecke demo``, the benchmark and the crash tests, so all three run the nodes the way
an organisation runs them (``thorbecke node --config``), and make contracts through each node's
own admin API.
"""

import threading
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import mldsa

from thorbecke.node import contracts as fsc
from thorbecke.node.config import FILE_NAME, ROLES, rewrite, write_new
from thorbecke.node.launcher import NodeProcess, free_port
from thorbecke.node.pki import TrustAnchor, keep_crl_current


class Group:
    def __init__(self, directory: Path, group_id: str = "thorbecke-demo") -> None:
        self.directory, self.group_id = directory, group_id
        anchor_dir = directory / "trust-anchor"
        exists = (anchor_dir / "ca.pem").exists()
        self.anchor = TrustAnchor.opened(anchor_dir) if exists else TrustAnchor.create(anchor_dir, group_id)
        self.nodes: dict[str, NodeProcess] = {}
        # The roots every node trusts and a CRL of each CA under them; a node added later gets them all.
        self.anchors, self.crls = [self.anchor.certificate_path], [self.anchor.crl_path]
        self._directory: dict[str, str] | None = None
        self._changed: set[str] = set()  # nodes whose node.json changed while they ran: restart_changed
        self._stopped = threading.Event()
        keep_crl_current(anchor_dir, self._stopped)

    def add(
        self,
        key: str,
        organisation: str,
        oin: str,
        services: dict[str, dict[str, str]] | None = None,
        population: Path | None = None,
        issuer: TrustAnchor | None = None,
    ) -> NodeProcess:
        """Enrol a node (its certificate from the group's own anchor, or from ``issuer``: an intermediate under a
        root the group trusts, as PKIoverheid issues them), or open the one enrolled in an earlier run."""
        folder = self.directory / "nodes" / key
        if (folder / FILE_NAME).exists():  # enrolled in an earlier run: same certificate, ports and logs
            # The services and their purposes are what this run asks for: a purpose names the hub's address,
            # which may differ from the earlier run's.
            saved = rewrite(
                folder / FILE_NAME,
                lambda raw: {
                    **raw,
                    "services": services or {},
                    **({"population": str(population)} if population else {}),
                },
            )
            ports = {role: saved[f"{role}_port"] for role in ROLES}
            self.nodes[key] = NodeProcess(organisation, folder, ports)
            return self.nodes[key]
        ports = {role: free_port() for role in ROLES}
        (issuer or self.anchor).issue(folder, organisation, oin)
        pq = mldsa.MLDSA65PrivateKey.generate()
        (folder / "mldsa.key").write_bytes(
            pq.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        trust = (self.anchors, self.crls)
        write_new(folder, self.group_id, organisation, trust, ports, pq_key="mldsa.key", services=services,
                  population=population)  # fmt: skip
        node = NodeProcess(organisation, folder, ports)
        if self._directory is not None:
            rewrite(node.config, lambda raw: {**raw, "directory": self._directory})
        for other in self.nodes.values():
            _add_peer(node.config, other)
            _add_peer(other.config, node)
        self.nodes[key] = node
        return node

    def connect(self, consumer: str, provider: str, service: str, purpose: str | None = None) -> str:
        """A connection contract, proposed by the consumer and accepted by the provider; returns the grant hash. With
        a purpose (the consumer's processing activity), the grant carries it and the provider serves that purpose."""
        outway, owner = self.nodes[consumer], self.nodes[provider]
        certificate = x509.load_pem_x509_certificate((outway.folder / "node.pem").read_bytes())
        thumbprint = fsc.public_key_thumbprint(certificate)
        return self._agree(
            consumer, provider, fsc.connection_grant(outway.peer_id, thumbprint, owner.peer_id, service, purpose)
        )

    def use_directory(self, key: str) -> None:
        """Make one node the group's FSC directory: every other node announces itself to it when it starts (node.json
        ``directory``). Before the nodes start."""
        directory = self.nodes[key]
        entry = {"peer_id": directory.peer_id, "manager_address": directory.manager_address}
        self._directory = entry  # and nodes added later
        for other, node in self.nodes.items():
            if other != key:
                rewrite(node.config, lambda raw: {**raw, "directory": entry})

    def trust(self, anchor: Path, crls: list[Path]) -> None:
        """Every node trusts one more root (say PKIoverheid's), reading ``crls``: one of the root and of each CA
        under it. Written in each node.json; a node reads it when it starts, so the running ones wait for
        ``restart_changed``. Nodes added later trust it too."""
        self.anchors = [*self.anchors, *([anchor] if anchor not in self.anchors else [])]
        self.crls = [*self.crls, *(crl for crl in crls if crl not in self.crls)]

        def add(raw: dict) -> dict:
            old = {key: raw.pop(key) for key in ("ca", "crl") if key in raw}  # a node.json from before lists
            anchors = [*raw.get("trust_anchors", [old["ca"]] if "ca" in old else []), str(anchor)]
            known = raw.get("crls", [old["crl"]] if "crl" in old else [])
            return {
                **raw,
                "trust_anchors": list(dict.fromkeys(anchors)),
                "crls": list(dict.fromkeys([*known, *map(str, crls)])),
            }

        for key in self.nodes:
            self._rewrite(key, add)

    def allow(self, provider: str, service: str, purpose: str) -> None:
        """The provider's service serves one more consumer activity (``allowed_purposes``, decision 0019); read
        when the node starts, so a running one waits for ``restart_changed``."""

        def add(raw: dict) -> dict:
            settings = raw["services"][service]
            allowed = list(dict.fromkeys([*settings.get("allowed_purposes", []), purpose]))
            return {**raw, "services": {**raw["services"], service: {**settings, "allowed_purposes": allowed}}}

        self._rewrite(provider, add)

    def restart_changed(self) -> None:
        """Restart the running nodes whose node.json changed: same ports, certificate, contracts and logs."""
        for key in sorted(self._changed):
            node = self.nodes[key]
            if node.process is not None and node.process.poll() is None:
                node.stop()
                node.start()
        self._changed.clear()

    def _rewrite(self, key: str, change: Callable[[dict], dict]) -> None:
        config = self.nodes[key].config
        before = config.read_text()
        rewrite(config, change)
        if config.read_text() != before:
            self._changed.add(key)

    def publish(self, provider: str, service: str, directory: str) -> str:
        """A publication contract: the provider offers the directory a ServicePublicationGrant for one service (FSC
        recommends one per contract), the directory accepts; the directory lists the service while it is valid.
        Returns the grant hash."""
        grant = fsc.publication_grant(self.nodes[directory].peer_id, self.nodes[provider].peer_id, service)
        return self._agree(provider, directory, grant)

    def _agree(self, proposer: str, accepter: str, grant: dict) -> str:
        """A contract with one grant, proposed by one node and accepted by the other (one signature when the node is
        both); the one already valid with the same grant if there is one. Returns the grant hash."""
        first, second = self.nodes[proposer], self.nodes[accepter]
        _, existing = first.admin("GET", "/contracts")
        for contract in existing["contracts"]:
            if contract["state"] == "valid" and contract["content"]["grants"] == [grant]:
                return contract["grant_hashes"][0]
        status, proposed = first.admin("POST", "/contracts", {"grants": [grant]})
        if status != 201:
            raise RuntimeError(f"proposing failed: {proposed}")
        state = proposed["state"]
        if proposer != accepter:
            status, accepted = second.admin("PUT", f"/contracts/{proposed['hash']}/accept")
            if status != 200:
                raise RuntimeError(f"accepting failed: {accepted}")
            state = accepted["state"]
        if state != "valid":
            raise RuntimeError(f"the contract is {state}, not valid")
        return proposed["grant_hashes"][0]

    def stop(self) -> None:
        self._stopped.set()
        for node in self.nodes.values():
            node.stop()


def _add_peer(config: Path, peer: NodeProcess) -> None:
    """Tell a node where another peer's manager is (read when the node starts)."""
    rewrite(config, lambda raw: {**raw, "peers": {**raw["peers"], peer.peer_id: peer.manager_address}})
