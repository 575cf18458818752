"""Kill -9 a node under load: every request that reached the source, answered or not, and so every request
answered 2xx, keeps its records at both ends (each end writes its record before forwarding); the chains
verify, and the node restarts and serves without manual repair."""

import asyncio
import json
import sqlite3
import subprocess
import sys

import pytest

from tests.node.conftest import OIN_TAX_OFFICE, OIN_UTRECHT, run_async
from thorbecke.demo.group import Group
from thorbecke.node.launcher import free_port
from thorbecke.node.upstream import Pool, UpstreamError

pytestmark = [pytest.mark.slow, pytest.mark.alone]


RECEIVED = "received.txt"  # in the test's folder: the transaction id of every request that reached the source


@pytest.fixture
def group(tmp_path):
    port = free_port()
    received = tmp_path / RECEIVED
    source = subprocess.Popen(
        [sys.executable, "-m", "thorbecke.demo.echo", str(port), str(received)], stdout=subprocess.PIPE
    )
    source.stdout.readline()
    group = Group(tmp_path)
    group.add("tax", "Belastingdienst", OIN_TAX_OFFICE, {"inkomen": {"url": f"http://127.0.0.1:{port}"}})
    group.add("utrecht", "Gemeente Utrecht", OIN_UTRECHT)
    for node in group.nodes.values():
        node.start()
    yield group
    group.stop()
    source.kill()
    source.wait()


def logged_transactions(node) -> set[str]:
    db = sqlite3.connect(node.folder / "log.sqlite")
    rows = db.execute("SELECT attributes FROM records").fetchall()
    db.close()
    return {json.loads(a).get("fsc.transaction_id") for (a,) in rows}


async def load(outway_port: int, grant_hash: str, seconds: float) -> list[tuple[int, str]]:
    answered: list[tuple[int, str]] = []
    pool = Pool("127.0.0.1", outway_port, size=16, timeout=5)
    deadline = asyncio.get_running_loop().time() + seconds

    async def worker() -> None:
        while asyncio.get_running_loop().time() < deadline:
            try:
                response = await pool.request("GET", b"/inkomen", [(b"fsc-grant-hash", grant_hash.encode())])
            except UpstreamError:
                continue
            answered.append((response.status, (response.header(b"fsc-transaction-id") or b"").decode()))

    await asyncio.gather(*(worker() for _ in range(16)))
    pool.close()
    return answered


@pytest.mark.parametrize("victim", ["tax", "utrecht"])
def test_a_killed_node_loses_no_acknowledged_record_and_restarts(group, tmp_path, victim):
    grant_hash = group.connect("utrecht", "tax", "inkomen")
    utrecht, killed = group.nodes["utrecht"], group.nodes[victim]

    async def scenario() -> list[tuple[int, str]]:
        running = asyncio.ensure_future(load(utrecht.ports["outway"], grant_hash, 2.0))
        await asyncio.sleep(0.8)
        killed.kill()
        return await running

    answered = run_async(scenario)
    succeeded = {transaction for status, transaction in answered if status == 200}
    assert len(succeeded) > 50, "the load did not get going before the kill"
    assert any(status != 200 for status, _ in answered) or victim == "utrecht"
    reached = set((tmp_path / RECEIVED).read_text().split())
    assert succeeded <= reached
    for node in group.nodes.values():
        missing = reached - logged_transactions(node)
        assert not missing, f"{len(missing)} requests reached the source without a record at {node.name}"

    killed.start()
    for node in group.nodes.values():
        status, verified = node.admin("GET", "/log/verify")
        assert (status, verified["problems"]) == (200, [])
    after = run_async(lambda: load(utrecht.ports["outway"], grant_hash, 0.5))
    assert after and all(status == 200 for status, _ in after)
