import pytest

from tests.conftest import PASSWORD
from tests.registry.test_permissions import utrecht_report
from thorbecke.signals.models import StatusChange

pytestmark = pytest.mark.django_db


def test_staff_change_the_status_with_a_note_and_the_history_only_grows(client, accounts):
    report = utrecht_report()
    client.login(username="utrecht-editor", password=PASSWORD)
    assert client.post(f"/meldingen/{report.pk}/status/", {"status": "closed"}).status_code == 400
    assert not StatusChange.objects.exists()
    client.post(f"/meldingen/{report.pk}/status/", {"status": "closed", "note": "Container geleegd."})
    client.post(f"/meldingen/{report.pk}/status/", {"status": "open", "note": "Weer vol gemeld."})
    report.refresh_from_db()
    assert (report.status, report.status_notes) == ("open", "Weer vol gemeld.")
    steps = list(report.history.values_list("old_status", "new_status", "note"))
    assert steps == [("open", "closed", "Container geleegd."), ("closed", "open", "Weer vol gemeld.")]
    page = client.get(f"/meldingen/{report.pk}/").content.decode()
    assert page.index("Container geleegd.") < page.index("Weer vol gemeld.")
    step = report.history.first()
    step.note = "anders"
    with pytest.raises(ValueError, match="append-only"):
        step.save()
    with pytest.raises(ValueError, match="append-only"):
        step.delete()


def test_the_list_shows_only_the_organisations_own_reports(client, accounts):
    utrecht_report()
    client.login(username="amsterdam-editor", password=PASSWORD)
    assert "Geen meldingen." in client.get("/meldingen/").content.decode()
    client.login(username="utrecht-viewer", password=PASSWORD)
    page = client.get("/meldingen/").content.decode()
    assert "1 melding" in page and "Container is vol" in page


def test_the_reporter_hears_of_each_status_change_by_e_mail(client, accounts, mailoutbox):
    report = utrecht_report()
    report.email = "melder@example.org"
    report.save()
    client.login(username="utrecht-admin", password=PASSWORD)
    client.post(f"/meldingen/{report.pk}/status/", {"status": "closed", "note": "Container geleegd."})
    (mail,) = mailoutbox
    assert mail.to == ["melder@example.org"] and "Container geleegd." in mail.body and "afgesloten" in mail.subject


def test_a_report_that_is_not_ours_is_forwarded_with_the_reason(client, accounts):
    report = utrecht_report()
    client.login(username="utrecht-editor", password=PASSWORD)
    url = f"/meldingen/{report.pk}/doorsturen/"
    assert client.post(url, {"forward-organisation": "gm9999", "forward-note": "x"}).status_code == 400
    assert client.post(url, {"forward-organisation": "gm0344", "forward-note": "x"}).status_code == 400
    response = client.post(url, {"forward-organisation": "ws0155", "forward-note": "Een sloot van het waterschap."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.organisation.code == "ws0155"
    (step,) = report.history.all()
    assert (step.forwarded_from.code, step.forwarded_to.code, step.note) == (
        "gm0344",
        "ws0155",
        "Een sloot van het waterschap.",
    )
    assert client.get(f"/meldingen/{report.pk}/").status_code == 403  # no longer Utrecht's
