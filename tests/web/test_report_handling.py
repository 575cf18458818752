"""Handling reports in a real Chromium: the staff map shows the reports over the offline boundaries, and
the list, the report page and the forwarding form pass axe at desktop and phone width in both languages."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from tests.web import test_browser
from tests.web.browser import axe_violations
from tests.web.test_browser import PDOK_TILES, sign_in
from thorbecke.registry.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
page = test_browser.page  # the fixture: a Chromium page on the live server, the search index built

# Three real places in the municipality of Utrecht: the Domplein, the station and the Maximapark.
PLACES = [(52.0907, 5.1214), (52.0894, 5.1101), (52.1009, 5.0524)]


def utrecht_reports() -> list:
    from thorbecke.signals.models import Category, ServiceRequest

    utrecht = Organisation.objects.get(code="gm0344")
    category = Category.objects.get(slug="container-is-vol")
    return [
        ServiceRequest.objects.create(
            category=category,
            organisation=utrecht,
            lat=lat,
            long=lon,
            description=f"De container naast de bank is vol en er ligt afval omheen, plek {n}.",
            expected_at=timezone.now() + dt.timedelta(days=n),
        )
        for n, (lat, lon) in enumerate(PLACES, 1)
    ]


def test_the_staff_map_shows_a_point_for_each_report_above_the_boundaries(page):
    page.route(PDOK_TILES, lambda route: route.abort())
    utrecht_reports()
    sign_in(page, "utrecht-editor")
    page.goto("/meldingen/")
    map_ = page.locator("#reports-map")
    expect(map_).to_have_attribute("data-background", "boundaries", timeout=20_000)
    expect(map_).to_have_attribute("data-ready", "1", timeout=20_000)
    markers = map_.locator(".thorbecke-map__report")
    expect(markers).to_have_count(len(PLACES))
    # Each point's middle shows the point's blue: neither a municipality's fill nor a name lies over it.
    # (Non-interactive boundaries take no clicks, so only the pixels can tell what is on top.)
    page.wait_for_timeout(500)  # the names are placed after the last zoom
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    for marker in markers.all():
        box = marker.bounding_box()
        assert box is not None and box["width"] > 4
        red, green, blue = shot.getpixel((round(box["x"] + box["width"] / 2), round(box["y"] + box["height"] / 2)))
        assert blue > red + 40 and blue > green + 20, (box, (red, green, blue))


@pytest.mark.parametrize("width", [1280, 390])
def test_the_list_the_report_page_and_forwarding_pass_axe_in_both_languages(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.route(PDOK_TILES, lambda route: route.abort())
    report = utrecht_reports()[0]
    for english, list_url, detail_url in (
        (False, "/meldingen/", f"/meldingen/{report.pk}/"),
        (True, "/en/reports/", f"/en/reports/{report.pk}/"),
    ):
        sign_in(page, "utrecht-editor", english=english)
        page.goto(list_url)
        expect(page.locator("#reports-map")).to_have_attribute("data-ready", "1", timeout=20_000)
        expect(page.locator("table")).to_contain_text("De container naast de bank")
        assert axe_violations(page) == [], (list_url, width)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, list_url
        table = page.locator(".utrecht-table-container")
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth"), (list_url, width)  # nor the table
        page.screenshot(path=f"/tmp/i19-reports-list-{'en' if english else 'nl'}-{width}.png", full_page=True)
        page.goto(detail_url)
        expect(page.locator("#report-place")).to_contain_text("Utrecht")
        assert axe_violations(page) == [], (detail_url, width)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, detail_url
        # The forwarding form, after a choice the server refuses: its error, and what was chosen kept.
        search = page.get_by_label("Filter the list" if english else "Zoek in de lijst")
        search.fill("Stichtse Rijnlanden")
        picker = page.locator("#id_forward-organisation")
        expect(picker.locator("option:not([value='']):not([hidden])").first).to_contain_text("Stichtse Rijnlanden")
        picker.select_option("gm0344")
        page.get_by_label("Reason" if english else "Reden").fill("x")
        page.get_by_role("button", name="Forward" if english else "Doorsturen").click()
        expect(page.get_by_role("alert")).to_be_visible()
        expect(picker).to_have_value("gm0344")
        assert axe_violations(page) == [], (detail_url, width, "errors")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, detail_url
        page.screenshot(path=f"/tmp/i19-reports-detail-{'en' if english else 'nl'}-{width}.png", full_page=True)
        page.context.clear_cookies()


def test_a_failed_sign_in_says_the_user_name_or_password_is_wrong(page):
    for url, wrong, saved in (
        ("/aanmelden/", "gebruikersnaam of het wachtwoord klopt niet", "niets opgeslagen"),
        ("/en/sign-in/", "user name or password is not right", "Nothing was saved"),
    ):
        page.goto(url)
        page.locator("#id_username").fill("utrecht-editor")
        page.locator("#id_password").fill("wrong password")
        page.locator("button[type=submit]").click()
        expect(page.get_by_role("alert")).to_contain_text(wrong)
        expect(page.get_by_role("alert")).not_to_contain_text(saved)
        expect(page.locator("#id_username")).to_have_value("utrecht-editor")
        assert axe_violations(page) == []
