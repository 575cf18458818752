"""The pages of issue 23 pass axe in both languages: the programme's OIN page (with an error and with its history),
an organisation's page saying who verified its OIN, the staff page with its changes and the national one, and the
locked sign-in."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.web.browser import axe_violations

MINISTRY = "rijk-ministerie-van-binnenlandse-zaken"


def sign_in(page, username, english):
    page.goto("/en/sign-in/" if english else "/aanmelden/")
    page.get_by_label("Username" if english else "Gebruikersnaam").fill(username)
    page.get_by_label("Password" if english else "Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Sign in" if english else "Aanmelden").click()


@pytest.mark.parametrize("english", [False, True])
def test_the_identity_pages_pass_axe(browser, live_server, accounts, english):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    prefix = "/en/organisations" if english else "/organisaties"
    failures = {}

    def check(what):
        assert page.locator("html").get_attribute("lang") == ("en" if english else "nl")
        if violations := axe_violations(page):
            failures[what] = violations

    try:
        sign_in(page, "programme", english)
        page.goto(f"{prefix}/gm0344/oin/")
        page.get_by_label("OIN").fill("123")
        page.get_by_role("button", name="Save" if english else "Opslaan").click()
        expect(page.get_by_role("alert")).to_be_visible()
        check("oin with an error")
        page.get_by_label("OIN").fill("00000001001589623000")
        page.get_by_label("Reason" if english else "Reden").fill("OIN register, 6 December 2026")
        page.get_by_role("button", name="Save" if english else "Opslaan").click()
        expect(page.get_by_text("OIN register, 6 December 2026")).to_be_visible()
        check("organisation with a verified oin")
        page.goto(f"{prefix}/gm0344/oin/")
        check("oin with its history")
        page.goto(f"{prefix}/{MINISTRY}/" + ("staff/" if english else "medewerkers/"))
        check("staff with changes")
        page.goto(f"{prefix}/" + ("staff-changes/" if english else "wijzigingen-medewerkers/"))
        check("every organisation's changes")
        context.clear_cookies()
        for _ in range(6):
            page.goto("/en/sign-in/" if english else "/aanmelden/")
            page.get_by_label("Username" if english else "Gebruikersnaam").fill("utrecht-editor")
            page.get_by_label("Password" if english else "Wachtwoord").fill("wrong-password-guess")
            page.get_by_role("button", name="Sign in" if english else "Aanmelden").click()
        expect(page.get_by_role("alert")).to_contain_text("try again after" if english else "probeer het opnieuw na")
        check("sign-in locked")
    finally:
        context.close()
    assert not failures, failures
