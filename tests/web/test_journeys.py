"""The citizen's, the entrepreneur's and the staff's journeys, walked in Chromium through `thorbecke demo` started as
the README runs it. The staff's: the programme, a municipal editor and two administrators work on the real
accessibility statements, a scan, an outage exercise, a report and a threat indicator. Every page is checked with
axe-core in Dutch and English, at desktop width and at 390 px, and a screenshot of each step in each language is
kept in docs/journeys/ for people who do not run the test."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.cloud.test_haven import output as haven_output
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

    def here(self, name: str) -> None:
        """This page only: one that has no other language (an identity provider's), or a form filled in."""
        self.number += 1
        self._check(name)

    def _check(self, name: str) -> None:
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
        self._check(name)
        other = self.page.locator("a[hreflang]").first
        if other.count():
            # Waited for to its load event: axe on a document still arriving finds no heading, no landmarks.
            with self.page.expect_navigation():
                other.click()
            self._check(name)
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
    walk.here("digid-stand-in")
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
    walk.here("eherkenning-stand-in")
    page.get_by_label("Terras aan de Maas B.V. (demo) (KVK 90000023)").check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Terras aan de Maas B.V. (demo)")
    expect(page.locator("dd", has_text="90000023")).to_be_visible()
    expect(page.get_by_role("button", name="Afmelden (Terras aan de Maas B.V. (demo))")).to_be_visible()
    walk.step("my-page-company")
    page.get_by_label("Uw vraag").fill("vergunning voor een terras")
    page.get_by_label("Postcode van uw bedrijf").fill("3011 AD")
    page.get_by_role("button", name="Zoek een dienst voor uw bedrijf").click()
    first = page.locator(".thorbecke-results > li").first
    expect(first).to_contain_text("errasvergunning")
    expect(first).to_contain_text("gemeente Rotterdam")
    walk.step("terrace-permit-in-rotterdam")
    walk.done()


PDOK_TILES = "https://service.pdok.nl/brt/achtergrondkaart/**"


def test_a_question_leads_to_the_right_door_and_a_report_on_the_map(page, demo):
    walk = Walk(page, "front-door-and-report")
    page.route(PDOK_TILES, lambda route: route.abort())  # as offline as CI: the map falls back to its boundaries
    page.goto("/")
    walk.step("front-door")
    page.get_by_label("Uw vraag").fill("kapotte straatverlichting melden")
    page.get_by_label("Postcode (niet verplicht)").fill("3511 AB")
    page.get_by_role("button", name="Zoeken").click()
    first = page.locator(".thorbecke-results > li").first
    expect(first).to_contain_text("gemeente Utrecht")
    walk.step("answer")
    first.get_by_role("link", name="Meld het hier, op de kaart").click()
    expect(page.get_by_label("Soort probleem")).to_have_value("straatverlichting-openbare-klok")
    walk.step("report-form")
    page.get_by_label("Wat is er aan de hand?").fill("De lantaarnpaal voor nummer 12 brandt al een week niet")
    page.get_by_label("Het nummer op de lantaarnpaal").fill("12-34")
    expect(page.locator("#report-map")).to_have_attribute("data-ready", "1", timeout=20_000)
    page.locator("#report-map").click()
    expect(page.locator("#picked-place")).to_contain_text("Gekozen plaats: In de gemeente ")
    walk.here("report-form-filled")
    page.get_by_role("button", name="Melding versturen").click()
    # The report's public page, where anyone can follow it: what and where, never who.
    expect(page.get_by_role("status")).to_contain_text("Dank u wel. Uw melding")
    expect(page.locator("#report-place")).to_contain_text("gemeente")
    expect(page.get_by_text("De lantaarnpaal voor nummer 12 brandt al een week niet")).to_be_visible()
    walk.step("report-public-page")
    walk.done()


def test_a_national_product_and_another_municipality_give_the_next_step_there(page, demo):
    walk = Walk(page, "front-door-next-step")
    page.goto("/zoeken/?q=mijn+paspoort+is+verlopen&postcode=7101AA")
    expect(page.get_by_role("link", name="Ga naar deze dienst op winterswijk.nl").first).to_have_attribute(
        "href", "https://www.winterswijk.nl/paspoort"
    )
    walk.step("passport-in-winterswijk")
    page.goto("/producten/noodreisdocument/")
    expect(page.locator(".thorbecke-door")).to_contain_text("Koninklijke Marechaussee")
    walk.step("emergency-passport")
    page.goto("/producten/paspoort/?postcode=3511AB")
    expect(page.locator("main")).not_to_contain_text("winterswijk.nl")
    walk.done()


def test_two_life_events_with_an_answer_changed(page, demo):
    walk = Walk(page, "life-events")
    page.goto("/levensgebeurtenissen/")
    walk.step("list")
    page.get_by_role("link", name="Ik ga verhuizen").click()
    abroad = page.get_by_role("group", name="Verhuist u naar het buitenland?")
    abroad.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Toon mijn stappen").click()
    expect(page.get_by_role("heading", name=re.compile("nieuwe gemeente"))).to_be_visible()
    walk.step("move-answered")
    abroad.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Toon mijn stappen").click()
    expect(page.get_by_role("heading", name=re.compile("vertrek naar het buitenland"))).to_be_visible()
    walk.step("move-answer-changed")
    page.goto("/levensgebeurtenissen/")
    page.get_by_role("link", name="Ik krijg een kind").click()
    first_question = page.locator("fieldset").first
    first_question.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Toon mijn stappen").click()
    walk.step("birth-answered")
    first_question.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Toon mijn stappen").click()
    expect(first_question.get_by_label("Nee", exact=True)).to_be_checked()
    walk.step("birth-answer-changed")
    walk.done()


DEMO_PEOPLE = ["Sanne de Vries", "Mohammed El Amrani", "Jan Jansen", "Priya Ramdin"]


def test_every_demo_person_reads_their_inbox_and_who_used_their_data(page, demo):
    walk = Walk(page, "demo-people")
    for name in DEMO_PEOPLE:
        page.goto("/mijn-pagina/")
        page.get_by_role("link", name="Inloggen met DigiD").click()
        page.get_by_label(re.compile(re.escape(name))).check()
        page.get_by_role("button", name="Aanmelden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {name}")
        expect(page.get_by_role("heading", name="Wie uw gegevens gebruikte")).to_be_visible()
        slug = name.lower().replace(" ", "-")
        walk.step(f"{slug}-my-page")
        messages = page.locator("table").first.get_by_role("link")
        if messages.count():
            messages.first.click()
            expect(page.get_by_text("Van:")).to_be_visible()
            walk.step(f"{slug}-message")
        page.get_by_role("button", name=re.compile("Afmelden")).click()
    walk.done()


def test_the_non_take_up_figures_fit_a_phone(page, demo):
    walk = Walk(page, "non-take-up")
    page.goto("/proactief/")
    walk.step("figures")
    walk.done()


# The staff's and the programme's journey: four people of four organisations, each in a browser of their own.


def staff(browser, demo: DemoServer, username: str) -> Page:
    """A browser page signed in as one of the demo accounts, with the password `thorbecke demo` wrote down."""
    passwords = dict(line.split() for line in (demo.data_dir / "demo-accounts.txt").read_text().splitlines())
    context = browser.new_context(base_url=demo.url, viewport=DESKTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.route(PDOK_TILES, lambda route: route.abort())
    page.goto("/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(passwords[username])
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("button", name=f"Afmelden ({username})")).to_be_visible()
    return page


def pick(page: Page, label: str, search: str, option: str) -> None:
    """Choose from a long list the way a person does: type in its filter box, then pick the option."""
    select = page.get_by_label(label, exact=True)
    page.locator(f"#{select.get_attribute('id')}-filter").fill(search)
    select.select_option(label=option)


def test_staff_and_the_programme_act_on_real_evidence(browser, demo):
    programme = staff(browser, demo, "programme")
    walk = Walk(programme, "staff-and-programme")
    # The scorecard shows the real accessibility statements: municipalities measured, most failing.
    programme.goto("/afspraken/scorekaart/")
    per_type = programme.get_by_role("table").filter(has_text="Per soort organisatie")
    expect(per_type.get_by_role("columnheader", name="Toegankelijkheid (verklaringen)")).to_be_attached()
    column = per_type.get_by_role("columnheader").all_inner_texts().index("Toegankelijkheid (verklaringen)")
    municipalities = per_type.get_by_role("row").filter(has=programme.get_by_role("rowheader", name="Gemeente"))
    measured = municipalities.locator("th, td").nth(column).inner_text()
    assert re.fullmatch(r"\d+ / [1-9]\d+", measured), measured  # met / measured, of the real register
    walk.step("scorecard")

    # A scan of one organisation, started and followed to its end. Hosts out of reach: could not measure.
    pick(programme, "Te meten organisatie", "Utrecht", "gemeente Utrecht")
    programme.get_by_role("button", name="Nu meten").click()
    expect(programme.get_by_role("heading", level=1)).to_have_text("Metingen van websites en domeinen van organisaties")
    expect(programme.get_by_role("status")).to_contain_text("De meting van gemeente Utrecht is gestart: 1 host.")
    walk.here("scan-started")
    latest = programme.get_by_role("row").nth(1)
    expect(latest).to_contain_text("gemeente Utrecht")
    expect(latest).to_contain_text("klaar", timeout=120_000)
    walk.step("scan-done")

    # Gemeente Utrecht answers its accessibility gap with a plan.
    utrecht = staff(browser, demo, "utrecht-editor")
    walk.page = utrecht
    utrecht.goto("/afspraken/organisaties/gm0344/")
    row = utrecht.get_by_role("row").filter(has_text="Digitoegankelijk")
    expect(row).to_contain_text("wacht op antwoord")
    expect(utrecht.get_by_role("heading", name="Toegankelijkheidsverklaringen")).to_be_visible()
    walk.step("utrecht-compliance")
    row.get_by_role("link", name="wacht op antwoord").click()
    gap_url = utrecht.url
    walk.step("gap-open")
    utrecht.get_by_label("Wij gaan voldoen, uiterlijk op deze datum").check()
    utrecht.get_by_label("Plan of uitleg").fill("Alle verklaringen worden vóór de zomer volledig; de audit is besteld.")
    utrecht.get_by_label("Voldoet uiterlijk op").fill(f"{dt.date.today().year + 1}-06-30")
    utrecht.get_by_role("button", name="Antwoord versturen").click()
    expect(utrecht.get_by_role("status")).to_contain_text("Uw antwoord is vastgelegd")
    walk.step("gap-planned")

    # The programme accepts the plan.
    walk.page = programme
    programme.goto(gap_url)
    programme.get_by_label("Plan aanvaarden").check()
    programme.get_by_label("Reden").fill("Haalbaar, en de audit is besteld.")
    programme.get_by_role("button", name="Besluit vastleggen").click()
    expect(programme.locator("dd").first).to_have_text("plan aanvaard door het programma")
    walk.step("gap-plan-accepted")

    # An outage exercise: DigiD fails, picked from the list.
    walk.page = utrecht
    utrecht.goto("/landschap/oefeningen/nieuw/")
    utrecht.get_by_label("Titel").fill("DigiD een dag uit")
    pick(utrecht, "Wat valt uit", "DigiD", "DigiD")
    walk.here("exercise-form")
    utrecht.get_by_role("button", name="Uitvoeren en bewaren").click()
    expect(utrecht.get_by_role("heading", level=1)).to_contain_text("DigiD een dag uit")
    walk.step("exercise-result")

    # A citizen places a report on the map in Utrecht; the municipality forwards it to the water board.
    citizen = browser.new_page(base_url=demo.url, viewport=DESKTOP)
    citizen.route(PDOK_TILES, lambda route: route.abort())
    citizen.goto("/melding-doen/")
    description = "Tientallen dode vissen drijven in de watergang langs het fietspad"
    citizen.get_by_label("Wat is er aan de hand?").fill(description)
    citizen.get_by_label("Soort probleem").select_option("dode-dieren")
    map_ = citizen.locator("#report-map")
    expect(map_).to_have_attribute("data-ready", "1", timeout=20_000)
    map_.scroll_into_view_if_needed()
    for _zoom in range(4):  # from the whole country to where the municipalities' names show
        map_.get_by_role("button", name="Zoom in").click()
        citizen.wait_for_timeout(400)
    name = map_.locator(".thorbecke-map__label--gemeente span").get_by_text("Utrecht", exact=True)
    box = name.bounding_box()
    assert box is not None
    citizen.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # the name takes no clicks
    expect(citizen.locator("#picked-place")).to_contain_text("In de gemeente Utrecht")
    citizen.get_by_role("button", name="Melding versturen").click()
    expect(citizen.get_by_role("status")).to_contain_text("Dank u wel")
    citizen.close()

    utrecht.goto("/meldingen/")
    expect(utrecht.locator("#reports-map")).to_have_attribute("data-ready", "1", timeout=20_000)
    expect(utrecht.locator("#reports-map .thorbecke-map__report").first).to_be_visible()
    report_row = utrecht.get_by_role("row").filter(has_text=description)
    walk.step("reports-on-the-map")
    report_row.get_by_role("link").first.click()
    # The list names the municipality too: wait for the report's own page before reading it.
    expect(utrecht).to_have_url(re.compile(r"/meldingen/\d+/$"))
    expect(utrecht.locator("main")).to_contain_text("gemeente Utrecht")
    walk.step("report")
    water_board = "waterschap Hoogheemraadschap De Stichtse Rijnlanden (waterschap op deze plaats)"
    forward = utrecht.get_by_label("Doorsturen naar", exact=True)
    assert forward.locator("optgroup").first.get_attribute("label") == "Voorgesteld voor deze plek"
    pick(utrecht, "Doorsturen naar", "Stichtse", water_board)
    utrecht.get_by_label("Reden", exact=True).fill("Waterkwaliteit: dat is het waterschap.")
    walk.here("report-forward")
    utrecht.get_by_role("button", name="Doorsturen").click()
    expect(utrecht.get_by_role("status")).to_contain_text("De Stichtse Rijnlanden")

    water = staff(browser, demo, "stichtse-rijnlanden-admin")
    walk.page = water
    water.goto("/meldingen/")
    water.get_by_role("row").filter(has_text=description).get_by_role("link").first.click()
    status = water.get_by_label("Nieuwe status")
    status.select_option("closed")
    water.get_by_label("Toelichting").fill("Zuurstof in het water gebracht; de vissen zijn geruimd.")
    water.get_by_label("Openbaar", exact=False).check()
    walk.here("report-closing")
    status.locator("xpath=ancestor::form").get_by_role("button", name="Opslaan").click()
    expect(water.get_by_role("status")).to_contain_text("De status is gewijzigd")
    walk.step("report-closed")

    # A threat indicator shared by the form with Amsterdam, under TLP:AMBER, and seen there.
    walk.page = utrecht
    utrecht.goto("/dreigingsinformatie/")
    utrecht.get_by_label("Domeinnaam").check()
    utrecht.get_by_label("Waarde").fill("digid-inlog-controle.example")
    utrecht.get_by_label("Omschrijving", exact=True).fill("Phishingsite die DigiD nabootst")
    utrecht.get_by_label("TLP:AMBER", exact=True).check()
    pick(utrecht, "Ontvangers", "Amsterdam", "gemeente Amsterdam")
    walk.here("indicator-form")
    utrecht.get_by_role("button", name="Deel de indicator").click()
    expect(utrecht.get_by_role("status")).to_contain_text("Gedeeld")
    amsterdam = staff(browser, demo, "amsterdam-admin")
    walk.page = amsterdam
    amsterdam.goto("/dreigingsinformatie/")
    seen = amsterdam.get_by_role("row").filter(has_text="Phishingsite die DigiD nabootst")
    expect(seen).to_contain_text("gemeente Utrecht")
    expect(seen).to_contain_text("TLP:AMBER")
    walk.step("indicator-received")
    walk.done()


# A rule-based system that is no AI system: the decision aid's answers, as tests/ai walk them.
NOT_AN_AI_SYSTEM = ["Ja", "We ontwikkelen en gebruiken het zelf", "In gebruik", "Ik weet het niet", "Nee", "Nee"]


def test_an_algorithm_is_registered_classified_worked_published_and_found(browser, demo):
    name = "Toewijzing van parkeervergunningen Utrecht"
    utrecht = staff(browser, demo, "utrecht-editor")
    walk = Walk(utrecht, "algorithm-register")
    # Utrecht has registered nothing, so registration is a gap it must answer (comply or explain).
    utrecht.goto("/afspraken/organisaties/gm0344/")
    row = utrecht.get_by_role("row").filter(has_text="Registratie in het Algoritmeregister")
    expect(row).to_contain_text("wacht op antwoord")
    walk.step("registration-gap")
    row.get_by_role("link", name="wacht op antwoord").click()
    gap_url = utrecht.url
    utrecht.get_by_label("Wij gaan voldoen, uiterlijk op deze datum").check()
    utrecht.get_by_label("Plan of uitleg").fill(
        "Wij registreren onze algoritmes dit kwartaal, te beginnen met parkeren."
    )
    utrecht.get_by_label("Voldoet uiterlijk op").fill(f"{dt.date.today().year + 1}-03-31")
    walk.here("registration-gap-answer")
    utrecht.get_by_role("button", name="Antwoord versturen").click()
    expect(utrecht.get_by_role("status")).to_contain_text("Uw antwoord is vastgelegd")
    walk.step("registration-gap-planned")

    # Registering starts from an example the register already offers, so it is easier than not registering.
    utrecht.goto("/algoritmes/beheer/")
    walk.step("own-algorithms")
    utrecht.get_by_role("heading", name="Beginnen met een voorbeeld").scroll_into_view_if_needed()
    utrecht.locator("a[href*='?template=']").first.click()
    utrecht.get_by_label("Naam (verplicht)").fill(name)
    utrecht.get_by_label("Wat is er veranderd (voor de geschiedenis)").fill("Overgenomen uit het voorbeeld")
    walk.here("describe-from-example")
    utrecht.get_by_role("button", name="Opslaan", exact=True).click()
    expect(utrecht.get_by_role("status")).to_contain_text("De beschrijving is opgeslagen als concept.")
    walk.step("described")

    # Classified with the AI Act decision aid, question by question.
    utrecht.goto("/algoritmes/beheer/")
    utrecht.get_by_role("link", name=f"Classificatie AI-verordening van {name}").click()
    for answer in NOT_AN_AI_SYSTEM:
        utrecht.get_by_label(answer, exact=True).check()
        utrecht.get_by_role("button", name="Volgende vraag").click()
    expect(utrecht.get_by_text("niet valt onder de definitie van een AI-systeem", exact=False)).to_be_visible()
    walk.here("classification-conclusion")
    utrecht.get_by_role("button", name="Classificatie opslaan").click()
    expect(utrecht.get_by_role("status")).to_contain_text("De classificatie is opgeslagen")
    walk.step("classified")

    # The framework's checklist: one requirement worked, with its evidence and who is responsible.
    utrecht.goto("/algoritmes/beheer/")
    utrecht.get_by_role("link", name=f"Werklijst Algoritmekader van {name}").click()
    walk.step("checklist")
    utrecht.locator("main ul a[href*='/kader/ver-']").first.click()
    utrecht.get_by_label("Stand", exact=True).select_option("done")
    utrecht.get_by_label("Bewijs (links, één per regel)").fill("https://www.utrecht.nl/dpia-parkeervergunningen")
    utrecht.get_by_label("Verantwoordelijke").fill("Team Parkeren")
    utrecht.get_by_role("button", name="Opslaan").click()
    expect(utrecht.get_by_role("definition").filter(has_text="Team Parkeren")).to_be_visible()
    walk.step("checklist-item-done")

    # Published: the concept becomes public.
    utrecht.goto("/algoritmes/beheer/")
    utrecht.get_by_role("link", name=name, exact=True).click()
    utrecht.get_by_role("button", name="Publiceren").click()
    expect(utrecht.get_by_role("status")).to_contain_text("De registerstatus is nu: gepubliceerd.")
    walk.step("published")

    # Anyone finds it in the public register, in Dutch and in English.
    visitor = browser.new_context(base_url=demo.url, viewport=DESKTOP).new_page()
    walk.page = visitor
    visitor.goto("/algoritmes/")
    visitor.get_by_role("textbox", name="Zoeken").fill("parkeervergunningen")
    visitor.get_by_role("button", name="Zoeken").click()
    walk.step("public-search")
    visitor.get_by_role("link", name=name).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(name)
    walk.step("public-entry")
    visitor.goto("/en/algorithms/?q=parkeervergunningen")
    visitor.get_by_role("link", name=name).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(name)
    walk.here("public-entry-english")

    # Measured again, the register shows Utrecht's registration: the gap is resolved by registering.
    programme = staff(browser, demo, "programme")
    walk.page = programme
    programme.goto("/afspraken/scorekaart/")
    pick(programme, "Te meten organisatie", "Utrecht", "gemeente Utrecht")
    programme.get_by_role("button", name="Nu meten").click()
    expect(programme.get_by_role("status")).to_contain_text("De meting van gemeente Utrecht is gestart")
    expect(programme.get_by_role("row").nth(1)).to_contain_text("klaar", timeout=120_000)  # then comply or explain
    programme.goto(gap_url)
    expect(programme.locator("dd").first).to_have_text("opgelost")
    expect(programme.locator("main")).not_to_contain_text("{'check'")
    walk.step("registration-gap-resolved")
    walk.done()


def _month(months_from_now: int) -> str:
    today = dt.date.today()
    index = today.year * 12 + today.month - 1 + months_from_now
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def test_steering_goal_commitment_gap_bottleneck_and_agenda(browser, demo):
    """Issue 25's walk: the programme sets a goal and a target; gemeente Utrecht commits to it, agreed half a year
    ago at the Steering Committee; the indicator, computed from the real accessibility statements, shows it behind,
    so a gap opens and Utrecht answers it; Utrecht reports a data bottleneck, is shown the precedent before filing,
    and the programme triages, escalates and decides it; Utrecht puts an initiative on the investment agenda."""
    indicator = "Toegankelijkheidsverklaringen op orde"
    programme = staff(browser, demo, "programme")
    walk = Walk(programme, "steering")
    programme.goto("/sturing/")
    expect(programme.get_by_role("heading", level=1)).to_be_visible()
    walk.step("dashboard")

    # The programme sets a goal and its target.
    programme.goto("/sturing/doelen/nieuw/")
    programme.get_by_label("Prioriteit").select_option(label="Interventies")
    programme.get_by_label("Doel (Nederlands)").fill("Elke website van de overheid legt verantwoording af")
    programme.get_by_label("Doel (Engels)").fill("Every government website accounts for its accessibility")
    programme.get_by_label("Gemeten met").select_option(label=indicator)
    walk.here("goal-form")
    programme.get_by_role("button", name="Opslaan").click()
    expect(programme.get_by_role("status")).to_contain_text("Het doel is opgeslagen.")
    walk.step("goals")
    programme.goto("/sturing/indicatoren/accessibility-statements/")
    programme.get_by_role("link", name="Streefwaarde instellen").click()
    programme.get_by_label("Streefwaarde").fill("100")
    programme.get_by_label("Streefjaar").fill(str(dt.date.today().year + 1))
    programme.get_by_role("button", name="Opslaan").click()
    expect(programme.get_by_role("status")).to_contain_text("De streefwaarde is opgeslagen.")
    walk.step("indicator-with-target")

    # Utrecht commits, as agreed at the Steering Committee six months ago; none of its statements is in order.
    utrecht = staff(browser, demo, "utrecht-editor")
    walk.page = utrecht
    utrecht.goto("/sturing/toezeggingen/nieuw/")
    utrecht.get_by_label("Indicator").select_option(label=indicator)
    utrecht.get_by_label("Waarde die bereikt wordt").fill("100")
    utrecht.get_by_label("Uiterlijk (maand)").fill(_month(6))
    utrecht.get_by_label("Verantwoordelijke persoon").fill("M. de Vries")
    utrecht.get_by_label("Functie").fill("CIO")
    utrecht.get_by_label("Afgesproken in (maand)").fill(_month(-6))
    walk.here("commitment-form")
    utrecht.get_by_role("button", name="Opslaan").click()
    expect(utrecht.get_by_role("status")).to_contain_text("De toezegging is vastgelegd.")
    expect(utrecht.get_by_role("row").filter(has_text=indicator).first).to_contain_text("achter")
    walk.step("our-commitments-behind")

    # Behind, it opened a gap in the comply-or-explain dialogue, which Utrecht answers with a plan.
    utrecht.get_by_role("link", name=f"{indicator}: gemeente Utrecht").click()
    utrecht.get_by_label("Wij gaan voldoen, uiterlijk op deze datum").check()
    utrecht.get_by_label("Plan of uitleg").fill("Wij stellen dit kwartaal voor elke website een verklaring op.")
    utrecht.get_by_label("Voldoet uiterlijk op").fill(f"{dt.date.today().year + 1}-03-31")
    utrecht.get_by_role("button", name="Antwoord versturen").click()
    expect(utrecht.get_by_role("status")).to_contain_text("Uw antwoord is vastgelegd")
    expect(utrecht.locator("main")).not_to_contain_text("{'")
    walk.step("commitment-gap-answered")

    # A data bottleneck: before filing, Utrecht is shown the precedent the Commission decided.
    title = "Toeslagen geeft ons de adressen van gedupeerde ouders niet"
    utrecht.goto("/sturing/gegevensknelpunten/nieuw/")
    utrecht.get_by_label("Titel").fill(title)
    utrecht.get_by_label("Wat gaat er mis").fill(
        "Wij krijgen van de Belastingdienst/Toeslagen de namen en adressen van gedupeerde ouders niet, omdat de wet "
        "daarvoor geen grondslag zou geven. Zo kunnen wij ouders niet zelf hulp aanbieden."
    )
    utrecht.get_by_label("Gevolg voor mensen").fill("Gedupeerde ouders krijgen later of geen hulp van de gemeente.")
    utrecht.get_by_label("Soort").select_option(label="juridisch")
    utrecht.get_by_label("Type knelpunt").select_option(label="Gegevens worden niet altijd rechtmatig uitgewisseld")
    utrecht.get_by_label("De gegevens en hun bron, in woorden").fill("Namen en adressen van gedupeerde ouders")
    utrecht.get_by_label("Of het proces dat het raakt").fill("Hulp aan gedupeerde ouders")
    utrecht.get_by_label("Betrokken wetten").fill("BWBR0018472/Artikel 49h")
    utrecht.get_by_role("button", name="Zoek vergelijkbare knelpunten").click()
    matches = utrecht.locator("section").filter(has=utrecht.get_by_role("heading", name="Vergelijkbaar met het uwe"))
    expect(matches).to_contain_text("Gemeente krijgt geen gegevens van gedupeerde ouders van de toeslagenaffaire")
    walk.here("bottleneck-matched")
    utrecht.get_by_role("button", name="Dien dit knelpunt in").click()
    expect(utrecht.get_by_role("heading", level=1)).to_have_text(title)
    bottleneck_url = utrecht.url
    walk.step("bottleneck-filed")

    # The programme triages it, puts it to the Central Commission and records the decision: a new precedent.
    walk.page = programme
    programme.goto(bottleneck_url)
    for step, fields in (
        ("getrieerd: in behandeling genomen", {"Toelichting": "Zelfde vraag als het precedent."}),
        ("voorgelegd aan de Centrale Commissie Gegevensgebruik", {"Toelichting": "Ter bevestiging van het precedent."}),
        (
            "besloten",
            {
                "Besluit": "Toeslagen deelt de gegevens met toestemming van de ouder.",
                "Motivering": "Artikel 49h Awir geeft de grondslag, zoals in het precedent.",
            },
        ),
    ):
        programme.get_by_label("Stap", exact=True).select_option(label=step)
        for label, text in fields.items():
            programme.get_by_label(label, exact=True).fill(text)
        programme.get_by_role("button", name="Zet deze stap").click()
        expect(programme.locator("main")).to_contain_text(step.split(":")[0])
    expect(programme.locator("main")).to_contain_text("precedent")
    walk.step("bottleneck-decided")

    # Utrecht puts an initiative on the investment agenda, with its costs and the effect it expects.
    initiative = "Toegankelijkheidsverklaringen voor alle websites van Utrecht"
    walk.page = utrecht
    utrecht.goto("/sturing/investeringsagenda/nieuw/")
    utrecht.get_by_label("Titel", exact=True).fill(initiative)
    utrecht.get_by_label("Omschrijving", exact=True).fill("Herstel van alle websites, met een verklaring per site.")
    utrecht.get_by_label("Prioriteit", exact=True).select_option(label="Interventies")
    utrecht.get_by_label("Thema").select_option(label="Dienstverleningskanalen voor mensen en ondernemers")
    utrecht.locator("#id_costs-0-year").fill(str(dt.date.today().year + 1))
    utrecht.locator("#id_costs-0-source").select_option(label="bestaand budget")
    utrecht.locator("#id_costs-0-amount").fill("250000")
    utrecht.locator("#id_effects-0-indicator").select_option(label=indicator)
    utrecht.locator("#id_effects-0-change").fill("100")
    utrecht.locator("#id_effects-0-by_year").fill(str(dt.date.today().year + 1))
    walk.here("initiative-form")
    utrecht.get_by_role("button", name="Opslaan").click()
    expect(utrecht.get_by_role("status")).to_contain_text("Het initiatief staat op de agenda.")
    expect(utrecht.get_by_role("heading", level=1)).to_have_text(initiative)
    walk.step("initiative")
    utrecht.goto("/sturing/investeringsagenda/")
    expect(utrecht.locator("main")).to_contain_text(initiative)
    walk.step("agenda")
    walk.done()


def _need(page: Page, city: str) -> None:
    """A municipality registers the need the three pool: a Kubernetes platform of 40 vCPU for 2027, data and keys in
    the EU, exit terms, at least SEAL-2 on legal sovereignty, a budget of € 20.000."""
    page.goto("/cloud/behoeften/nieuw/")
    page.get_by_label("Titel").fill(f"Containerplatform voor de publieksdiensten van {city}")
    page.get_by_label("Werklast").fill("De websites en formulieren van de gemeente, als containers.")
    page.get_by_label("Servicemodel").select_option(label="Containers as a Service (Kubernetes)")
    page.get_by_label("Classificatie van de gegevens").select_option(label="Intern")
    page.get_by_label("Gegevens opgeslagen en verwerkt").select_option(label="alleen in de EU")
    page.get_by_label("Sleutels beheerd").select_option(label="door ons of een aanbieder in de EU")
    page.get_by_label("Minimumniveau: SOV-2 Juridische soevereiniteit").select_option(label="SEAL-2")
    page.get_by_label("Exitvoorwaarden vereist").check()
    page.get_by_label("Omvang").fill("40")
    page.get_by_label("Eenheid").fill("vCPU")
    page.get_by_label("Van", exact=True).fill("2027-01-01")
    page.get_by_label("Tot", exact=True).fill("2027-12-31")
    page.get_by_label("Budget (euro, hele periode)").fill("20000")
    page.get_by_role("button", name="De behoefte registreren").click()
    expect(page.get_by_role("status")).to_contain_text("De behoefte is geregistreerd.")


def test_cloud_definitions_supply_pooled_demand_and_out_of_the_public_cloud(browser, demo):
    """Issue 26's walk: the programme publishes the definitions; it adds a supplier's Kubernetes offering, with its
    Haven check, scored on the EU Cloud Sovereignty Framework; Utrecht, Amsterdam and Rotterdam each register a cloud
    need and see it matched; the programme pools the three into a bundle and sees the offerings that meet all three,
    with why; Amsterdam's critical container platform on a US public cloud shows where it could go."""
    programme = staff(browser, demo, "programme")
    walk = Walk(programme, "cloud")
    programme.goto("/cloud/")
    expect(programme.get_by_role("heading", level=1)).to_have_text("Cloud als één overheid")
    walk.step("home")

    # The programme publishes the definitions.
    programme.goto("/cloud/definities/")
    programme.get_by_role("button", name=re.compile(r"^Versie .+ publiceren$")).click()
    expect(programme.get_by_role("status")).to_contain_text("van de definities is gepubliceerd")
    walk.step("definitions-published")

    # A supplier's offering, added by the programme and scored: SOV-5 at 2, the rest at 3:
    # 0.75 x (15+10+10+15+15+10+5) + 0.5 x 20 = 60 + 10 = 70.
    programme.goto("/cloud/aanbieders/nieuw/")
    programme.get_by_label("Naam").fill("Polderwolk (ter illustratie)")
    programme.get_by_label("Land van vestiging").fill("NL")
    programme.get_by_label("Eigendomsketen").fill("Polderwolk Holding (ter illustratie), NL")
    programme.get_by_role("button", name="Aanbieder toevoegen").click()
    expect(programme.get_by_role("status")).to_contain_text("De aanbieder is toegevoegd")
    programme.get_by_label("Aanbieder", exact=True).select_option(label="Polderwolk (ter illustratie)")
    programme.get_by_label("Naam").fill("Polderwolk Kubernetes")
    programme.get_by_label("Dienstbeschrijving").fill("Beheerde Kubernetes-clusters in twee Nederlandse datacentra.")
    programme.get_by_label("Servicemodel").select_option(label="Containers as a Service (Kubernetes)")
    programme.get_by_label("Inzetvorm").select_option(label="Publieke cloud van een Nederlandse aanbieder")
    programme.get_by_label("Landen waar gegevens worden opgeslagen").fill("NL")
    programme.get_by_label("Landen waar gegevens worden verwerkt").fill("NL")
    programme.get_by_label("Wie de sleutels houdt").select_option(label="Aanbieder in de EU")
    programme.get_by_label("Waarvandaan support wordt geleverd").select_option(label="Nederland")
    programme.get_by_label("Hoogste toegestane classificatie").select_option(
        label="Departementaal Vertrouwelijk (Dep. V)"
    )
    programme.get_by_label("Beschikbaarheid (%)").fill("99.9")
    programme.get_by_label("Prijs (euro per eenheid per maand)").fill("30")
    programme.get_by_label("Prijseenheid").fill("vCPU")
    programme.get_by_label("Gegevens meegegeven aan het einde van het contract").check()
    programme.get_by_label("Exportformaten").fill("OVF, CSV")
    programme.get_by_label("Dagen om de gegevens eruit te halen").fill("30")
    programme.get_by_label("Uitvoer van de Haven Compliancy Checker").fill(haven_output())
    for number in range(1, 9):
        level = "2" if number == 5 else "3"
        programme.locator(f"#id_sov{number}_level").select_option(value=level)
        programme.locator(f"#id_sov{number}_evidence").fill(f"Ter illustratie: contract en audit, SOV-{number}.")
    walk.here("offering-form")
    programme.get_by_role("button", name="Aanbod opslaan").click()
    expect(programme.get_by_role("status")).to_contain_text("Het aanbod is opgeslagen en gescoord.")
    expect(programme.locator("main")).to_contain_text("70")
    walk.step("offering-scored")

    # Three municipalities register a need; each sees it matched, the new offering among the matches.
    for username, city in (("utrecht-editor", "Utrecht"), ("amsterdam-admin", "Amsterdam"),
                           ("rotterdam-editor", "Rotterdam")):  # fmt: skip
        municipality = staff(browser, demo, username)
        _need(municipality, city)
        expect(municipality.locator("main")).to_contain_text("Polderwolk Kubernetes")
        if city == "Rotterdam":
            walk.page = municipality
            walk.step("need-matched")
        municipality.context.close()

    # The programme sees the demand pooled, and bundles the three needs.
    walk.page = programme
    programme.goto("/cloud/vraagbundeling/?layer=gemeente")
    walk.step("pooled-demand")
    programme.goto("/cloud/vraagbundeling/bundels/nieuw/")
    programme.get_by_label("Titel").fill("Containerplatforms voor publieksdiensten 2027")
    needs = programme.locator("#id_needs option", has_text="Containerplatform voor de publieksdiensten van ")
    programme.locator("#id_needs").select_option(value=[o.get_attribute("value") for o in needs.all()])
    walk.here("bundle-form")
    programme.get_by_role("button", name="Bundel vormen").click()
    expect(programme.get_by_role("status")).to_contain_text("De bundel is gevormd.")
    offer = programme.get_by_role("row").filter(has_text="Polderwolk Kubernetes")
    # 30 euro x 40 vCPU x 12 months, for each of the three: 3 x 14.400 = 43.200.
    expect(offer).to_contain_text("43.200")
    expect(offer).to_contain_text("SOV-2 op SEAL-3, minimum SEAL-2")
    walk.step("bundle")

    # Amsterdam's critical container platform on a US public cloud, and where it could go.
    amsterdam = staff(browser, demo, "amsterdam-admin")
    walk.page = amsterdam
    amsterdam.goto("/cloud/uit-de-publieke-cloud/")
    candidates = amsterdam.get_by_role("region", name="gemeente Amsterdam")
    expect(candidates.get_by_role("heading", name="Kandidaten om naar te verhuizen")).to_be_visible()
    expect(candidates.get_by_role("link", name="Polderwolk Kubernetes")).to_be_visible()
    walk.step("out-of-the-public-cloud")
    walk.done()


# Rotterdam's IT workforce for 2026, as its CSV: developers and data scientists at e-3, hand-summed (ages add up to the
# persons; 6 of 30 developers hired; 4 and 2 vacancies).
ROTTERDAM_WORKFORCE = (
    "cwa-16458,6,3,30,28.5,2,8,8,6,5,1,6,5.4,4,2,1,1,1,1,1\r\ncwa-16458,27,3,8,7.6,0,3,3,1,1,0,1,1.0,2,1,0,0,1,0,0\r\n"
)


def test_workforce_reported_pooled_matched_deleted_and_a_course_for_a_gap(browser, demo):
    """Issue 27's walk: Rotterdam reports its IT workforce; the programme publishes the year, after which Rotterdam's
    report is closed, and sees the national picture and a shortage; a civil servant of Gelderland joins the open pool,
    is matched to Rotterdam's assignment and opened, sees who opened the profile, and deletes it, after which it is
    gone from the candidates and the export; a course is found for the shortage of data scientists."""
    from thorbecke.workforce import reports

    rotterdam = staff(browser, demo, "rotterdam-editor")
    walk = Walk(rotterdam, "workforce")
    rotterdam.goto("/vakmanschap/")
    expect(rotterdam.get_by_role("heading", level=1)).to_have_text("Digitaal vakmanschap")
    walk.step("home")

    # Rotterdam reports its workforce of 2026, as the CSV template asks.
    rotterdam.goto("/vakmanschap/rapportages/")
    rotterdam.get_by_label("Jaar").fill("2026")
    csv = reports.template_csv() + ROTTERDAM_WORKFORCE
    rotterdam.get_by_label("Rapportage (CSV)").set_input_files(
        files=[{"name": "rotterdam-2026.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    rotterdam.get_by_role("button", name="Controleren en indienen").click()
    expect(rotterdam.get_by_role("status")).to_contain_text("De rapportage IT-personeel van 2026 is opgeslagen.")
    walk.step("report-stored")

    # The national views show last year, as published; the programme publishes 2026, once the reports are in.
    programme = staff(browser, demo, "programme")
    walk.page = programme
    programme.goto("/vakmanschap/inzicht/publicaties/")
    expect(programme.get_by_role("row", name=re.compile("^2025")).get_by_role("cell").last).to_contain_text(
        "gepubliceerd op"
    )
    programme.get_by_role("button", name="2026 publiceren").click()
    expect(programme.get_by_role("status")).to_contain_text("Het publiceren van de cijfers van 2026 is begonnen.")
    published = programme.get_by_role("row", name=re.compile("^2026")).get_by_role("cell").last
    for _ in range(60):  # protecting the demo's cube takes about a second, in the hub's background thread
        if "gepubliceerd op" in published.inner_text():
            break
        programme.wait_for_timeout(500)
        programme.reload()
    expect(published).to_contain_text("gepubliceerd op")
    walk.step("year-published")
    # Rotterdam's report is closed now: the year does not change.
    rotterdam.goto("/vakmanschap/rapportages/")
    rotterdam.get_by_label("Jaar").fill("2026")
    rotterdam.get_by_label("Rapportage (CSV)").set_input_files(
        files=[{"name": "rotterdam-2026.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    rotterdam.get_by_role("button", name="Controleren en indienen").click()
    expect(rotterdam.get_by_role("alert")).to_contain_text("De cijfers van 2026 zijn gepubliceerd")

    # The programme sees the national picture, with Rotterdam in it, and the shortages, the hardest first.
    programme.goto("/vakmanschap/inzicht/")
    expect(programme.get_by_role("heading", name="Cijfers over 2026")).to_be_visible()
    expect(programme.get_by_role("row").filter(has_text="Alles samen")).to_be_visible()
    walk.step("national-picture")
    programme.goto("/vakmanschap/inzicht/tekorten/")
    expect(programme.get_by_role("heading", name="Overheid, 2026")).to_be_visible()
    expect(programme.locator("main")).to_contain_text("moeilijk vervulbaar")
    walk.step("shortages")

    # A course for the shortage of data scientists.
    programme.get_by_role("link", name="Opleidingen voor 27. Data Scientist").first.click()
    expect(programme.get_by_role("link", name=re.compile("Rijks Data Science Programma"))).to_be_visible()
    walk.step("course-for-a-gap")

    # A civil servant of Gelderland joins the pool: a developer at e-3, 40 hours a week.
    professional = staff(browser, demo, "gelderland-viewer")
    walk.page = professional
    professional.goto("/vakmanschap/talentpool/profiel/")
    professional.get_by_label("Functieprofiel").select_option(value="cwa-16458:6")
    professional.get_by_label("Uren per week").fill("40")
    professional.get_by_label("Regio").select_option(label="Gelderland")
    professional.get_by_label("Nederlands", exact=True).check()
    professional.get_by_label("B.1 Application Development").select_option(value="3")
    professional.get_by_label("B.2 Component Integration").select_option(value="3")
    professional.get_by_label("Over u").fill("Ontwikkelaar bij de provincie; graag drie maanden aan een app.")
    walk.here("pool-profile-form")
    professional.get_by_role("button", name="Meedoen aan de talentpool").click()
    expect(professional.get_by_role("status")).to_contain_text("U doet nu mee aan de talentpool.")
    walk.step("joined")

    # Rotterdam's developer assignment ranks the new member first (both met, and the most hours of those), by a
    # pseudonym; opening the candidate shows the name, and is logged.
    walk.page = rotterdam
    rotterdam.goto("/vakmanschap/talentpool/")
    rotterdam.get_by_role("link", name="Ontwikkelaar voor de havenapp (illustratief)").first.click()
    first = rotterdam.get_by_role("row").filter(has_text="Kandidaat 1")
    expect(first).to_contain_text("B.1 Application Development: gevraagd e-3, heeft e-3")
    expect(first).to_contain_text("40 uur per week")
    expect(rotterdam.locator("main")).not_to_contain_text("gelderland-viewer")
    walk.step("candidates")
    assignment = rotterdam.url
    rotterdam.get_by_role("button", name="Kandidaat 1 openen").click()
    expect(rotterdam.get_by_role("heading", level=1)).to_have_text("gelderland-viewer")
    walk.here("candidate-opened")

    # The member sees who opened the profile, then deletes it.
    walk.page = professional
    professional.goto("/vakmanschap/talentpool/profiel/bekeken/")
    openings = professional.get_by_role("table", name="Keren dat uw profiel is geopend, nieuwste eerst")
    opened = openings.get_by_role("row").filter(has_text="gemeente Rotterdam")
    expect(opened).to_contain_text("Ontwikkelaar voor de havenapp (illustratief)")
    # ... and that it was in Rotterdam's candidate list, without a name, before that (decision 0058, hardening).
    appeared = professional.get_by_role("listitem").filter(has_text="in de kandidatenlijst van opdracht")
    expect(appeared).to_contain_text("Ontwikkelaar voor de havenapp (illustratief) van gemeente Rotterdam")
    walk.step("who-opened")
    professional.goto("/vakmanschap/talentpool/profiel/verwijderen/")
    walk.here("delete")
    professional.get_by_role("button", name="Mijn profiel verwijderen").click()
    expect(professional.get_by_role("status")).to_contain_text("Uw profiel in de talentpool en de lijst")
    walk.step("deleted")
    export = professional.request.get("/vakmanschap/talentpool/profiel/exporteren/")
    assert export.status == 404, "nothing left to export"

    # Gone from the candidates too.
    walk.page = rotterdam
    rotterdam.goto(assignment)
    expect(rotterdam.get_by_role("row").filter(has_text="Kandidaat 1")).not_to_contain_text("40 uur per week")
    walk.step("gone-from-the-candidates")
    walk.done()
