"""The organisations list at a phone's width: no sideways scrolling, and axe finds nothing, in both languages."""

import pytest

from tests.web.browser import axe_violations


@pytest.mark.parametrize("path", ["/organisaties/?q=Weesp", "/en/organisations/?type=waterschap&province=pv26"])
def test_the_organisations_list_fits_390_pixels(browser, live_server, register, path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(path)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
        assert axe_violations(page) == []
        page.goto(path.split("?")[0])
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
        assert axe_violations(page) == []
    finally:
        context.close()
