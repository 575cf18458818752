"""Scan now, from the scorecard: only the national programme starts it, for one organisation or all; it runs in a
background thread of the hub (or on Celery when a broker is configured) and the progress page shows it."""

import time

import pytest

from tests.conftest import PASSWORD
from thorbecke.agreements import scanning
from thorbecke.agreements.checks import web
from thorbecke.agreements.models import Measurement, ScanRun
from thorbecke.registry.models import Domain, Organisation

START = "/en/agreements/scans/start/"


def only_localhost(code="gm0344"):
    organisation = Organisation.objects.get(code=code)
    Domain.objects.filter(organisation=organisation).delete()  # its real domains are outside this machine
    Domain.objects.create(name="localhost", organisation=organisation, source="test")


@pytest.mark.django_db(transaction=True)  # the scan's background thread has its own connection
def test_the_programme_scans_one_organisation_now_and_follows_it(client, accounts, monkeypatch):
    monkeypatch.setattr(scanning, "RETRY_PAUSE", 0)
    monkeypatch.setattr(scanning, "MEASURES", {"web": web.measure})  # sslyze and DNS have nothing to ask here
    only_localhost()
    client.login(username="programme", password=PASSWORD)
    assert "Scan now" in client.get("/en/agreements/scorecard/").content.decode()
    response = client.post(START, {"organisation": "gm0344"})
    assert response.status_code == 302 and response["Location"] == "/en/agreements/scans/"
    run = ScanRun.objects.get()
    assert (run.queue, run.total, run.scope) == ("in-process", 1, "gemeente Utrecht")
    started = client.get("/en/agreements/scans/").content.decode()
    assert "The scan of gemeente Utrecht has started: 1 host." in started
    for _ in range(300):
        run.refresh_from_db()
        if run.state != ScanRun.State.RUNNING:
            break
        time.sleep(0.1)
    assert (run.state, run.done) == ("finished", 1)
    # Nothing listens on localhost:443 here: could not measure, as with the command.
    assert {m.verdict for m in Measurement.objects.filter(host="localhost", run=run)} == {"error"}
    page = client.get("/en/agreements/scans/").content.decode()
    assert "finished" in page and "1 / 1" in page and "gemeente Utrecht</td>" in page


@pytest.mark.django_db
def test_only_the_programme_may_start_a_scan(client, accounts):
    assert "sign-in" in client.post(START, {"organisation": ""})["Location"]
    client.login(username="utrecht-admin", password=PASSWORD)
    assert "Scan now" not in client.get("/en/agreements/scorecard/").content.decode()
    assert client.post(START, {"organisation": "gm0344"}).status_code == 403
    assert not ScanRun.objects.exists()


@pytest.mark.django_db
def test_an_unknown_organisation_is_refused_on_the_page_and_nothing_starts(client, accounts):
    client.login(username="programme", password=PASSWORD)
    response = client.post("/afspraken/metingen/starten/", {"organisation": "gm9999"})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not ScanRun.objects.exists()


@pytest.mark.django_db
def test_with_a_broker_the_scan_goes_to_celery(client, accounts, settings, monkeypatch):
    from thorbecke.agreements import tasks

    queued = []
    monkeypatch.setattr(tasks.measure_host_task, "delay", lambda *args: queued.append(args))
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    only_localhost()
    client.login(username="programme", password=PASSWORD)
    assert client.post(START, {"organisation": "gm0344"}).status_code == 302
    run = ScanRun.objects.get()
    assert (run.queue, run.total) == ("celery", 1)
    [(run_id, organisation_id, target, groups)] = queued
    assert organisation_id == Organisation.objects.get(code="gm0344").pk
    assert run_id == run.pk and target["host"] == "localhost" and groups == list(scanning.MEASURES)
