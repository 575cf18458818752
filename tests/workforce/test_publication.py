"""A year's national figures are published once (decision 0061): the public views read the frozen cube, the year's
reports are closed from then on, and only the programme publishes, from a page that shows how far it is."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.workforce.test_reports import YEAR, line, national, org, stored
from thorbecke.workforce import insight, publication, reports
from thorbecke.workforce.competences import ModelError
from thorbecke.workforce.models import WorkforcePublication, WorkforceReportLine
from thorbecke.workforce.suppression import ALL

PAGE = "/en/workforce/insight/publications/"
PUBLISH = "/en/workforce/insight/publications/publish/"
DEVELOPERS = ("cwa-16458:6", ALL, ALL, ALL)


def before_publishing() -> None:
    reports.submit(org("gm0344"), YEAR, [line("6", 3, 4)])
    reports.submit(org("gm0307"), YEAR, [line("6", 3, 4)])
    reports.submit(org("gm0599"), YEAR, [line("6", 3, 4)])


@pytest.mark.django_db
def test_a_year_is_not_public_until_it_is_published(client, register):
    before_publishing()
    assert insight.years() == [] and insight.cube(YEAR) == {}
    assert "No year has been published yet." in client.get("/en/workforce/insight/").content.decode()
    assert client.get("/api/v1/workforce-insight").json()["rows"] == []
    assert client.get("/api/v1/workforce-shortages").json()["profiles"] == []


@pytest.mark.django_db
def test_a_published_year_is_frozen_and_its_reports_are_closed(register):
    national()
    found = WorkforcePublication.objects.get()
    assert (found.year, found.state, found.organisations, found.lines) == (YEAR, "published", 6, 8)
    before = insight.cube(YEAR)
    assert before[DEVELOPERS].figures.headcount == 26 and insight.cube(YEAR) is before
    # A report for the published year is refused, with the field named, and changes nothing.
    lines = stored()
    with pytest.raises(ModelError) as refused:
        reports.submit(org("pv26"), YEAR, [line("6", 3, 7)])
    assert refused.value.field == "year" and "zijn gepubliceerd" in str(refused.value)
    assert stored() == lines
    # The views read what was published, not the reports: a line changed behind the hub's back shows nowhere.
    WorkforceReportLine.objects.filter(report__organisation__code="pv26").update(headcount=700)
    assert insight.cube(YEAR)[DEVELOPERS].figures.headcount == 26
    # A year is published once; the next year is open.
    with pytest.raises(ModelError, match="één keer gepubliceerd"):
        publication.publish(YEAR)
    reports.submit(org("pv26"), YEAR + 1, [line("6", 3, 7)])
    with pytest.raises(ModelError, match="niets te publiceren"):
        publication.publish(YEAR + 2)


@pytest.mark.django_db
def test_an_attempt_cut_off_by_a_stopped_hub_can_be_started_again_later(register):
    before_publishing()
    running = publication.begin(YEAR)  # and the hub stops before the thread completes it
    with pytest.raises(ModelError, match="worden gepubliceerd"):
        publication.begin(YEAR)
    assert publication.closed(YEAR) == running
    WorkforcePublication.objects.filter(pk=running.pk).update(
        started_at=timezone.now() - publication.STALE + timedelta(minutes=1)
    )
    with pytest.raises(ModelError, match="worden gepubliceerd"):
        publication.begin(YEAR)
    WorkforcePublication.objects.filter(pk=running.pk).update(
        started_at=timezone.now() - publication.STALE - timedelta(minutes=1)
    )
    assert publication.closed(YEAR) is None
    reports.submit(org("pv26"), YEAR, [line("6", 3, 2)])  # open again
    assert publication.complete(publication.begin(YEAR)).state == "published"


@pytest.mark.django_db
def test_the_stored_cube_holds_no_hidden_figure(register):
    national()
    stored_cells = WorkforcePublication.objects.get().cells
    hidden = [cell for cell in stored_cells if not cell[1]]
    assert hidden and all(cell[3] is None for cell in hidden)
    scientists = insight.cube(YEAR)[("cwa-16458:27", ALL, ALL, ALL)]
    assert not scientists.shown and scientists.figures.headcount == 0


@pytest.mark.django_db
def test_a_failed_attempt_keeps_the_year_open_and_can_be_started_again(register, monkeypatch):
    before_publishing()

    def broken(_contributions):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(publication, "protect", broken)
    failed = publication.publish(YEAR)
    assert (failed.state, failed.error) == ("failed", "out of memory")
    assert insight.years() == [] and publication.closed(YEAR) is None
    reports.submit(org("pv26"), YEAR, [line("6", 3, 2)])  # still open
    monkeypatch.undo()
    assert publication.publish(YEAR).state == "published"
    assert WorkforcePublication.objects.count() == 1 and insight.years() == [YEAR]


@pytest.mark.django_db
def test_only_the_programme_publishes(client, accounts):
    before_publishing()
    assert "sign-in" in client.post(PUBLISH, {"year": YEAR})["Location"]
    for username in ("utrecht-admin", "utrecht-editor"):
        client.login(username=username, password=PASSWORD)
        assert "Publish 2026" not in client.get(PAGE).content.decode()
        assert client.post(PUBLISH, {"year": YEAR}).status_code == 403
    assert not WorkforcePublication.objects.exists()
    client.login(username="programme", password=PASSWORD)
    response = client.post(PUBLISH, {"year": "20x6"})
    assert response.status_code == 400 and "Enter a whole number." in response.content.decode()
    response = client.post(PUBLISH, {"year": YEAR + 1})
    assert response.status_code == 400 and "No organisation has reported for 2027" in response.content.decode()
    assert not WorkforcePublication.objects.exists()


@pytest.mark.django_db(transaction=True)  # publishing runs in a background thread with its own connection
def test_the_programme_publishes_from_the_page_and_follows_it(client, accounts):
    before_publishing()
    client.login(username="programme", password=PASSWORD)
    page = client.get(PAGE).content.decode()
    assert "3 organisations" in page and "Publish 2026" in page
    response = client.post(PUBLISH, {"year": YEAR})
    assert response.status_code == 302 and response["Location"] == PAGE
    found = WorkforcePublication.objects.get()
    for _ in range(300):
        found.refresh_from_db()
        if found.state != "running":
            break
        time.sleep(0.1)
    assert found.state == "published"
    page = client.get(PAGE).content.decode()
    assert "published" in page and "Publish 2026" not in page
    assert "Figures of 2026" in client.get("/en/workforce/insight/").content.decode()
    dutch = client.get("/vakmanschap/inzicht/publicaties/").content.decode()
    assert "gepubliceerd op" in dutch
