"""Following a report by e-mail: nothing is sent to an address until its owner confirms it, and every mail
after that says how to stop.

Threat: anyone types someone else's address into "Follow this report" on any number of reports, and the
hub mails that person about reports they never asked for (harassment, or spam in the hub's name)."""

import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from tests.conftest import PASSWORD
from tests.registry.test_permissions import utrecht_report
from thorbecke.services.citizens import CitizenBackend, citizen_key
from thorbecke.signals.models import Follower
from thorbecke.signals.notify import FOLLOW_SALT

pytestmark = pytest.mark.django_db


def follow_page(salt: str, english: bool = False, reporter: bool = False) -> str:
    """The page a confirm (FOLLOW_SALT) or stop (UNFOLLOW_SALT) link opens, for a new follower by e-mail of
    Utrecht's report, or its reporter's address (tests/web/test_browser.py visits these)."""
    follower = Follower.objects.create(request=utrecht_report(), email="buur@example.org", reporter=reporter)
    name = "reporting:follow-confirm" if salt == FOLLOW_SALT else "reporting:unfollow"
    with translation.override("en" if english else "nl"):
        return reverse(name, args=[signing.dumps(follower.pk, salt=salt)])


def change_status(client, report, note="Container geleegd."):
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(f"/meldingen/{report.pk}/status/", {"status": "open", "note": note, "audience": "public"})
    client.logout()


def links(body: str, language_prefix: str = "") -> list[str]:
    return re.findall(rf"http://127\.0\.0\.1:8000({language_prefix}/[^\s]+)", body)


def test_a_follower_hears_nothing_until_they_confirm_and_can_always_stop(client, accounts, mailoutbox):
    report = utrecht_report()
    response = client.post(f"/melding-doen/{report.pk}/volgen/", {"email": "buur@example.org"})
    assert response.status_code == 302
    (confirm,) = mailoutbox
    assert confirm.to == ["buur@example.org"] and "bevestig" in confirm.body.lower()
    assert "confirm" in confirm.body.lower()  # Dutch and English, as every mail of the hub
    assert not Follower.objects.get().confirmed_at
    change_status(client, report)
    assert len(mailoutbox) == 1  # unconfirmed: told nothing
    (dutch_link, english_link) = [u for u in links(confirm.body) if "bevestig" in u or "confirm" in u]
    # Opening the link (as a mail scanner does) changes nothing; the button on the page does.
    page = client.get(dutch_link)
    assert page.status_code == 200 and "Bevestigen" in page.content.decode()
    assert "Confirm" in client.get(english_link).content.decode()
    assert not Follower.objects.get().confirmed_at
    assert client.post(dutch_link).status_code == 302
    assert Follower.objects.get().confirmed_at
    change_status(client, report, "Nog een keer geleegd.")
    news = mailoutbox[-1]
    assert news.to == ["buur@example.org"] and "Nog een keer geleegd." in news.body
    (stop,) = [u for u in links(news.body) if "stoppen" in u]
    assert "Stop" in client.get(stop).content.decode().title()
    assert client.post(stop).status_code == 302 and not Follower.objects.exists()
    change_status(client, report, "Derde keer.")
    assert all("Derde keer." not in m.body for m in mailoutbox)
    assert client.post(stop).status_code == 302  # stopping twice is no error


def test_a_forged_or_expired_link_confirms_nothing(client, accounts, mailoutbox):
    report = utrecht_report()
    client.post(f"/melding-doen/{report.pk}/volgen/", {"email": "buur@example.org"})
    follower = Follower.objects.get()
    forged = signing.dumps(follower.pk, salt="some other purpose")
    assert client.post(f"/melding-doen/volgen/bevestigen/{forged}/").status_code == 404

    class LastWeek(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(signing.time.time()) - 7 * 24 * 3600)

    expired = LastWeek(salt=FOLLOW_SALT).sign_object(follower.pk)
    answer = client.post(f"/melding-doen/volgen/bevestigen/{expired}/")
    assert answer.status_code == 400 and "verlopen" in answer.content.decode()
    assert not Follower.objects.get().confirmed_at


def test_the_same_address_is_not_mailed_over_and_over(client, accounts, mailoutbox):
    report = utrecht_report()
    for _ in range(3):
        assert client.post(f"/melding-doen/{report.pk}/volgen/", {"email": "buur@example.org"}).status_code == 302
    assert len(mailoutbox) == 1 and Follower.objects.count() == 1


def test_a_signed_in_follower_is_known_and_needs_no_mail(client, accounts, mailoutbox):
    report = utrecht_report()
    client.force_login(CitizenBackend().create_user({"bsn": "999990032", "name": "Jan"}))
    assert client.post(f"/melding-doen/{report.pk}/volgen/", {}).status_code == 302
    follower = Follower.objects.get()
    assert follower.reporter_key == citizen_key("999990032") and follower.confirmed_at and not mailoutbox
