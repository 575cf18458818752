"""The sources a node runs itself (issue 23, item 3): reachable only through the inway, and never logging a
processing without the processor the inway verified (docs/decisions/0031)."""

import http.client
import json
import os
import sqlite3
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from tests.node.conftest import OIN_TAX_OFFICE, OIN_UTRECHT, run_async
from tests.populations import small_population
from thorbecke.demo.group import Group
from thorbecke.node.processing_log import GroupCommitter, ProcessingLog
from thorbecke.node.sources import BUILTIN
from thorbecke.population.source import PopulationSource, reference_date

CITIZEN = "999990019"  # Sanne de Vries, a demo citizen with a name, an address and an income
PERSONAL = (b"Sanne", b"Oudegracht", b"1988-04-12", b"verzamelinkomen", CITIZEN.encode())
SOURCE_NAMES = ("persoonsgegevens verstrekken", "inkomensgegevens verstrekken", "verwerkingen opvragen",
                "melding ontvangen")  # fmt: skip
EVENT = {
    "specversion": "1.0",
    "id": "1",
    "source": "urn:oin:x",
    "type": "t",
    "subject": CITIZEN,
    "dplsubjecttype": "BSN",
}
# What a local process would ask each source for, as the inway would pass the request on.
QUESTIONS = [
    ("/personen", {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [CITIZEN],
                   "fields": ["naam", "geboorte", "verblijfplaats"]}),
    ("/inkomens", {"burgerservicenummer": [CITIZEN], "belastingjaar": reference_date().year}),
    ("/processing-activities", {"dpl.core.data_subject_id": CITIZEN}),
    ("/", EVENT),
]  # fmt: skip
PATHS = {"logboek": "/processing-activities", "brp-personen": "/personen", "inkomen": "/inkomens", "cloudevents": "/"}
SERVICES = {
    "brp-personen": {"builtin": "brp-personen"},
    "inkomen": {"builtin": "inkomen"},
    "logboek": {"builtin": "logboek"},
    "meldingen": {"builtin": "cloudevents"},
}


def listening_ports(pid: int) -> set[int]:
    """The TCP ports a process listens on: its sockets' inodes (in /proc/<pid>/fd) found in the LISTEN rows of
    its network namespace's tables."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def ask(port: int, path: str, question: dict) -> bytes:
    """A plain HTTP request on loopback, as any local process could make it; whatever came back."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("POST", path, json.dumps(question), {"content-type": "application/json"})
        return connection.getresponse().read()
    except (OSError, http.client.HTTPException):
        return b""
    finally:
        connection.close()


@pytest.fixture
def node(tmp_path):
    group = Group(tmp_path)
    node = group.add("rvig", "Rijksdienst voor Identiteitsgegevens", OIN_TAX_OFFICE, SERVICES, small_population())
    node.start()
    yield node
    group.stop()


def test_a_local_process_finds_no_source_on_any_port_of_the_node(node):
    ports = listening_ports(node.process.pid)
    leaks = [
        (port, path, answer[:200])
        for port in sorted(ports)
        for path, question in QUESTIONS
        if any(word in (answer := ask(port, path, question)) for word in PERSONAL)
    ]
    assert leaks == []
    # Only the node's own four: the manager and the inway (mutual TLS), the outway and the admin API.
    assert ports == set(node.ports.values()), f"the node also listens on {sorted(ports - set(node.ports.values()))}"
    db = sqlite3.connect(node.folder / "log.sqlite")
    names = {name for (name,) in db.execute("SELECT DISTINCT name FROM records")}
    db.close()
    assert not names & set(SOURCE_NAMES)


async def _call(app, path: str, question: dict, headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
    """One request to a source's ASGI app as a server that is not the inway would hand it over."""
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": json.dumps(question).encode(), "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), *headers],
        "extensions": {},
    }
    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_a_source_refuses_what_does_not_come_from_the_inway_and_logs_nothing(tmp_path):
    """Without the inway's word on who the processor is, nothing personal is answered and nothing is logged: not
    for a request with no token, nor for one whose token, unchecked, names another organisation."""
    population = PopulationSource(small_population())
    forged = jwt.encode({"sub": OIN_UTRECHT}, "a key of this test, not the manager at all", algorithm="HS256")
    log = ProcessingLog(tmp_path / "log.sqlite", os.urandom(32), ec.generate_private_key(ec.SECP256R1()))

    async def scenario() -> None:
        committer = GroupCommitter(log)
        try:
            for builtin, path in PATHS.items():
                app = BUILTIN[builtin](committer, "", log, tmp_path, population)
                for headers in ([], [(b"fsc-authorization", f"Bearer {forged}".encode())]):
                    status, answer = await _call(app, path, dict(QUESTIONS)[path], headers)
                    assert status == 403, (builtin, status, answer[:300])
                    assert not [word for word in PERSONAL if word in answer], (builtin, answer[:300])
                if hasattr(app, "close"):
                    app.close()
        finally:
            committer.close()

    run_async(scenario)
    assert list(log.records()) == []
    log.close()
