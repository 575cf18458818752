"""Sharing the common indicators without writing STIX: an address, a domain name, a web address or a file hash,
with its TLP and recipients, becomes a valid STIX 2.1 indicator shared the way a pasted bundle is; bad input is
kept, explained in the page's language and changes nothing; a bad JSON paste says so in the page's language."""

import re

import pytest
import stix2
from playwright.sync_api import expect

from tests.conftest import PASSWORD, snapshot
from tests.web.browser import axe_violations
from tests.web.test_browser import sign_in
from thorbecke.soc.models import StixObject

pytestmark = pytest.mark.django_db
SHOTS = "/tmp/i19-forms-shots"
SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
KINDS = [
    ("ip", "198.51.100.1", "[ipv4-addr:value = '198.51.100.1']"),
    ("ip", "2001:DB8:0::7", "[ipv6-addr:value = '2001:db8::7']"),
    ("domain", "Inloggen-DigiD.example.", "[domain-name:value = 'inloggen-digid.example']"),
    ("url", "https://phish.example/login?next=/mijn'", "[url:value = 'https://phish.example/login?next=/mijn\\'']"),
    ("hash", "D41D8CD98F00B204E9800998ECF8427E", "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"),
    (
        "hash",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']",
    ),
    ("hash", SHA256, f"[file:hashes.'SHA-256' = '{SHA256}']"),
]


def share(client, **fields):
    data = {"name": "", "tlp": "amber", "recipients": ["gm0363"], **fields}
    return client.post("/dreigingsinformatie/delen/", {f"indicator-{k}": v for k, v in data.items()})


@pytest.mark.parametrize(("kind", "value", "pattern"), KINDS)
def test_each_kind_becomes_an_indicator_the_recipient_reads(client, accounts, kind, value, pattern):
    client.login(username="utrecht-editor", password=PASSWORD)
    response = share(client, kind=kind, value=value, name="Phishing campaign")
    assert response.status_code == 302, response.content.decode()[-3000:]
    shared = StixObject.objects.get()
    assert shared.body["pattern"] == pattern and shared.tlp == "amber"
    assert [o.code for o in shared.recipients.all()] == ["gm0363"]
    stix2.parse({k: v for k, v in shared.body.items() if not k.startswith("x_")}, version="2.1")
    client.login(username="amsterdam-editor", password=PASSWORD)
    assert pattern.replace("'", "&#x27;") in client.get("/dreigingsinformatie/").content.decode()
    client.login(username="programme", password=PASSWORD)
    assert "Phishing campaign" not in client.get("/dreigingsinformatie/").content.decode()  # not a recipient


BAD = [
    ("ip", "198.51.100.300", "IPv4- of IPv6-adres"),
    ("domain", "phish_ing..example", "domeinnaam"),
    ("url", "javascript:alert(1)", "http:// of https://"),
    ("hash", "d41d8cd98f00b204e9800998ecf8427", "32 (MD5), 40 (SHA-1) of 64 (SHA-256)"),
    ("hash", "z" * 64, "32 (MD5), 40 (SHA-1) of 64 (SHA-256)"),
]


@pytest.mark.parametrize(("kind", "value", "message"), BAD)
def test_bad_input_is_kept_explained_in_dutch_and_changes_nothing(client, accounts, kind, value, message):
    client.login(username="utrecht-editor", password=PASSWORD)
    before = snapshot()
    response = share(client, kind=kind, value=value, name="Mijn notitie")
    html = response.content.decode()
    assert response.status_code == 400 and message in html and "Er is niets opgeslagen" in html
    assert f'value="{value}"' in html.replace("&#x27;", "'") and 'value="Mijn notitie"' in html
    assert re.search(rf'value="{kind}"[^>]*checked', html) and re.search(r'value="amber"[^>]*checked', html)
    assert snapshot() == before


def test_recipients_go_with_amber_only_and_amber_needs_them(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    before = snapshot()
    green = share(client, kind="ip", value="198.51.100.1", tlp="green").content.decode()
    assert green.count("alleen bij TLP:AMBER") == 2  # in the summary and at the field
    amber = share(client, kind="ip", value="198.51.100.1", recipients=[]).content.decode()
    assert "Kies bij TLP:AMBER" in amber
    assert snapshot() == before


def test_a_bad_json_paste_is_explained_in_the_pages_language(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    before = snapshot()
    dutch = client.post("/dreigingsinformatie/delen/", {"bundle": '{"type": "bundle",\n "objects": [}'})
    html = dutch.content.decode()
    assert dutch.status_code == 400 and "Dit is geen geldige JSON" in html and "regel 2" in html
    assert "Expecting" not in html and "{&quot;type&quot;: &quot;bundle&quot;" in html
    english = client.post("/en/threat-indicators/share/", {"bundle": "{not json"}).content.decode()
    assert "This is not valid JSON" in english and "Expecting" not in english
    assert snapshot() == before


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_share_form_in_the_browser_passes_axe_at_both_widths(browser, live_server, accounts, language):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    english = language == "en"
    sign_in(page, "utrecht-editor", english)
    url = "/en/threat-indicators/" if english else "/dreigingsinformatie/"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.get_by_label("Domain name" if english else "Domeinnaam", exact=True).check()
        page.get_by_label("Value" if english else "Waarde", exact=True).fill("phish_ing..example")
        page.get_by_label("TLP:AMBER", exact=True).check()
        page.get_by_label("Filter the list" if english else "Zoek in de lijst").fill("amsterdam")
        page.get_by_role("listbox").select_option("gm0363")
        page.get_by_role("button", name="Share the indicator" if english else "Deel de indicator").click()
        expect(page.get_by_role("alert")).to_be_visible()
        page.screenshot(path=f"{SHOTS}/soc-error-{language}-{width}.png", full_page=True)
        assert axe_violations(page) == [], (language, width)
        page.get_by_label("Value" if english else "Waarde", exact=True).fill("phishing.example")
        page.get_by_role("button", name="Share the indicator" if english else "Deel de indicator").click()
        expect(page.get_by_text("[domain-name:value = 'phishing.example']").first).to_be_visible()
        page.screenshot(path=f"{SHOTS}/soc-{language}-{width}.png", full_page=True)
        assert axe_violations(page) == [], (language, width)
    context.close()
