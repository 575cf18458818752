"""The demo's DigiD and eHerkenning stand-ins, in their own server, asked as a browser and a relying party would."""

import http.client
import json
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def call(
    base: str, method: str, path: str, form: dict[str, str] | None = None, cookie: str = ""
) -> tuple[int, dict[str, str], str]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        body = urlencode(form) if form is not None else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if form is not None else {}
        if cookie:
            headers["Cookie"] = cookie
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def choose(base: str, provider: str, form: dict[str, str]) -> tuple[int, dict[str, str], str]:
    """Open the provider's page as a browser does, then send the choice with its CSRF cookie and token."""
    asked = {k: v for k, v in form.items() if k != "account"}
    _status, headers, page = call(base, "GET", f"/{provider}/authorize?" + urlencode(asked))
    cookie = {k.lower(): v for k, v in headers.items()}["set-cookie"].split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return call(base, "POST", f"/{provider}/authorize", form | {"csrfmiddlewaretoken": token}, cookie)


def sign_in_params(live_server, provider: str = "digid", **extra: str) -> dict[str, str]:
    callback = "oidc_authentication_callback" if provider == "digid" else "eherkenning_authentication_callback"
    path = "/oidc/callback/" if callback == "oidc_authentication_callback" else "/oidc/eherkenning/callback/"
    return {"client_id": "thorbecke-hub", "response_type": "code", "redirect_uri": live_server.url + path,
            "state": "s", "nonce": "n", **extra}  # fmt: skip


def test_the_page_speaks_the_language_the_hub_asks_for(identity_server, live_server):
    status, _headers, page = call(
        identity_server, "GET", "/digid/authorize?" + urlencode(sign_in_params(live_server, ui_locales="en"))
    )
    assert status == 200 and '<html lang="en"' in page and "Sign in with DigiD (demo)" in page
    status, _headers, page = call(identity_server, "GET", "/digid/authorize?" + urlencode(sign_in_params(live_server)))
    assert '<html lang="nl"' in page and "Inloggen met DigiD (demo)" in page


def test_the_page_has_a_policy_that_lets_its_form_go_on_only_to_the_hub(identity_server, live_server):
    _status, headers, _page = call(identity_server, "GET", "/digid/authorize?" + urlencode(sign_in_params(live_server)))
    policy = {k.lower(): v for k, v in headers.items()}["content-security-policy"]
    assert f"form-action 'self' {live_server.url};" in policy and "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("account", ["", "<script>alert(1)</script>", "9" * 5000, "999990018", "90000011"])
def test_a_bad_or_unknown_account_gets_the_page_again_with_an_error(identity_server, live_server, account):
    form = sign_in_params(live_server, ui_locales="en") | {"account": account}
    status, headers, page = choose(identity_server, "digid", form)
    assert status == 400 and "location" not in {k.lower() for k in headers}
    assert "Choose one of the accounts below." in page and "<script>alert" not in page


def _exchange(identity_server, live_server) -> dict[str, str]:
    form = sign_in_params(live_server, "eherkenning") | {"account": "90000011"}
    status, headers, _page = choose(identity_server, "eherkenning", form)
    assert status == 302
    location = {k.lower(): v for k, v in headers.items()}["location"]
    code = parse_qs(urlsplit(location).query)["code"][0]
    return {"client_id": "thorbecke-hub", "client_secret": "test-secret", "grant_type": "authorization_code",
                  "code": code, "redirect_uri": form["redirect_uri"]}  # fmt: skip


def test_a_code_is_good_once_and_only_at_its_own_provider(identity_server, live_server):
    import jwt

    exchange = _exchange(identity_server, live_server)
    status, _headers, answer = call(identity_server, "POST", "/digid/token", exchange)
    assert status == 400 and json.loads(answer)["error"] == "invalid_grant"  # DigiD does not take eHerkenning's code

    exchange = _exchange(identity_server, live_server)
    status, _headers, answer = call(identity_server, "POST", "/eherkenning/token", exchange)
    claims = jwt.decode(json.loads(answer)["id_token"], options={"verify_signature": False})
    assert status == 200 and claims["kvk"] == "90000011" and claims["iss"] == f"{identity_server}/eherkenning"
    status, _headers, answer = call(identity_server, "POST", "/eherkenning/token", exchange)
    assert status == 400 and json.loads(answer)["error"] == "invalid_grant"


@pytest.mark.parametrize(
    "where",
    [
        "@evil.example/cb",  # the user-info trick: http://127.0.0.1:8000@evil.example/cb goes to evil.example
        ".evil.example/oidc/callback/",
        "/oidc/callback/../../elsewhere/",
        "/oidc/callback/?then=https://evil.example/",
        "/oidc/callback/#x",
        "/elsewhere/",
        "/oidc/eherkenning/callback/",  # eHerkenning's callback is not DigiD's
    ],
)
def test_only_the_hubs_own_callback_is_a_redirect_uri(identity_server, live_server, where):
    form = sign_in_params(live_server) | {"redirect_uri": live_server.url + where}
    status, _headers, page = call(identity_server, "GET", "/digid/authorize?" + urlencode(form))
    assert status == 400 and "redirect_uri is not registered" in page
    # The choice sent with a CSRF token from a page asked properly, and the hostile address in its stead.
    _status, headers, page = call(identity_server, "GET", "/digid/authorize?" + urlencode(sign_in_params(live_server)))
    cookie = {k.lower(): v for k, v in headers.items()}["set-cookie"].split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    sent = form | {"account": "999990019", "csrfmiddlewaretoken": token}
    status, headers, _page = call(identity_server, "POST", "/digid/authorize", sent, cookie)
    assert status == 400 and "location" not in {k.lower() for k in headers}
