"""The declare form a person can use: the agreement chosen from a grouped, filterable list labelled in the page's
language, the yes/no answer a radio group that never covers the evidence field, and bad input kept and explained."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.web.browser import axe_violations
from tests.web.test_browser import sign_in
from thorbecke.agreements.catalogue import import_agreements
from thorbecke.agreements.models import Agreement, Check, Declaration

SHOTS = "/tmp/i19-forms-shots"


@pytest.fixture
def catalogue(accounts):
    import_agreements(settings.SHARED_DATA_DIR)


@pytest.mark.django_db
def test_the_agreement_list_is_grouped_and_labelled_in_dutch(client, catalogue):
    client.login(username="utrecht-editor", password=PASSWORD)
    html = client.get("/afspraken/organisaties/gm0344/").content.decode()
    assert re.search(r'<label[^>]*for="id_declare-agreement"[^>]*>Afspraak</label>', html)
    assert '<optgroup label="Standaarden">' in html and '<optgroup label="Bouwstenen">' in html
    assert re.search(r'<input[^>]*type="search"[^>]*aria-controls="id_declare-agreement"', html)
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Voldoet de organisatie\?</legend>", html)
    english = client.get("/en/agreements/organisations/gm0344/").content.decode()
    assert re.search(r'<label[^>]*for="id_declare-agreement"[^>]*>Agreement</label>', english)
    assert '<optgroup label="Standards">' in english


@pytest.mark.django_db
def test_a_bad_declaration_keeps_what_was_typed_explains_in_dutch_and_changes_nothing(client, catalogue):
    client.login(username="utrecht-editor", password=PASSWORD)
    agreement = Agreement.objects.filter(check_method=Check.DECLARED).first()
    data = {"declare-agreement": agreement.pk, "declare-complies": "1", "declare-evidence": "Ons beleid van 2024."}
    response = client.post("/afspraken/organisaties/gm0344/verklaren/", {**data, "declare-evidence_url": "geen url"})
    html = response.content.decode()
    assert response.status_code == 400 and "Er is niets opgeslagen" in html
    assert "Ons beleid van 2024." in html and 'value="geen url"' in html
    assert re.search(r'value="1"[^>]*checked', html) and f'value="{agreement.pk}" selected' in html
    assert not Declaration.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_declare_form_lays_out_and_passes_axe_at_both_widths(browser, live_server, catalogue, language):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    english = language == "en"
    sign_in(page, "utrecht-editor", english)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/en/agreements/organisations/gm0344/" if english else "/afspraken/organisaties/gm0344/")
        radios = page.locator("fieldset input[type=radio]")
        expect(radios).to_have_count(2)
        evidence = page.get_by_label("Evidence" if english else "Bewijs", exact=True)
        evidence_label = page.locator("label[for=id_declare-evidence]").bounding_box()
        bottom = max(r.bounding_box()["y"] + r.bounding_box()["height"] for r in radios.all())
        assert bottom <= evidence_label["y"] <= evidence.bounding_box()["y"], (width, bottom, evidence_label)
        # The filter narrows the list to the matching agreements, keeping their groups.
        page.get_by_label("Filter the list" if english else "Zoek in de lijst").fill("zzzz-nothing")
        expect(page.locator("#id_declare-agreement option:not([hidden]):not([value=''])")).to_have_count(0)
        page.get_by_label("Filter the list" if english else "Zoek in de lijst").fill("")
        page.locator("form[action*=verklaren], form[action*=declare]").screenshot(
            path=f"{SHOTS}/declare-{language}-{width}.png"
        )
        assert axe_violations(page) == [], (language, width)
    context.close()
