"""Issue 23's pages in a real Chromium, in Dutch and English, checked by axe: the staff status form that asks
who may read a note (with its error), the pages behind the follow links (and an expired one, and the reporter's
own), and the non-take-up page with suppressed municipalities."""

import pytest
from django.core import signing
from playwright.sync_api import expect

from tests.proactive.test_non_take_up_page import small_cells  # noqa: F401 (a fixture)
from tests.registry.test_permissions import utrecht_report
from tests.signals.test_following import follow_page
from tests.web import test_browser
from tests.web.browser import axe_violations
from tests.web.test_browser import sign_in
from thorbecke.signals.notify import FOLLOW_SALT, UNFOLLOW_SALT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
page = test_browser.page


class LastWeek(signing.TimestampSigner):
    def timestamp(self) -> str:
        return signing.b62_encode(int(signing.time.time()) - 7 * 24 * 3600)


@pytest.mark.parametrize("english", [False, True])
def test_the_audience_of_a_note_and_the_follow_pages_pass_axe(page, english):
    report = utrecht_report()
    sign_in(page, "utrecht-editor", english=english)
    page.goto(f"/en/reports/{report.pk}/" if english else f"/meldingen/{report.pk}/")
    page.get_by_label("Note" if english else "Toelichting").fill("Container geleegd.")
    page.get_by_role("button", name="Save" if english else "Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose who" if english else "Kies wie")
    assert axe_violations(page) == []
    page.get_by_label("Only the reporter" if english else "Alleen de melder", exact=False).check()
    page.get_by_role("button", name="Save" if english else "Opslaan").click()
    expect(page.locator(".utrecht-alert")).to_be_visible()
    assert axe_violations(page) == []
    page.context.clear_cookies()
    for salt in (FOLLOW_SALT, UNFOLLOW_SALT):
        page.goto(follow_page(salt, english))
        assert axe_violations(page) == [], salt
    # The reporter's own address (tests/signals/test_reporter_mail.py): its confirm and stop pages.
    page.goto(follow_page(FOLLOW_SALT, english, reporter=True))
    expect(page.locator("h1")).to_contain_text("e-mail address" if english else "e-mailadres")
    assert axe_violations(page) == []
    page.goto(follow_page(UNFOLLOW_SALT, english, reporter=True))
    expect(page.locator("h1")).to_contain_text("Stop the mails" if english else "Geen mails meer")
    assert axe_violations(page) == []
    expired = LastWeek(salt=FOLLOW_SALT).sign_object(1)
    response = page.goto(
        f"/en/report-a-problem/follow/confirm/{expired}/" if english else f"/melding-doen/volgen/bevestigen/{expired}/"
    )
    assert response.status == 400
    expect(page.locator("h1")).to_contain_text("expired" if english else "verlopen")
    assert axe_violations(page) == []


@pytest.mark.parametrize("english", [False, True])
def test_the_non_take_up_page_with_suppressed_municipalities_passes_axe(page, small_cells, english):  # noqa: F811
    page.goto(f"/en/proactive/?scheme={small_cells}" if english else f"/proactief/?scheme={small_cells}")
    expect(page.locator("table").last).to_contain_text("Suppressed" if english else "Onderdrukt")
    assert axe_violations(page) == []
