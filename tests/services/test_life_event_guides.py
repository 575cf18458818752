"""Life events: answers a person can change, the place question each event needs, content checked against the UPL."""

import csv
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import snapshot
from tests.web.browser import axe_violations
from thorbecke.services.life_event_guides import load_life_events

pytestmark = pytest.mark.django_db

MOVE = "/levensgebeurtenissen/verhuizen/"
MOVE_EN = "/en/life-events/verhuizen/"


def page(client, url: str, **params: str) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def checked(html: str, key: str) -> list[str]:
    """The values of the radio buttons for this question that are selected."""
    return re.findall(rf'<input[^>]*name="{key}" value="(\w+)"[^>]*\schecked', html)


def test_every_answer_stays_visible_and_can_be_changed_and_the_steps_follow(client, register):
    staying = page(client, MOVE, abroad="no", car="yes", rent="no")
    assert [checked(staying, key) for key in ("abroad", "car", "rent")] == [["no"], ["yes"], ["no"]]
    assert "Geef uw verhuizing door aan uw nieuwe gemeente" in staying
    assert "Meld uw vertrek naar het buitenland" not in staying

    leaving = page(client, MOVE, abroad="yes", car="yes", rent="no")  # the same form, one answer changed
    assert checked(leaving, "abroad") == ["yes"] and checked(leaving, "car") == ["yes"]
    assert "Meld uw vertrek naar het buitenland" in leaving
    assert "Geef uw verhuizing door aan uw nieuwe gemeente" not in leaving
    assert "Laat uw auto uitschrijven voor export" in leaving


def test_the_answers_form_works_without_javascript_and_keeps_the_postcode(client, register):
    html = page(client, MOVE, abroad="no", postcode="3511 AB")
    form = re.search(r'<form method="get"[^>]*>(.*?)</form>', html, re.S).group(1)
    assert 'name="car"' in form and 'name="rent"' in form and 'name="abroad"' in form
    assert '<input type="hidden" name="postcode" value="3511 AB">' in form
    assert "<script" not in main(html)


def test_the_move_asks_for_the_new_postcode_and_other_events_where_you_live(client, register):
    assert "Wat wordt uw nieuwe postcode?" in page(client, MOVE)
    assert "What will your new postcode be?" in page(client, MOVE_EN)
    assert "Where are you going to live?" in page(client, MOVE_EN, abroad="no")
    # Moving abroad is reported to the municipality you leave.
    assert "Waar woont u nu?" in page(client, MOVE, abroad="yes")
    assert "Waar woont u?" in page(client, "/levensgebeurtenissen/baan-verliezen/")
    assert "Where do you live?" in page(client, "/en/search/", q="paspoort")


def test_the_new_postcode_leads_to_the_new_municipality(client, register):
    html = page(client, MOVE, abroad="no", postcode="3511AB")
    assert "Utrecht" in html and 'href="/organisaties/gm0344/"' in html


def test_a_newborn_is_insured_through_the_parents_health_insurer_not_the_cak(client, register):
    html = page(client, "/levensgebeurtenissen/geboorte/", married="yes", child_benefit="no", childcare="no")
    assert "zorgverzekeraar" in html and "CAK" not in html
    assert "buitenland" not in html  # birth registration, not the registration of someone arriving from abroad


def test_a_once_only_step_says_what_happens_not_what_to_apply_for(client, register):
    html = page(client, MOVE, abroad="no", car="yes", rent="no")
    assert "Kentekenbewijs aanvragen" not in html
    assert "De RDW krijgt uw nieuwe adres vanzelf" in html


@pytest.mark.parametrize(
    ("value", "shown"),
    [("maybe", "maybe"), ("x" * 5000, "x" * 20 + "…"), ('<script>alert("x")</script>', "&lt;script&gt;")],
)
def test_a_malformed_answer_is_refused_visibly_and_nothing_is_stored(client, register, value, shown):
    before = snapshot()
    response = client.get(MOVE, {"abroad": value, "car": "yes"})
    assert response.status_code == 200 and not response.cookies  # no session started, nothing remembered
    dutch = main(response.content.decode())
    assert "is geen antwoord op deze vraag. Kies ja of nee." in dutch and shown in dutch
    assert '<script>alert("x")</script>' not in dutch and "x" * 21 not in dutch
    assert checked(dutch, "abroad") == [] and checked(dutch, "car") == ["yes"]
    assert 'aria-invalid="true"' in dutch
    english = page(client, MOVE_EN, abroad=value)
    assert "is not an answer to this question. Choose yes or no." in english
    assert "Answer the questions above to see your steps." in english  # every step of a move waits for that answer
    assert snapshot() == before


