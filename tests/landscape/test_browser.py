"""The demo landscape and an exercise in a real Chromium, in Dutch and English, at desktop width and on a phone:
the filter narrows the list, the choice runs, and axe-core finds nothing on any page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.web.browser import axe_violations
from tests.web.test_browser import sign_in
from thorbecke.demo.landscape import seed_landscape
from thorbecke.landscape.building_blocks import import_building_blocks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/landscape-screenshots")
TEXT = {
    "nl": {
        "landscape": "/landschap/gm0344/",
        "new": "/landschap/oefeningen/nieuw/",
        "filter": "Zoek in de lijst",
        "what": "Wat valt uit",
        "title": "Titel",
        "run": "Uitvoeren en bewaren",
        "matches": re.compile(r"^1 van \d+ getoond$"),
        "count": re.compile(r"\d{1,3}(\.\d{3})+"),
    },
    "en": {
        "landscape": "/en/landscape/gm0344/",
        "new": "/en/landscape/exercises/new/",
        "filter": "Filter the list",
        "what": "What fails",
        "title": "Title",
        "run": "Run and save",
        "matches": re.compile(r"^1 of \d+ shown$"),
        "count": re.compile(r"\d{1,3}(,\d{3})+"),
    },
}


@pytest.fixture
def page(browser, live_server, accounts):
    import_building_blocks(settings.SHARED_DATA_DIR)
    seed_landscape()
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_a_digid_exercise_from_the_list_in_both_languages_at_both_widths(page, language, width):
    text = TEXT[language]
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "utrecht-editor", english=language == "en")
    failures = {}

    def check(name: str) -> None:
        page.screenshot(path=SHOTS / f"{name}-{language}-{width}.png", full_page=True)
        if found := axe_violations(page):
            failures[name] = found
        if width == 390:  # nothing scrolls sideways on a phone, but a wide table inside its own container
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name

    page.goto(text["landscape"])
    expect(page.get_by_text("Paspoort aanvragen").first).to_be_visible()
    check("landscape")
    page.goto(text["new"])
    page.get_by_label(text["filter"]).fill("digid")
    expect(page.locator("[data-filter-status]")).to_have_text(text["matches"])
    check("exercise-new")
    page.get_by_label(text["title"]).fill("DigiD")
    page.get_by_label(text["what"], exact=True).select_option("entity:component:shared/digid")
    page.get_by_role("button", name=text["run"]).click()
    expect(page.get_by_text("Paspoort aanvragen").first).to_be_visible()  # Utrecht's own, by name
    # UWV goes down too: counted among the organisations affected, not named to Utrecht (decision 0030).
    assert "Uitvoeringsinstituut Werknemersverzekeringen" not in page.inner_text("main")
    assert text["count"].search(page.inner_text("dl"))
    check("exercise")
    assert not failures, failures
