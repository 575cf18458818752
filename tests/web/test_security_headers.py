"""What the hub tells browsers to refuse, and which settings a production hub gets from its environment
(docs/decisions/0033-csp-and-production-settings.md)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from thorbecke.web.content_security import tile_source

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize("path", ["/", "/en/report-a-problem/", "/aanmelden/", "/bestaat-niet/", "/api/v1/"])
def test_every_response_has_a_content_security_policy(client, register, path):
    policy = client.get(path)["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:", "https://service.pdok.nl"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"] and directives["object-src"] == ["'none'"]


def test_the_tile_servers_origin_is_what_the_policy_lets_the_maps_load():
    assert tile_source("https://{s}.tile.example/{z}/{x}/{y}.png") == "https://*.tile.example"
    assert tile_source("https://tiles.example:8443/a/{z}/{x}/{y}.png?key=1") == "https://tiles.example:8443"
    assert tile_source("") is None


def settings_under(env: dict[str, str], tmp_path: Path) -> dict[str, object]:
    """The hub's settings as a process started with `env` reads them."""
    names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER",
             "SESSION_COOKIE_AGE", "CITIZEN_SESSION_AGE", "CSRF_TRUSTED_ORIGINS", "ALLOWED_HOSTS"]  # fmt: skip
    script = (
        "import json; from thorbecke.hub import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    )
    keep = {k: v for k, v in os.environ.items() if not k.startswith("THORBECKE_")}
    run = subprocess.run(
        [sys.executable, "-c", script],
        env={**keep, "PYTHONPATH": str(SRC), "THORBECKE_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout)


def test_the_demo_on_plain_http_sends_cookies_without_secure_and_no_hsts(tmp_path):
    found = settings_under({}, tmp_path)
    assert not found["SESSION_COOKIE_SECURE"] and not found["CSRF_COOKIE_SECURE"] and found["SECURE_HSTS_SECONDS"] == 0
    assert found["SESSION_COOKIE_AGE"] == 8 * 60 * 60 and found["CITIZEN_SESSION_AGE"] == 30 * 60


def test_a_hub_at_an_https_address_gets_secure_cookies_and_hsts(tmp_path):
    found = settings_under(
        {"THORBECKE_PUBLIC_URL": "https://hub.example.nl", "THORBECKE_ALLOWED_HOSTS": "hub.example.nl"}, tmp_path
    )
    assert found["SESSION_COOKIE_SECURE"] and found["CSRF_COOKIE_SECURE"] and found["SECURE_HSTS_SECONDS"] == 31536000
    assert found["CSRF_TRUSTED_ORIGINS"] == ["https://hub.example.nl"] and found["ALLOWED_HOSTS"] == ["hub.example.nl"]
    assert found["SECURE_PROXY_SSL_HEADER"] is None
    behind_proxy = settings_under({"THORBECKE_HTTPS": "1", "THORBECKE_PROXY_HTTPS_HEADER": "1"}, tmp_path)
    assert behind_proxy["SESSION_COOKIE_SECURE"] and behind_proxy["SECURE_PROXY_SSL_HEADER"] == [
        "HTTP_X_FORWARDED_PROTO",
        "https",
    ]


def test_a_write_from_another_site_without_the_forms_token_changes_nothing(accounts):
    from django.test import Client

    from tests.conftest import PASSWORD
    from thorbecke.registry.models import Organisation

    browser = Client(enforce_csrf_checks=True)
    browser.login(username="utrecht-editor", password=PASSWORD)
    before = Organisation.objects.get(code="gm0344").contact_email
    from django.urls import reverse

    url = reverse("registry:edit", args=["gm0344"])
    assert browser.get(url).status_code == 200  # the form is there for the signed-in editor
    response = browser.post(url, {"contact_email": "aanvaller@example.org"})
    assert response.status_code == 403
    assert Organisation.objects.get(code="gm0344").contact_email == before
