"""One organisation's node: its manager, inway and outway in one process, with its processing log.

Configured by a JSON file (paths relative to it):

    {"group_id": "thorbecke-demo", "name": "Gemeente Utrecht", "host": "127.0.0.1",
     "manager_port": 8443, "inway_port": 443, "outway_port": 8080, "admin_port": 8081,
     "certificate": "node.pem", "key": "node.key", "pq_key": "mldsa.key", "ca": "ca.pem", "crl": "crl.pem",
     "services": {"inkomen": {"url": "http://127.0.0.1:9001", "purpose": "https://.../activities/1",
                              "allowed_purposes": ["https://.../activities/7"]}},
     "peers": {"00000001003214345000": "https://127.0.0.1:8444"}, "require_pq": false}

A service is either a source system at ``url`` or one the node runs itself (``"builtin"``: ``logboek``,
``cloudevents``, and the demo sources ``brp-personen`` and ``inkomen``, which serve the population dataset
named by ``"population"``).

The manager and the inway accept only mutual TLS with certificates of the group's trust anchor;
the outway listens on loopback for the organisation's own applications.
"""

import asyncio
import contextlib
import json
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from thorbecke.exchange.admin import Admin
from thorbecke.exchange.builtin import BUILTIN, POPULATION_SOURCES
from thorbecke.exchange.client import Pool
from thorbecke.exchange.contracts import Signer
from thorbecke.exchange.events import Inbox, Outbox
from thorbecke.exchange.inway import Inway
from thorbecke.exchange.manager import Manager, Service
from thorbecke.exchange.outway import Outway
from thorbecke.exchange.pki import CRL_REFRESH_SECONDS, TrustError, Verifier
from thorbecke.exchange.processing_log import GroupCommitter, ProcessingLog
from thorbecke.exchange.server import Server, client_context, server_context
from thorbecke.proactive.source import PopulationSource


@dataclass
class NodeConfig:
    directory: Path
    group_id: str
    name: str
    certificate: Path
    key: Path
    ca: Path
    crl: Path
    host: str = "127.0.0.1"
    manager_port: int = 8443
    inway_port: int = 443
    outway_port: int = 8080
    admin_port: int = 8081
    pq_key: Path | None = None
    services: dict[str, Service] = field(default_factory=dict)
    peers: dict[str, str] = field(default_factory=dict)
    require_pq: bool = False
    event_retry_base: float = 2.0
    event_max_attempts: int = 8
    checkpoint_interval: float = 0.25
    crl_refresh_seconds: float = CRL_REFRESH_SECONDS
    log_database: str = ""  # a PostgreSQL URL at national scale; the default is log.sqlite beside the config
    population: Path | None = None  # what the built-in personal-records and income sources serve

    @classmethod
    def load(cls, path: Path) -> "NodeConfig":
        try:
            raw: dict[str, Any] = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise ValueError(f"{path}: cannot read the node configuration: {exc}") from exc
        base = path.parent
        required = ("group_id", "name", "certificate", "key", "ca", "crl")
        missing = [key for key in required if key not in raw]
        if missing:
            raise ValueError(f"{path}: missing {', '.join(missing)}")
        services = {}
        for name, service in raw.get("services", {}).items():
            builtin = service.get("builtin", "")
            if builtin and builtin not in BUILTIN:
                raise ValueError(f"{path}: service {name!r}: no built-in service {builtin!r} ({', '.join(BUILTIN)})")
            if not builtin and not str(service.get("url", "")).startswith("http://"):
                raise ValueError(f"{path}: service {name!r} needs an http:// url of its source system, or builtin")
            if builtin in POPULATION_SOURCES and not raw.get("population"):
                raise ValueError(f"{path}: service {name!r} serves a population: name its folder as 'population'")
            allowed = tuple(service.get("allowed_purposes", ()))
            services[name] = Service(name, service.get("url", ""), service.get("purpose", ""), builtin, allowed)
        config = cls(
            directory=base,
            group_id=raw["group_id"],
            name=raw["name"],
            certificate=base / raw["certificate"],
            key=base / raw["key"],
            ca=base / raw["ca"],
            crl=base / raw["crl"],
            host=raw.get("host", "127.0.0.1"),
            manager_port=int(raw.get("manager_port", 8443)),
            inway_port=int(raw.get("inway_port", 443)),
            outway_port=int(raw.get("outway_port", 8080)),
            admin_port=int(raw.get("admin_port", 8081)),
            pq_key=base / raw["pq_key"] if raw.get("pq_key") else None,
            services=services,
            peers=dict(raw.get("peers", {})),
            require_pq=bool(raw.get("require_pq", False)),
            event_retry_base=float(raw.get("event_retry_base", 2.0)),
            event_max_attempts=int(raw.get("event_max_attempts", 8)),
            log_database=str(raw.get("log_database", "")),
            checkpoint_interval=float(raw.get("checkpoint_interval", 0.25)),
            crl_refresh_seconds=float(raw.get("crl_refresh_seconds", CRL_REFRESH_SECONDS)),
            population=base / raw["population"] if raw.get("population") else None,
        )
        if config.population is not None and not config.population.is_dir():
            raise ValueError(f"{path}: the population {config.population} is not a folder")
        return config


