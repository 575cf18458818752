"""The reporter's own e-mail address is confirmed before the hub mails it news, as a follower's is.

Threat: anyone reports a problem (on the reporting page, or through Open311 with any app's api_key) with
someone else's e-mail address, on any number of reports; that person is then mailed at every status change
(harassment, or spam in the hub's name) and is told notes meant for the reporter. Now the address gets one
mail, the acknowledgement with a signed link to confirm, and nothing else until its owner confirms."""

import pytest
from django.core.management import call_command

from tests.conftest import PASSWORD
from tests.signals.test_following import links
from thorbecke.services.citizens import CitizenBackend, citizen_key
from thorbecke.signals.models import Follower, ServiceRequest
from thorbecke.signals.notify import CONFIRMATIONS_PER_DAY

pytestmark = pytest.mark.django_db

DOM_UTRECHT = {"lat": "52.0907", "long": "5.1214"}
DESCRIPTION = "Bel 0900-1234 voor uw beloning: de lantaarnpaal doet het niet."


def report_on_the_page(client, email="slachtoffer@example.org"):
    data = {"description": DESCRIPTION, "category": "straatverlichting-openbare-klok", "email": email, **DOM_UTRECHT}
    data["confirmed"] = "1"  # not the earlier report nearby: a new one
    assert client.post("/melding-doen/", data).status_code == 302
    return ServiceRequest.objects.latest("pk")


def change_status(client, report, note, audience="reporter", status="open"):
    client.login(username="utrecht-editor", password=PASSWORD)
    answer = client.post(f"/meldingen/{report.pk}/status/", {"status": status, "note": note, "audience": audience})
    assert answer.status_code == 302
    client.logout()


def only_the_acknowledgement(mailoutbox, report):
    (ack,) = mailoutbox
    assert ack.to == ["slachtoffer@example.org"]
    assert str(report.pk) in ack.subject and "bevestig" in ack.body.lower() and "confirm" in ack.body.lower()
    # Nothing the person who typed the address wrote, and nothing the public page does not show.
    assert "0900" not in ack.body + ack.subject and "lantaarnpaal doet" not in ack.body
    return ack


def confirm_and_hear(client, mailoutbox, report, ack):
    (dutch, english) = [u for u in links(ack.body) if "bevestig" in u or "confirm" in u]
    (dutch_page, english_page) = (client.get(u).content.decode() for u in (dutch, english))
    assert "Bevestig uw e-mailadres" in dutch_page and "Confirm your e-mail address" in english_page
    assert len(mailoutbox) == 1  # opening the link (a mail scanner) confirms nothing
    confirmed = client.post(dutch, follow=True).content.decode()
    assert f"We mailen u hoe melding {report.pk} wordt afgehandeld." in confirmed
    change_status(client, report, "We bellen u morgen terug.", status="closed")
    news = mailoutbox[-1]
    assert news.to == ["slachtoffer@example.org"] and "We bellen u morgen terug." in news.body
    assert any("tevreden" in u for u in links(news.body))  # the reporter's one question
    (stop,) = [u for u in links(news.body) if "stoppen" in u]
    assert client.post(stop).status_code == 302
    change_status(client, report, "Weer open.", status="open")
    assert all("Weer open." not in m.body for m in mailoutbox)


def test_a_report_with_someones_address_mails_them_only_the_acknowledgement_until_confirmed(
    client, register, accounts, mailoutbox
):
    report = report_on_the_page(client)
    ack = only_the_acknowledgement(mailoutbox, report)
    assert any("stoppen" in u for u in links(ack.body))  # every mail says how to stop
    change_status(client, report, "We bellen u morgen terug.")
    change_status(client, report, "Container geleegd.", audience="public")
    assert len(mailoutbox) == 1
    confirm_and_hear(client, mailoutbox, report, ack)


def test_a_status_change_is_not_mailed_to_an_unconfirmed_reporter(client, register, accounts, mailoutbox):
    report = report_on_the_page(client)
    change_status(client, report, "We bellen u morgen terug.")
    change_status(client, report, "Container geleegd.", audience="public", status="closed")
    assert not [m for m in mailoutbox if "We bellen" in m.body or "Container geleegd." in m.body]


def test_an_open311_client_posting_an_email_gets_the_same(client, register, accounts, mailoutbox, capsys):
    call_command("create_open311_key", "some app")
    key = capsys.readouterr().out.strip()
    fields = {"api_key": key, "service_code": "straatverlichting-openbare-klok", "description": DESCRIPTION}
    answer = client.post("/open311/v2/requests.json", {**fields, **DOM_UTRECHT, "email": "slachtoffer@example.org"})
    assert answer.status_code == 201
    report = ServiceRequest.objects.get(pk=answer.json()[0]["service_request_id"])
    ack = only_the_acknowledgement(mailoutbox, report)
    change_status(client, report, "We bellen u morgen terug.")
    assert len(mailoutbox) == 1
    confirm_and_hear(client, mailoutbox, report, ack)


def test_acknowledgements_to_one_address_are_capped_a_day(client, register, mailoutbox):
    for _ in range(CONFIRMATIONS_PER_DAY + 2):
        report_on_the_page(client)
    assert len(mailoutbox) == CONFIRMATIONS_PER_DAY


def test_a_signed_in_reporter_needs_no_confirmation(client, register, accounts, mailoutbox):
    client.force_login(CitizenBackend().create_user({"bsn": "999990032", "name": "Jan"}))
    report = report_on_the_page(client, email="jan@example.org")
    assert report.reporter_key == citizen_key("999990032") and not mailoutbox
    assert not Follower.objects.exists()


def test_a_report_is_kept_and_answered_when_the_mail_server_is_down(client, register, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    report = report_on_the_page(client)
    assert report.email == "slachtoffer@example.org" and "could not be mailed" in caplog.text
