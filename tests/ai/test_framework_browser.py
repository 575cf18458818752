"""The framework's pages in a real Chromium, in Dutch and English: axe clean, and no sideways scrolling at 390 px."""

import pytest
from playwright.sync_api import expect

from tests.web import test_browser
from tests.web.browser import axe_violations
from tests.web.test_browser import sign_in
from thorbecke.ai.models import Algorithm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
page = test_browser.page

PAGES = [
    "/algoritmes/kader/",
    "/algoritmes/kader/?type=ai-systeem&risk_group=hoog-risico-ai-systeem&role=gebruiksverantwoordelijke",
    "/algoritmes/kader/?risk_group=zeer-hoog",
    "/algoritmes/kader/aia-00/",
    "/algoritmes/kader/avg-08/",
]


@pytest.mark.parametrize("english", [False, True])
def test_the_framework_pages_pass_axe_and_fit_390_pixels(page, english):
    page.set_viewport_size({"width": 390, "height": 844})
    for dutch in PAGES:
        url = dutch.replace("/algoritmes/kader/", "/en/algorithms/framework/") if english else dutch
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert page.locator("html").get_attribute("lang") == ("en" if english else "nl")
        assert axe_violations(page) == [], url
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url


@pytest.mark.parametrize("english", [False, True])
def test_the_checklist_pages_pass_axe_and_fit_390_pixels(page, english):
    from tests.ai.test_framework_checklist import utrecht_algorithm

    algorithm = utrecht_algorithm()
    unclassified = Algorithm.objects.create(organisation=algorithm.organisation, name="Nog niet geclassificeerd")
    sign_in(page, "utrecht-editor", english=english)
    page.set_viewport_size({"width": 390, "height": 844})
    base = "/en/algorithms/{}/framework/" if english else "/algoritmes/{}/kader/"
    pages = [base.format(algorithm.public_id), base.format(unclassified.public_id)]
    pages += [base.format(algorithm.public_id) + ("instruments/" if english else "instrumenten/") + "aiia/"]
    for url in pages:
        page.goto(url)
        assert axe_violations(page) == [], url
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
    page.goto(base.format(algorithm.public_id) + "ver-aia-27/")
    page.get_by_label("State" if english else "Stand", exact=True).select_option("not_applicable")
    page.get_by_role("button", name="Save" if english else "Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Say why" if english else "Zeg waarom")
    assert axe_violations(page) == []
    page.get_by_label("Reason it does not apply" if english else "Reden dat het niet van toepassing is").fill("Geen")
    page.get_by_role("button", name="Save" if english else "Opslaan").click()
    expect(page.get_by_role("definition").filter(has_text="Geen")).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
