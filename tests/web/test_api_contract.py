"""The published contract is what is served: schemathesis over each OpenAPI document in docs/api/, against the hub on
a real port, with all its checks (negative data and response-schema conformance included), signed in as the
national programme where an operation needs it. Zero failures.

The run is reproducible (deterministic generation, no example database) and small enough for CI: a few examples per
operation. The counts of the last run (operations, generated cases, checks) are printed, so the CI log shows them.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.conftest import PASSWORD
from tests.exchange.test_directory_api import directory  # noqa: F401 - a fixture: one service in the directory

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENTS = [
    path
    for path in (settings.REPO_ROOT / "docs" / "api" / name for name in ("openapi-v1.json", "open311-v2.json"))
    if path.exists()
]
SCHEMATHESIS = Path(sys.executable).parent / "st"
EXAMPLES = 10  # per operation and phase; enough to find a mismatch, few enough for CI's two cores
CONFIG = Path(__file__).with_name("schemathesis.toml")
TIMEOUT = 300


@pytest.fixture
def hub(live_server, accounts, request):
    """The hub on a real port with something in every register the APIs list, and a programme member's session."""
    from thorbecke.agreements.catalogue import import_agreements
    from thorbecke.demo.landscape import seed_landscape
    from thorbecke.landscape.building_blocks import import_building_blocks
    from thorbecke.proactive.models import NonTakeUp, Screening

    request.getfixturevalue("directory")
    import_agreements(settings.SHARED_DATA_DIR)
    import_building_blocks(settings.SHARED_DATA_DIR)
    seed_landscape()
    screening = Screening.objects.create(period="2026-01", source="test", results="", persons=3)
    NonTakeUp.objects.create(
        screening=screening, scheme="zorgtoeslag", gemeente="GM0344", entitled=2, receiving=1, unclaimed_per_month=1.5
    )
    # One session for both schemes: the programme member is also signed in as a citizen (as DigiD would leave it).
    from thorbecke.services.citizens import SESSION_BSN, citizen_key
    from thorbecke.services.models import Citizen

    Citizen.objects.create(user=accounts["programme"], key=citizen_key("999990019"))
    client = Client()
    assert client.login(username="programme", password=PASSWORD)
    session = client.session
    session[SESSION_BSN] = "999990019"
    session.save()
    # The steering indicators, computed for two months (the API's observations, CSV, JSON-stat and DCAT).
    from thorbecke.steering import definitions
    from thorbecke.steering.compute import compute

    definitions.sync()
    compute(["2026-01", "2026-12"])
    # An Open311 client's API key, for posting reports.
    key = io.StringIO()
    call_command("create_open311_key", "schemathesis", stdout=key)
    return live_server.url, client.cookies[settings.SESSION_COOKIE_NAME].value, key.getvalue().strip()


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_schemathesis_finds_no_failure(hub, document, tmp_path):
    url, session, open311_key = hub
    schema = json.loads(document.read_text())
    base = url + schema["servers"][0]["url"] if schema.get("servers") else url
    report, events = tmp_path / "report.json", tmp_path / "events.ndjson"
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(CONFIG),
        "run",
        str(document),
        "--url",
        base,
        "--checks",
        "all",
        "--mode",
        "all",
        "--max-examples",
        str(EXAMPLES),
        "--generation-deterministic",
        # One worker: with two, hypothesis describes strategies in two threads at once, and CPython 3.11's ast.parse is
        # not thread-safe ("AST constructor recursion depth mismatch", a runtime error of the run, not of the hub).
        "--workers",
        "1",
        "--request-timeout",
        "10",
        "--no-color",
        "--report",
        "json,ndjson",
        "--report-json-path",
        str(report),
        "--report-ndjson-path",
        str(events),
    ]
    env = {**os.environ, "THORBECKE_STAFF_SESSION": session, "THORBECKE_OPEN311_KEY": open311_key}
    run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False, env=env, cwd=tmp_path)
    print(run.stdout[run.stdout.find("=== WARNINGS") :])  # schemathesis' own summary, in the CI log under -s / -rP
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-2000:]
    summary = json.loads(report.read_text())
    assert summary["operations"]["tested"] == summary["operations"]["selected"] > 0
    assert summary["failures"] == [] and summary["test_cases"]["errored"] == 0
    print(
        f"{document.name}: {summary['operations']['tested']} operations, "
        f"{summary['test_cases']['generated']} generated cases, {_checks(events)} checks, no failure"
    )


def _checks(events: Path) -> int:
    """How many checks the run made: every scenario's recorder lists its checks per case."""
    count = 0
    for line in events.read_text().splitlines():
        for event in json.loads(line).values():
            if isinstance(event, dict):
                recorded = (event.get("recorder") or {}).get("checks") or {}
                count += sum(len(checks) for checks in recorded.values())
    return count
