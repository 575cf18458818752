"""`thorbecke demo` as the README runs it: in a subprocess, in a fresh data folder."""

import json
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.cli.running import THORBECKE, sqlite_env
from thorbecke.node.launcher import free_port


@pytest.mark.slow
def test_demo_sets_up_seeds_and_serves_all_municipalities(tmp_path):
    port = free_port()
    demo = subprocess.Popen(
        [*THORBECKE, "demo", "--port", str(port)],
        env=sqlite_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240  # a fresh folder (the search index and classifier may come from the cache)
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/organisaties/?type=gemeente", timeout=2) as page:
                    html = page.read().decode()
                break
            except OSError:
                assert demo.poll() is None, demo.stdout.read()
                assert time.monotonic() < deadline, "the demo did not come up within 240 s"
                time.sleep(0.5)
        assert "342 organisaties gevonden" in html
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/organisations?type=provincie") as api:
            assert b'"count": 12' in api.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/organisations?type=waterschap") as api:
            assert b'"count": 21' in api.read()
        assert (tmp_path / "thorbecke.sqlite3").exists()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/proactive/non-take-up?scheme=zorgtoeslag") as api:
            assert json.loads(api.read())["count"] > 100  # a screened synthetic population, per municipality
        accounts = (tmp_path / "demo-accounts.txt").read_text().split()
        assert "programme" in accounts
        hub_node = json.loads((tmp_path / "demo-group" / "nodes" / "hub" / "node.json").read_text())
        with socket.create_connection(("127.0.0.1", hub_node["admin_port"]), timeout=2):
            pass  # the data system's nodes run beside the hub
    finally:
        demo.terminate()
        demo.wait(timeout=20)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", hub_node["admin_port"]), timeout=2)
