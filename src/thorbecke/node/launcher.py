"""A node started as a child process, the way an organisation runs it (``thorbecke node --config``), and
ready when its own admin API answers."""

import contextlib
import ctypes
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

from thorbecke.node.admin_client import AdminClient
from thorbecke.node.config import ADMIN_TOKEN, FILE_NAME, NodeConfig
from thorbecke.node.pki import oin_of


def stop_with_parent() -> None:
    """Linux: a child process gets SIGTERM when the process that started it dies, even by SIGKILL."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


_handed_out: set[int] = set()
# "k/n": this process takes only the ports whose number modulo n is k. Processes that each pick ports before their
# servers bind them (the test suite's workers, the demo they start) cannot then pick the same one.
PORT_SHARE = "THORBECKE_PORT_SHARE"


def _share() -> tuple[int, int]:
    own, _slash, count = os.environ.get(PORT_SHARE, "0/1").partition("/")
    try:
        share = int(own), int(count)
    except ValueError:
        raise ValueError(f"{PORT_SHARE} must be k/n with 0 <= k < n, not {os.environ[PORT_SHARE]!r}") from None
    if not 0 <= share[0] < share[1]:
        raise ValueError(f"{PORT_SHARE} must be k/n with 0 <= k < n, not {os.environ[PORT_SHARE]!r}")
    return share


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
    own, count = _share()
    ours = [port for port in range(max(1024, low - 12000), low) if port % count == own]
    for port in random.sample(ours, min(200, len(ours))):
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
        loaded = NodeConfig.load(Path(config))
        ports = {
            "manager": loaded.manager_port,
            "inway": loaded.inway_port,
            "outway": loaded.outway_port,
            "admin": loaded.admin_port,
        }
        return cls(loaded.name, loaded.directory, ports)

    @property
    def config(self) -> Path:
        return self.folder / FILE_NAME

    @property
    def peer_id(self) -> str:
        return oin_of(x509.load_pem_x509_certificate((self.folder / "node.pem").read_bytes()))

    @property
    def manager_address(self) -> str:
        return f"https://127.0.0.1:{self.ports['manager']}"

    def start(self) -> None:
        log = (self.folder / "node.out").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "thorbecke.node", "--config", str(self.config)],
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
                if (self.folder / ADMIN_TOKEN).exists() and self.admin("GET", "/contracts")[0] == 200:
                    return
            except OSError:
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
        return AdminClient(self.ports["admin"], (self.folder / ADMIN_TOKEN).read_text()).call(method, path, payload)
