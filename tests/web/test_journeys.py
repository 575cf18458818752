"""The citizen's and the entrepreneur's journeys, walked in Chromium through `thorbecke demo` started as the README
runs it. Every page is checked with axe-core in Dutch and English, at desktop width and at 390 px, and a
screenshot of each step in each language is kept in docs/journeys/ for people who do not run the test."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser import axe_violations
from tests.web.demo_server import DemoServer, start_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        bool(os.environ.get("THORBECKE_DATABASE_URL")),
        reason="the demo runs on its embedded SQLite whatever the suite's database: walked once, in the SQLite run",
    ),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "journeys"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> DemoServer:
    server = start_demo(tmp_path_factory.mktemp("demo"))
    yield server
    server.stop()


@pytest.fixture
def page(browser, demo):
    context = browser.new_context(base_url=demo.url, viewport=DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


class Walk:
    """Checks each step of one journey: axe at both widths, then the same page in the other language."""

    def __init__(self, page: Page, journey: str) -> None:
        self.page, self.journey, self.number = page, journey, 0
        self.failures: dict[str, list[str]] = {}
        (SCREENSHOTS / journey).mkdir(parents=True, exist_ok=True)

    def _check_here(self, name: str) -> None:
        language = self.page.locator("html").get_attribute("lang") or "?"
        for size, viewport in (("desktop", DESKTOP), ("390px", PHONE)):
            self.page.set_viewport_size(viewport)
            if violations := axe_violations(self.page):
                self.failures[f"{self.page.url} ({language}, {size})"] = violations
        self.page.set_viewport_size(DESKTOP)
        self.page.screenshot(
            path=SCREENSHOTS / self.journey / f"{self.number:02d}-{name}-{language}.png", full_page=True
        )

    def step(self, name: str) -> None:
        """This page, then its other language through the page's own language link, then back."""
        self.number += 1
        here = self.page.url
        self._check_here(name)
        other = self.page.locator("a[hreflang]").first
        if other.count():
            other.click()
            self._check_here(name)
            self.page.goto(here)

    def done(self) -> None:
        assert not self.failures, self.failures


def test_a_citizen_signs_in_through_the_demo_and_the_hub_keeps_answering(page, demo):
    walk = Walk(page, "citizen-sign-in")
    page.goto("/mijn-pagina/")
    walk.step("my-page-signed-out")
    page.get_by_role("link", name="Inloggen met DigiD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen met DigiD (demo)")
    assert page.url.startswith(demo.idp_url)
    walk._check_here("digid-stand-in")
    page.get_by_label("Sanne de Vries (999990019)").check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Sanne de Vries")
    assert demo.answers("/", timeout=5) == 200, "the hub must keep answering while and after a person signs in"
    expect(page.get_by_text("Utrecht", exact=True)).to_be_visible()
    expect(page.get_by_text("12 april 1988, Utrecht")).to_be_visible()
    expect(page.get_by_text("Oudegracht 100, 3511 AX Utrecht")).to_be_visible()
    walk.step("my-page-citizen")
    # Looking again is her own look-up, shown apart, never as someone else's use of her data.
    looked = page.get_by_text(re.compile(r"U bekeek uw gegevens bij .*Rijksdienst voor Identiteitsgegevens"))
    uses = page.get_by_role("row").filter(has_text="Rijksdienst voor Identiteitsgegevens")
    before, uses_before = looked.count(), uses.count()
    assert before >= 1
    page.reload()
    expect(looked).to_have_count(min(before + 1, 5))
    expect(uses).to_have_count(uses_before)
    walk.done()


def test_a_citizen_signs_in_in_english(page, demo):
    page.goto("/en/my-page/")
    page.get_by_role("link", name="Sign in with DigiD").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in with DigiD (demo)")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Jan Jansen (999990032)").check()
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Jan Jansen")
    expect(page.get_by_text("2 January 1958")).to_be_visible()


def test_a_company_signs_in_with_the_eherkenning_stand_in(page, demo):
    walk = Walk(page, "company-sign-in")
    page.goto("/mijn-pagina/")
    page.get_by_role("link", name="Inloggen met eHerkenning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen met eHerkenning (demo)")
    walk._check_here("eherkenning-stand-in")
    page.get_by_label("Terras aan de Maas B.V. (demo) (KVK 90000023)").check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Terras aan de Maas B.V. (demo)")
    expect(page.locator("dd", has_text="90000023")).to_be_visible()
    walk.step("my-page-company")
    walk.done()