class Node:
    def __init__(self, config: NodeConfig) -> None:
        self.config = config
        self.inbox: Inbox | None = None
        self.servers: list[Server] = []
        self._tasks: list[asyncio.Task] = []

    @property
    def manager_address(self) -> str:
        return f"https://{self.config.host}:{self.config.manager_port}"

    @property
    def inway_address(self) -> str:
        return f"https://{self.config.host}:{self.config.inway_port}"

    @property
    def outway_address(self) -> str:
        return f"http://127.0.0.1:{self.config.outway_port}"

    @property
    def admin_address(self) -> str:
        return f"http://127.0.0.1:{self.config.admin_port}"

    async def start(self) -> None:
        c = self.config
        signer = Signer.from_files(c.certificate, c.key, c.pq_key)
        self.verifier = Verifier(c.ca, c.crl)
        self.verifier.check(signer.certificate)
        tls_server = server_context(str(c.certificate), str(c.key), str(c.ca))
        tls_client = client_context(str(c.certificate), str(c.key), str(c.ca))
        self.manager = Manager(
            c.group_id,
            c.name,
            "",
            signer,
            self.verifier,
            c.directory / "manager.sqlite",
            "",
            c.services,
            tls_client,
            c.require_pq,
        )
        for peer_id, address in c.peers.items():
            self.manager.remember_peer(peer_id, peer_id, address)
        location = c.log_database or c.directory / "log.sqlite"
        self.log = ProcessingLog(location, _secret(c.directory / "pseudonym.key"), signer.key, c.checkpoint_interval)
        self.log.sign_head()  # records a crash left after the last checkpoint
        self.committer = GroupCommitter(self.log)
        sources = {}
        population = PopulationSource(c.population) if c.population else None
        for name, service in c.services.items():
            if service.builtin:
                app = BUILTIN[service.builtin](self.committer, service.purpose, self.log, c.directory, population)
                if isinstance(app, Inbox):
                    self.inbox = app
                own = Server(app, "127.0.0.1", 0)
                await own.start()
                self.servers.append(own)
                sources[name] = Pool("127.0.0.1", own.port)
            else:
                parts = urlsplit(service.url)
                sources[name] = Pool(parts.hostname or "127.0.0.1", parts.port or 80)
        self.inway = Inway(self.manager, self.verifier, self.committer, sources)
        self.outway = Outway(self.manager, self.committer, tls_client)
        manager_server = Server(self.manager, c.host, c.manager_port, tls_server)
        inway_server = Server(self.inway, c.host, c.inway_port, tls_server)
        # The outway and the admin API serve the organisation's own applications: loopback only.
        outway_server = Server(self.outway, "127.0.0.1", c.outway_port)
        self.admin = Admin(self.manager, self.log, _secret(c.directory / "admin.token", text=True).decode())
        admin_server = Server(self.admin, "127.0.0.1", c.admin_port)
        for server in (manager_server, inway_server, outway_server, admin_server):
            await server.start()
            self.servers.append(server)
        c.manager_port, c.inway_port = manager_server.port, inway_server.port
        c.outway_port, c.admin_port = outway_server.port, admin_server.port
        self.manager.address, self.manager.inway_address = self.manager_address, self.inway_address
        self.outbox = Outbox(
            c.directory / "events.sqlite",
            f"urn:oin:{self.manager.peer_id}",
            c.outway_port,
            c.event_retry_base,
            c.event_max_attempts,
        )
        self.admin.outbox, self.admin.inbox = self.outbox, self.inbox
        self._tasks.append(asyncio.get_running_loop().create_task(self._refresh_crl()))
        self._tasks.append(asyncio.get_running_loop().create_task(self.outbox.run()))
        self._tasks.append(asyncio.get_running_loop().create_task(self._sign_checkpoints()))

    async def _sign_checkpoints(self) -> None:
        while True:
            await asyncio.sleep(max(self.config.checkpoint_interval, 0.05))
            await asyncio.to_thread(self.log.sign_head)

    async def _refresh_crl(self) -> None:
        while True:
            await asyncio.sleep(self.config.crl_refresh_seconds)
            with contextlib.suppress(OSError, TrustError, ValueError):
                self.verifier.refresh()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for server in self.servers:
            await server.stop()
        self.outbox.close()
        if self.inbox is not None:
            self.inbox.close()
        self.committer.close()
        self.log.close()
        self.manager.close()


def _secret(path: Path, text: bool = False) -> bytes:
    """A secret made once and kept, readable by the owner only (the pseudonym key, the admin token)."""
    if not path.exists():
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
            handle.write(os.urandom(32).hex().encode() if text else os.urandom(32))
    return path.read_bytes()


def run(config_path: Path) -> None:
    """Run a node until SIGINT or SIGTERM."""
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    async def main() -> None:
        # Handlers first: whoever read the "manager ..." line may stop the node at once, and must get a clean stop.
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        node = Node(NodeConfig.load(config_path))
        await node.start()
        print(
            f"{node.config.name}: manager {node.manager_address}, inway {node.inway_address}, "
            f"outway {node.outway_address}, admin {node.admin_address}",
            flush=True,
        )
        await stop.wait()
        await node.stop()

    asyncio.run(main())
