"""How long a sign-in lasts: staff a working day; people and companies, signed in by DigiD or eHerkenning, half
an hour at most and never past the browser's closing (docs/decisions/0033-csp-and-production-settings.md)."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.demo.test_identity import choose

EIGHT_HOURS = 8 * 60 * 60


def _session_lasts(client, settings) -> timedelta:
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return Session.objects.get(session_key=key).expire_date - timezone.now()


@pytest.mark.django_db
def test_a_staff_sign_in_lasts_a_working_day(client, accounts, settings):
    response = client.post("/aanmelden/", {"username": "utrecht-editor", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == EIGHT_HOURS and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert timedelta(hours=7, minutes=59) < _session_lasts(client, settings) <= timedelta(hours=8)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("provider", "start", "account"), [("digid", "/oidc/authenticate/", "999990032"),
                         ("eherkenning", "/oidc/eherkenning/authenticate/", "90000011")])  # fmt: skip
def test_a_citizens_or_companys_sign_in_ends_with_the_browser_and_within_half_an_hour(
    client, demo_idp, identity_server, live_server, settings, provider, start, account
):
    host = urlsplit(live_server.url).netloc  # the hub's address, which the stand-ins send the code back to
    asked = client.get(start, {"next": "/mijn-pagina/"}, HTTP_HOST=host)
    params = {k: v[0] for k, v in parse_qs(urlsplit(asked["Location"]).query).items()}
    status, headers, _page = choose(identity_server, provider, params | {"account": account})
    assert status == 302
    back = urlsplit({k.lower(): v for k, v in headers.items()}["location"])
    response = client.get(f"{back.path}?{back.query}", HTTP_HOST=host)
    assert response.status_code == 302 and response["Location"] == "/mijn-pagina/"
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a cookie of this browser session only
    assert timedelta(minutes=29) < _session_lasts(client, settings) <= timedelta(minutes=30)
