"""The framework's pages in a real Chromium, in Dutch and English: axe clean, and no sideways scrolling at 390 px."""

import pytest

from tests.web import test_browser
from tests.web.browser import axe_violations

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
