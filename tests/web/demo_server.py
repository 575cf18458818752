"""`thorbecke demo` started exactly as the README's `make demo` runs it: the installed command, its embedded SQLite
in a data folder of its own, one worker with one thread. Browser tests of the journeys drive this, not a test
server, so they meet the hub as a new user does."""

import http.client
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from thorbecke.node.launcher import free_port, stop_with_parent

# A first start on a clean machine builds the search index, trains the classifier and generates and screens the
# population; later starts reuse the caches.
STARTUP_SECONDS = 900


@dataclass
class DemoServer:
    url: str
    idp_url: str
    data_dir: Path
    log: Path
    process: subprocess.Popen

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def answers(self, path: str = "/", timeout: float = 5) -> int:
        """The status of one GET, or 0 when the hub does not answer within `timeout` seconds."""
        host, port = self.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
        try:
            connection.request("GET", path)
            return connection.getresponse().status
        except OSError:
            return 0
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_demo(data_dir: Path) -> DemoServer:
    command = shutil.which("thorbecke", path=str(Path(sys.executable).parent))
    if command is None:
        raise RuntimeError(f"no `thorbecke` command beside {sys.executable}: run `make setup`")
    port, idp_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("THORBECKE_", "DJANGO_"))}
    # The README's demo: SQLite in its data folder; the shared data and the content-addressed caches as on any run.
    env |= {"THORBECKE_DATA_DIR": str(data_dir), "THORBECKE_LOG_LEVEL": "WARNING"}
    for name in ("THORBECKE_SHARED_DATA", "THORBECKE_CACHE_DIR", "THORBECKE_NODE_MODULES", "THORBECKE_PORT_SHARE"):
        if name in os.environ:
            env[name] = os.environ[name]
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / "demo.log"
    process = subprocess.Popen(
        [command, "demo", "--port", str(port), "--idp-port", str(idp_port)],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
        preexec_fn=stop_with_parent,
    )
    server = DemoServer(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{idp_port}", data_dir, log, process)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"`thorbecke demo` stopped (exit code {process.returncode}):\n{server.tail()}")
        if server.answers("/", timeout=2) == 200:
            return server
        time.sleep(1)
    server.stop()
    raise RuntimeError(f"`thorbecke demo` did not answer within {STARTUP_SECONDS} s:\n{server.tail()}")
