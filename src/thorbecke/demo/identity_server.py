"""The demo identity server: DigiD and eHerkenning stand-ins in a process of their own, beside the hub.

`thorbecke demo` starts it, and so do the tests; run by hand: `python -m thorbecke.demo.identity_server --port 8001`
with THORBECKE_DEMO_IDP=1 and THORBECKE_PUBLIC_URL set to the hub's address.
"""

import argparse
import http.client
import os
import subprocess
import sys
import time
from urllib.parse import urlsplit

STARTUP_SECONDS = 30


class IdentityServerError(RuntimeError):
    pass


def start(url: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start the server at `url` (http://host:port) and return once it answers; it stops with its parent."""
    from thorbecke.node.launcher import stop_with_parent

    parts = urlsplit(url)
    process = subprocess.Popen(
        [sys.executable, "-m", "thorbecke.demo.identity_server", "--host", parts.hostname or "127.0.0.1",
         "--port", str(parts.port)],
        env={**os.environ, **(env or {}), "THORBECKE_DEMO_IDP": "1", "THORBECKE_DEMO_IDP_URL": url},
        preexec_fn=stop_with_parent,
    )  # fmt: skip
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise IdentityServerError(f"the demo identity server stopped at its start (exit code {process.returncode})")
        if answers(parts.hostname or "127.0.0.1", parts.port or 80):
            return process
        time.sleep(0.1)
    process.terminate()
    raise IdentityServerError(f"the demo identity server did not answer at {url} within {STARTUP_SECONDS} s")


def answers(host: str, port: int) -> bool:
    connection = http.client.HTTPConnection(host, port, timeout=2)
    try:
        connection.request("GET", "/digid/.well-known/openid-configuration")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "thorbecke.demo.identity_settings"
    os.environ.setdefault("THORBECKE_DEMO_IDP_URL", f"http://{args.host}:{args.port}")
    from granian import Granian
    from granian.constants import Interfaces

    # No database: threads only wait on the network, so a few of them serve a demo's sign-ins at once.
    Granian(
        "thorbecke.demo.identity_wsgi:application",
        address=args.host,
        port=args.port,
        interface=Interfaces.WSGI,
        workers=1,
        blocking_threads=4,
        websockets=False,
        log_enabled=False,
    ).serve()


if __name__ == "__main__":
    main()
