"""The register's pages in a real Chromium at 390 px, in both languages, with axe-core; and a form with errors."""

import pytest
from playwright.sync_api import expect

from tests.registry.test_permissions import utrecht_concept_algorithm
from tests.web.browser import axe_violations
from tests.web.test_browser import page, sign_in  # noqa: F401 (the fixture)
from thorbecke.ai.register import move

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_register_pages_fit_390_pixels_and_pass_axe(page):  # noqa: F811
    algorithm = utrecht_concept_algorithm()
    move(algorithm, "publish", None)
    page.set_viewport_size({"width": 390, "height": 844})
    paths = ["/algoritmes/", "/algoritmes/?q=geheim&category=C", f"/algoritmes/{algorithm.public_id}/"]
    paths += ["/en/algorithms/", f"/en/algorithms/{algorithm.public_id}/"]
    for path in paths:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert axe_violations(page) == [], path
    page.goto("/algoritmes/")
    page.get_by_role("textbox", name="Zoeken").fill("geheim")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("status")).to_contain_text("1 algoritme gevonden")
    page.get_by_role("link", name="Geheim concept-algoritme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Geheim concept-algoritme")


def test_the_description_form_keeps_what_was_typed_and_passes_axe(page):  # noqa: F811
    sign_in(page, "utrecht-editor")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/algoritmes/beheer/nieuw/")
    assert axe_violations(page) == []
    page.get_by_label("Naam (verplicht)").fill("Slimme lantaarnpalen")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Korte omschrijving")
    expect(page.get_by_label("Naam (verplicht)")).to_have_value("Slimme lantaarnpalen")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    algorithm = utrecht_concept_algorithm()
    page.goto(f"/en/algorithms/{algorithm.public_id}/edit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