def test_a_malformed_postcode_is_explained_in_the_pages_language_and_kept(client, register):
    dutch = page(client, MOVE, abroad="no", postcode="12345")
    assert "is geen Nederlandse postcode" in dutch and 'value="12345"' in dutch
    assert checked(dutch, "abroad") == ["no"]
    english = page(client, MOVE_EN, abroad="no", postcode="<b>99</b>")
    assert "is not a Dutch postcode" in english and "<b>99</b>" not in english


# The content file on its own: every step is a real UPL product, and every English text is English.


def upl_names() -> set[tuple[str, str]]:
    path = Path(settings.SHARED_DATA_DIR) / "upl_uniforme_productnamenlijst_2023-07.csv"
    with path.open(encoding="utf-8") as handle:
        return {(row["URI"], row["UniformeProductnaam"]) for row in csv.DictReader(handle)}


def texts(item: object) -> list[tuple[str, str]]:
    """(Dutch, English) pairs of a content item."""
    fields = [f[:-3] for f in vars(item) if f.endswith("_nl")]
    return [(getattr(item, f + "_nl"), getattr(item, f + "_en")) for f in fields]


def test_every_step_is_a_upl_product_with_its_exact_name():
    known = upl_names()
    for event in load_life_events():
        for step in event.steps:
            assert (step.uri, step.name) in known, (event.slug, step.uri, step.name)


def test_no_english_text_is_its_dutch_text_and_the_header_rules_hold():
    for event in load_life_events():
        items = [event, *event.questions, *event.steps, *event.places]
        assert event.sources and all(s.startswith(("https://", "http://")) for s in event.sources)
        for item in items:
            for dutch, english in texts(item):
                assert dutch != english, (event.slug, dutch)
                for text in (dutch, english):
                    assert not re.search(r"€|\beuro\b|\d+\s*(dagen|dag|days|day)\b", text, re.I), text
        for step in event.steps:
            if step.once_only:  # what happens, not an application
                assert not re.search(r"aanvragen|\bapply\b", step.title_nl + step.title_en, re.I), step.title_en


# In a real browser: the pages pass axe-core in both languages, on a desktop and at 390 px wide, also after answering,
# after changing an answer and with an error.

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def life_page(browser, live_server, register):
    context = browser.new_context(base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_life_events_pass_axe_while_a_person_answers_and_changes_an_answer(life_page, language, width):
    page_ = life_page
    page_.set_viewport_size(WIDTHS[width])
    english = language == "en"
    prefix = "/en/life-events/" if english else "/levensgebeurtenissen/"
    yes, no = ("Yes", "No") if english else ("Ja", "Nee")
    show = "Show my steps" if english else "Toon mijn stappen"
    failures = {}

    def check(moment: str) -> None:
        assert page_.locator("html").get_attribute("lang") == language
        if violations := axe_violations(page_):
            failures[moment] = violations
        width_overflow = page_.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not width_overflow, f"{moment}: the page scrolls sideways at {width}"

    page_.goto(prefix)
    check("list")
    page_.goto(prefix + "verhuizen/")
    check("move, unanswered")
    abroad = "Are you moving abroad?" if english else "Verhuist u naar het buitenland?"
    moving_abroad = page_.get_by_role("group", name=abroad)
    moving_abroad.get_by_label(no, exact=True).check()
    page_.get_by_role("group", name=re.compile("registration number|kenteken")).get_by_label(yes, exact=True).check()
    page_.get_by_role("button", name=show).click()
    expect(page_.get_by_role("heading", name=re.compile("new municipality|nieuwe gemeente"))).to_be_visible()
    check("move, answered")
    moving_abroad.get_by_label(yes, exact=True).check()  # change an answer
    page_.get_by_role("button", name=show).click()
    leaving = re.compile("leaving the Netherlands|vertrek naar het buitenland")
    expect(page_.get_by_role("heading", name=leaving)).to_be_visible()
    expect(moving_abroad.get_by_label(yes, exact=True)).to_be_checked()
    check("move, answer changed")
    page_.get_by_label("Your current postcode" if english else "Uw huidige postcode").fill("12345")
    page_.get_by_role("button", name="Find my organisations" if english else "Zoek mijn organisaties").click()
    expect(page_.get_by_role("alert")).to_be_visible()
    expect(moving_abroad.get_by_label(yes, exact=True)).to_be_checked()  # the answers survive the place form
    check("move, postcode error")
    page_.goto(prefix + "geboorte/?married=maybe&postcode=3511AB")
    expect(page_.get_by_text(re.compile("Choose yes or no|Kies ja of nee"))).to_be_visible()
    check("birth, answer refused")
    assert not failures, failures
