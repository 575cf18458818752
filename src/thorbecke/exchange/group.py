"""A demo group of nodes on this machine, each in its own process: enrol, start, connect by contract.

Used by ``thorbecke demo``, the benchmark and the crash tests, so all three run the nodes the way
an organisation runs them (``thorbecke node --config``), and make contracts through each node's
own admin API.
"""

import contextlib
import ctypes
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import mldsa

from thorbecke.exchange import contracts as fsc
from thorbecke.exchange.pki import TrustAnchor, oin_of


def stop_with_parent() -> None:
    """Linux: a child process gets SIGTERM when the process that started it dies, even by SIGKILL."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


_handed_out: set[int] = set()


def free_port() -> int:
    """A loopback port nobody listens on, for a server started later.

    Chosen below the kernel's ephemeral range: a port the kernel hands out (bind to port 0) is
    free now, but the next outgoing connection may take it before the server binds it. Never the
    same port twice in one process: a group picks all its nodes' ports before any node binds them,
    and two picks of one port made a node fail to start about once in a hundred groups.
    """
    low = 32768
    with contextlib.suppress(OSError, ValueError):
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for port in random.sample(range(max(1024, low - 12000), low), 200):
        if port in _handed_out:
            continue
        with socket.socket() as sock, contextlib.suppress(OSError):
            sock.bind(("127.0.0.1", port))
            _handed_out.add(port)
            return port
    raise OSError("no free port below the ephemeral range")


@dataclass
class NodeProcess:
    name: str
    folder: Path
    ports: dict[str, int]
    process: subprocess.Popen | None = None

    @classmethod
    def of(cls, config: Path) -> "NodeProcess":
        """A node that is already running, from its configuration: to call its admin API."""
        saved = json.loads(Path(config).read_text())
        ports = {role: int(saved[f"{role}_port"]) for role in ("manager", "inway", "outway", "admin")}
        return cls(str(saved["name"]), Path(config).parent, ports)

    @property
    def config(self) -> Path:
        return self.folder / "node.json"

    @property
    def peer_id(self) -> str:
        return oin_of(x509.load_pem_x509_certificate((self.folder / "node.pem").read_bytes()))

    @property
    def manager_address(self) -> str:
        return f"https://127.0.0.1:{self.ports['manager']}"

    def start(self) -> None:
        log = (self.folder / "node.out").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "thorbecke.cli", "node", "--config", str(self.config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=stop_with_parent,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped: {(self.folder / 'node.out').read_text()[-2000:]}")
            # Ready when this node's own admin API answers with its token: a port that merely accepts
            # could belong to another process that took the free port first.
            try:
                if (self.folder / "admin.token").exists() and self.admin("GET", "/contracts")[0] == 200:
                    return
            except (OSError, ValueError, http.client.HTTPException):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def admin(self, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        token = (self.folder / "admin.token").read_text()
        connection = http.client.HTTPConnection("127.0.0.1", self.ports["admin"], timeout=30)
        body = json.dumps(payload).encode() if payload is not None else None
        connection.request(method, path, body, {"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        answer = json.loads(response.read() or b"null")
        connection.close()
        return response.status, answer


class Group:
    def __init__(self, directory: Path, group_id: str = "thorbecke-demo") -> None:
        self.directory, self.group_id = directory, group_id
        anchor_dir = directory / "trust-anchor"
        exists = (anchor_dir / "ca.pem").exists()
        self.anchor = TrustAnchor(anchor_dir) if exists else TrustAnchor.create(anchor_dir, group_id)
        self.nodes: dict[str, NodeProcess] = {}

    def add(
        self,
        key: str,
        organisation: str,
        oin: str,
        services: dict[str, dict[str, str]] | None = None,
        population: Path | None = None,
    ) -> NodeProcess:
        folder = self.directory / "nodes" / key
        if (folder / "node.json").exists():  # enrolled in an earlier run: same certificate, ports and logs
            saved = json.loads((folder / "node.json").read_text())
            # The services and their purposes are what this run asks for: a purpose names the hub's address,
            # which may differ from the earlier run's.
            wanted = {**saved, "services": services or {}, **({"population": str(population)} if population else {})}
            if wanted != saved:
                (folder / "node.json").write_text(json.dumps(wanted, indent=2))
            ports = {role: saved[f"{role}_port"] for role in ("manager", "inway", "outway", "admin")}
            self.nodes[key] = NodeProcess(organisation, folder, ports)
            return self.nodes[key]
        ports = {role: free_port() for role in ("manager", "inway", "outway", "admin")}
        self.anchor.issue(folder, organisation, oin)
        pq = mldsa.MLDSA65PrivateKey.generate()
        (folder / "mldsa.key").write_bytes(
            pq.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        config = {
            "group_id": self.group_id,
            "name": organisation,
            "certificate": "node.pem",
            "key": "node.key",
            "pq_key": "mldsa.key",
            "ca": str(self.anchor.certificate_path),
            "crl": str(self.anchor.crl_path),
            **{f"{role}_port": port for role, port in ports.items()},
            "services": services or {},
            "peers": {},
            **({"population": str(population)} if population else {}),
        }
        node = NodeProcess(organisation, folder, ports)
        (folder / "node.json").write_text(json.dumps(config, indent=2))
        for other in self.nodes.values():
            _add_peer(node.config, other)
            _add_peer(other.config, node)
        self.nodes[key] = node
        return node

    def connect(self, consumer: str, provider: str, service: str) -> str:
        """A connection contract, proposed by the consumer and accepted by the provider; returns the grant hash."""
        outway, owner = self.nodes[consumer], self.nodes[provider]
        _, existing = outway.admin("GET", "/contracts")
        for contract in existing["contracts"]:
            data = contract["content"]["grants"][0]["data"]
            if (
                contract["state"] == "valid"
                and data.get("service", {}).get("name") == service
                and data["service"]["peer_id"] == owner.peer_id
                and data.get("outway", {}).get("peer_id") == outway.peer_id
            ):
                return contract["grant_hashes"][0]
        certificate = x509.load_pem_x509_certificate((outway.folder / "node.pem").read_bytes())
        grant = fsc.connection_grant(outway.peer_id, fsc.public_key_thumbprint(certificate), owner.peer_id, service)
        status, proposed = outway.admin("POST", "/contracts", {"grants": [grant]})
        if status != 201:
            raise RuntimeError(f"proposing failed: {proposed}")
        status, accepted = owner.admin("PUT", f"/contracts/{proposed['hash']}/accept")
        if status != 200 or accepted["state"] != "valid":
            raise RuntimeError(f"accepting failed: {accepted}")
        return proposed["grant_hashes"][0]

    def stop(self) -> None:
        for node in self.nodes.values():
            node.stop()


def _add_peer(config: Path, peer: NodeProcess) -> None:
    """Tell a node where another peer's manager is (read when the node starts)."""
    settings = json.loads(config.read_text())
    settings["peers"][peer.peer_id] = peer.manager_address
    config.write_text(json.dumps(settings, indent=2))
