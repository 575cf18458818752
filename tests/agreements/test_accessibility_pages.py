"""The scorecard with the register's real evidence and the programme's scan-now button, and an organisation's
statements, pass axe in both languages at desktop width and at 390 px. THORBECKE_SCREENSHOTS=<folder> keeps
a screenshot of each."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.web.browser import axe_violations
from thorbecke.agreements.catalogue import import_agreements

PAGES = {
    "nl": [("scorecard", "/afspraken/scorekaart/"), ("westland", "/afspraken/organisaties/gm1783/")],
    "en": [("scorecard", "/en/agreements/scorecard/"), ("westland", "/en/agreements/organisations/gm1783/")],
}


@pytest.mark.django_db(transaction=True)
def test_the_scorecard_with_real_evidence_passes_axe(browser, live_server, accounts):
    import_agreements(settings.SHARED_DATA_DIR)
    call_command("import_accessibility_register")
    shots = os.environ.get("THORBECKE_SCREENSHOTS")
    failures = {}
    for language, pages in PAGES.items():
        for width in (1280, 390):
            context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto("/en/sign-in/")
            page.get_by_label("Username").fill("programme")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("button", name="Sign out")).to_be_visible()
            for name, url in pages:
                page.goto(url)
                assert page.locator("html").get_attribute("lang") == language
                if violations := axe_violations(page):
                    failures[f"{url} at {width}"] = violations
                if shots:
                    page.screenshot(
                        path=str(Path(shots) / f"{name}-{language}-{width}.png"), full_page=name != "scorecard"
                    )
            context.close()
    assert not failures, failures
