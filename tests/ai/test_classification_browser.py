"""The decision aid in a real Chromium, in Dutch and English: an editor answers question by question, goes back and
changes an answer, reaches the conclusion and saves it; every page passes axe."""

import pytest
from playwright.sync_api import expect

from tests.ai.test_classification_pages import classify_url, utrecht_algorithm
from tests.web import test_browser
from tests.web.browser import axe_violations
from tests.web.test_browser import sign_in
from thorbecke.ai.models import Classification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
page = test_browser.page

# A rule-based system that is no AI system: Ja, a role, in use, "I don't know", then the three helping questions.
WALK = [
    "Ja",
    "We ontwikkelen en gebruiken het zelf",
    "In gebruik",
    "Ik weet het niet",
    "Nee",  # 1.6.1: not only human-made rules
    "Nee",  # 1.6.2: no inferences -> not an AI system (11.1)
]


@pytest.mark.parametrize("english", [False, True])
def test_an_editor_classifies_an_algorithm_in_the_browser(page, english):
    utrecht_algorithm()
    sign_in(page, "utrecht-editor", english=english)
    page.goto(classify_url(language="en" if english else "nl"))
    next_button = "Next question" if english else "Volgende vraag"
    for number, answer in enumerate(WALK, start=1):
        expect(page.get_by_text(f"Question {number}" if english else f"Vraag {number}")).to_be_visible()
        assert axe_violations(page) == [], number
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name=next_button).click()
        if number == 2:  # back, and the same answer again
            page.get_by_role(
                "link", name="Back to the previous question" if english else "Terug naar de vorige vraag"
            ).click()
            expect(page.get_by_text("Question 2" if english else "Vraag 2")).to_be_visible()
            page.get_by_label(answer, exact=True).check()
            page.get_by_role("button", name=next_button).click()
    expect(page.get_by_text("niet valt onder de definitie van een AI-systeem", exact=False)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save this classification" if english else "Classificatie opslaan").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert axe_violations(page) == []
    assert Classification.objects.get().conclusion == "11.1"


def test_the_review_page_with_what_changed_passes_axe(page, settings, tmp_path):
    import shutil

    import yaml

    from tests.ai.test_decision_aid import AID, HIGH_RISK_PROVIDER, question
    from thorbecke.ai.classification import current_tree, store
    from thorbecke.ai.decision_aid import run

    current_tree.clear()
    tree = current_tree()
    store(utrecht_algorithm(), tree, run(tree, HIGH_RISK_PROVIDER), None)
    changed = tmp_path / "ai" / "beslishulp"
    shutil.copytree(AID, changed)
    raw = yaml.safe_load((changed / "decision-tree.yaml").read_text())
    question(raw, "2.5")["question"] = "Profileert het AI-systeem natuurlijke personen?"
    (changed / "decision-tree.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    settings.SHARED_DATA_DIR = tmp_path
    current_tree.clear()
    try:
        for english in (False, True):
            sign_in(page, "utrecht-editor", english=english)
            page.goto("/en/algorithms/classifications/" if english else "/algoritmes/classificaties/")
            expect(page.get_by_text("Profileert het AI-systeem natuurlijke personen?", exact=False)).to_be_visible()
            assert axe_violations(page) == []
            page.context.clear_cookies()
    finally:
        current_tree.clear()
