"""A running node whose processing log is written by someone else: every request is refused with FSC's
TRANSACTION_LOG_WRITE_ERROR naming what is wrong (never a constraint error), no checkpoint is signed over
the forgery, and the node will not start again on that log."""

import hashlib
import json
import sqlite3

import pytest

from tests.node.conftest import run_async
from tests.node.test_crash import group, load  # noqa: F401 (the fixture: two real nodes on loopback)
from thorbecke.node.upstream import Pool

pytestmark = [pytest.mark.slow, pytest.mark.alone]


def forge_next_record(path) -> int:
    """Append a correctly chained copy of the last record, as anyone with write access to the file can."""
    db = sqlite3.connect(path, isolation_level=None, timeout=10)
    db.execute("BEGIN IMMEDIATE")  # the node may still be writing the load's last records: read and append as one
    row = db.execute("SELECT * FROM records ORDER BY seq DESC LIMIT 1").fetchone()
    body = (row[0] + 1, *row[1:10])
    head = hashlib.sha256((row[11] + json.dumps(list(body), separators=(",", ":"))).encode()).hexdigest()
    db.execute("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (*body, row[10], head))
    db.execute("COMMIT")
    db.close()
    return body[0]


def test_a_forged_record_under_a_running_node_refuses_requests_clearly_and_the_node_will_not_restart(group):  # noqa: F811
    grant_hash = group.connect("utrecht", "tax", "inkomen")
    tax, utrecht = group.nodes["tax"], group.nodes["utrecht"]
    assert all(status == 200 for status, _ in run_async(lambda: load(utrecht.ports["outway"], grant_hash, 0.3)))
    status, published = tax.admin("GET", "/log/checkpoint")
    assert status == 200 and published["checkpoint"].count(".") == 2
    forged = forge_next_record(tax.folder / "log.sqlite")

    async def ask() -> list:
        pool = Pool("127.0.0.1", utrecht.ports["outway"], timeout=5)
        answers = [await pool.request("GET", b"/inkomen", [(b"fsc-grant-hash", grant_hash.encode())]) for _ in range(2)]
        pool.close()
        return answers

    for answer in run_async(ask):
        assert answer.status == 500 and answer.header(b"fsc-error-code") == b"TRANSACTION_LOG_WRITE_ERROR"
        assert b"UNIQUE" not in answer.body and f"record {forged}".encode() in answer.body, answer.body
    status, verified = tax.admin("POST", "/log/verify", {"published": [published["checkpoint"]]})
    assert status == 409 and any(f"record {forged}" in p for p in verified["problems"]), verified
    tax.stop()
    db = sqlite3.connect(tax.folder / "log.sqlite")
    assert db.execute("SELECT MAX(seq) FROM checkpoints").fetchone()[0] < forged  # nothing signed over it
    db.close()
    with pytest.raises(RuntimeError, match=f"does not verify.*record {forged}"):
        tax.start()
