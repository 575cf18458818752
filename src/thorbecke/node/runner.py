"""One organisation's node: its manager, inway and outway in one process, with its processing log.

Configured by a node.json (see config.py).

The manager and the inway accept only mutual TLS with certificates of the group's trust anchor;
the outway listens on loopback for the organisation's own applications. The services the node runs itself
listen nowhere: the inway calls them in this process.
"""

import asyncio
import contextlib
import importlib.metadata
import os
import signal
from pathlib import Path
from urllib.parse import urlsplit

from thorbecke.node import contracts as fsc
from thorbecke.node.admin_api import Admin
from thorbecke.node.config import NodeConfig
from thorbecke.node.contracts import Signer
from thorbecke.node.events import Inbox, Outbox
from thorbecke.node.in_process import InProcess
from thorbecke.node.inway import Inway
from thorbecke.node.manager import Manager
from thorbecke.node.outway import Outway
from thorbecke.node.pki import TrustError, Verifier
from thorbecke.node.processing_log import GroupCommitter, LogWriteError, ProcessingLog
from thorbecke.node.server import Server, bound, client_context, server_context
from thorbecke.node.sources import BUILTIN
from thorbecke.node.upstream import Pool, UpstreamError

# Announcing to the directory: one attempt may take this long (seconds); retried after 1, 2, 4 ... up to 300 seconds.
ANNOUNCE_TIMEOUT = 10.0
ANNOUNCE_RETRY_FIRST = 1.0
ANNOUNCE_RETRY_MAX = 300.0


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
        self.verifier = Verifier(c.anchors, c.crls)
        self.verifier.check(signer.certificate, signer.intermediates)
        anchors = [str(anchor) for anchor in c.anchors]
        tls_server = server_context(str(c.certificate), str(c.key), anchors)
        tls_client = client_context(str(c.certificate), str(c.key), anchors)
        # Bound before the manager is made, so it knows its own addresses (it signs them into contracts).
        manager_socket, inway_socket = bound(c.host, c.manager_port), bound(c.host, c.inway_port)
        c.manager_port, c.inway_port = manager_socket.getsockname()[1], inway_socket.getsockname()[1]
        self.manager = Manager(
            c.group_id,
            c.name,
            self.manager_address,
            signer,
            self.verifier,
            c.directory / "manager.sqlite",
            self.inway_address,
            c.services,
            tls_client,
            c.require_pq,
        )
        for peer_id, address in c.peers.items():
            self.manager.store.remember_peer(peer_id, peer_id, address)
        if c.directory_address:
            self.manager.store.remember_peer(c.directory_peer_id, c.directory_peer_id, c.directory_address)
        location = c.log_database or c.directory / "log.sqlite"
        # Opening checks the whole log, and signs a crash's unsigned tail if it is within the bound.
        pseudonym_key = _secret(c.directory / "pseudonym.key")
        self.log = ProcessingLog(
            location, pseudonym_key, signer.key, c.checkpoint_interval, c.checkpoint_records, _resource(c)
        )
        if self.log.refusal:
            self.manager.close()
            self.log.close()
            raise LogWriteError(self.log.refusal)
        if self.log.crash_tail:  # within the bound, so taken as a crash's; said, as it is the log's residual risk
            first, last = self.log.crash_tail
            print(f"{c.name}: log records {first}-{last} were unsigned (a crash); signed now", flush=True)
        self.committer = GroupCommitter(self.log)
        self.manager.transaction_log = self.log
        sources: dict[str, Pool | InProcess] = {}
        population = None
        if c.population:
            # Only a node that serves the population loads it (and numpy and pyarrow with it).
            from thorbecke.population.source import PopulationSource

            population = PopulationSource(c.population)
        for name, service in c.services.items():
            if service.builtin:
                app = BUILTIN[service.builtin](self.committer, service.purpose, self.log, c.directory, population)
                if isinstance(app, Inbox):
                    self.inbox = app
                # Called by the inway in this process, on no port: nothing else can reach the source (decision 0031).
                sources[name] = InProcess(app)
            else:
                parts = urlsplit(service.url)
                sources[name] = Pool(parts.hostname or "127.0.0.1", parts.port or 80)
        self.inway = Inway(self.manager, self.verifier, self.committer, sources)
        self.outway = Outway(self.manager, self.committer, tls_client)
        manager_server = Server.on(manager_socket, self.manager, tls_server)
        inway_server = Server.on(inway_socket, self.inway, tls_server)
        # The outway and the admin API serve the organisation's own applications: loopback only.
        outway_server = Server(self.outway, "127.0.0.1", c.outway_port)
        self.admin = Admin(self.manager, self.log, _secret(c.admin_token, text=True).decode())
        admin_server = Server(self.admin, "127.0.0.1", c.admin_port)
        for server in (manager_server, inway_server, outway_server, admin_server):
            await server.start()
            self.servers.append(server)
        c.outway_port, c.admin_port = outway_server.port, admin_server.port
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
        if c.directory_address:
            self._tasks.append(asyncio.get_running_loop().create_task(self._announce(c.directory_address)))

    async def _sign_checkpoints(self) -> None:
        while True:
            await asyncio.sleep(max(self.config.checkpoint_interval, 0.05))
            await asyncio.to_thread(self.log.sign_head)

    async def _announce(self, address: str) -> None:
        """FSC Core: a peer registers as a participant of the group by announcing itself to the directory. Beside the
        start, so a directory that is down delays nothing; tried again, less often each time, until it answers."""
        wait = ANNOUNCE_RETRY_FIRST
        while True:
            try:
                await asyncio.wait_for(self.manager.announce(address), ANNOUNCE_TIMEOUT)
                return
            except (UpstreamError, TimeoutError, OSError, fsc.ContractError) as exc:
                print(f"{self.config.name}: announcing to the directory {address} failed ({exc}); retrying", flush=True)
            await asyncio.sleep(wait)
            wait = min(wait * 2, ANNOUNCE_RETRY_MAX)

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
        try:
            await node.start()
        except LogWriteError as refusal:  # a log that does not verify: say what is wrong, start nothing
            raise SystemExit(f"{node.config.name}: {refusal}") from None
        print(
            f"{node.config.name}: manager {node.manager_address}, inway {node.inway_address}, "
            f"outway {node.outway_address}, admin {node.admin_address}",
            flush=True,
        )
        await stop.wait()
        await node.stop()

    asyncio.run(main())


def _resource(c: NodeConfig) -> dict[str, str]:
    """The node as LDV's ``resource`` names the system that wrote a record, in OpenTelemetry's resource attributes."""
    try:
        version = importlib.metadata.version("thorbecke")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that is not installed
        version = "unknown"
    return {"service.name": "thorbecke-node", "service.version": version, "service.instance.id": c.peer_id}
