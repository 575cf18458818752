"""The guided page: an organisation's editor classifies its algorithm question by question; a changed decision aid
puts the classification on the review page with what changed."""

import shutil
from urllib.parse import urlencode

import pytest
import yaml

from tests.ai.test_decision_aid import AID, HIGH_RISK_PROVIDER, question
from tests.conftest import PASSWORD
from thorbecke.ai.classification import current_tree, recheck
from thorbecke.ai.models import Algorithm, Classification
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def utrecht_algorithm() -> Algorithm:
    """Utrecht's algorithm to classify, made on first use."""
    return Algorithm.objects.filter(name="Slimme afvalcontainer").first() or Algorithm.objects.create(
        organisation=Organisation.objects.get(code="gm0344"), name="Slimme afvalcontainer", document={}
    )


def classify_url(answers=(), language="nl") -> str:
    base = f"/algoritmes/{utrecht_algorithm().public_id}/classificeren/"
    if language == "en":
        base = f"/en/algorithms/{utrecht_algorithm().public_id}/classify/"
    return f"{base}?{urlencode(list(answers))}" if answers else base


@pytest.fixture(autouse=True)
def _the_real_aid():
    current_tree.clear()
    yield
    current_tree.clear()


def test_an_editor_walks_the_aid_one_question_a_page_and_saves_the_conclusion(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    tree = current_tree()
    for index, (question_id, _answer) in enumerate(HIGH_RISK_PROVIDER):
        page = client.get(classify_url(HIGH_RISK_PROVIDER[:index])).content.decode()
        assert f'name="{question_id}"' in page  # this page asks this question, and only this one
        assert page.count('type="radio"') == len(tree.questions[question_id].answers)
        if index:
            assert "Terug naar de vorige vraag" in page
        if question_id == "1.2":  # its explanation, the EUR-Lex article as a link, the terms it uses explained
            assert "substantiële wijziging" in page and 'href="https://eur-lex.europa.eu/' in page
            assert "Begrippen in deze vraag" in page
    done = client.get(classify_url(HIGH_RISK_PROVIDER)).content.decode()
    assert "hoog-risico AI-systeem met transparantieverplichtingen" in done and "Classificatie opslaan" in done
    assert client.post(classify_url(HIGH_RISK_PROVIDER)).status_code == 302
    stored = Classification.objects.get()
    assert (stored.conclusion, stored.tree_version, stored.tree_digest) == ("12.0.1", "1.0.0", tree.digest)
    assert [(a["question"], a["answer"]) for a in stored.answers] == HIGH_RISK_PROVIDER
    assert stored.classified_by == accounts["utrecht-editor"]
    algorithm = utrecht_algorithm()
    assert algorithm.ai_act_profile["risk_group"] == ["hoog-risico AI"]
    assert algorithm.ai_act_profile["role"] == ["aanbieder"] and algorithm.risk_group == "hoog-risico AI"


def test_an_unfinished_walk_or_a_made_up_answer_saves_nothing(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    assert client.post(classify_url(HIGH_RISK_PROVIDER[:3])).status_code == 302
    page = client.get(classify_url([("1.1", "Misschien")])).content.decode()
    assert "niet een antwoord op zijn vraag" in page and 'name="1.1"' in page
    assert client.post(classify_url([("1.1", "Misschien")])).status_code == 302
    assert not Classification.objects.exists() and utrecht_algorithm().ai_act_profile == {}


@pytest.mark.parametrize("username", ["utrecht-viewer", "amsterdam-editor", "amsterdam-admin", "programme"])
def test_only_the_owners_editors_classify(client, accounts, username):
    client.login(username=username, password=PASSWORD)
    assert client.get(classify_url()).status_code == 403
    assert client.post(classify_url([("1.1", "Nee")])).status_code == 403
    assert not Classification.objects.exists()


def test_the_english_page_says_the_aid_is_dutch_only(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    page = client.get(classify_url(language="en")).content.decode()
    assert "exists only in Dutch" in page and "Bevat de (beoogde) toepassing een algoritme?" in page
    assert "Question 1" in page


def test_a_changed_aid_lists_the_classification_for_review_with_what_changed(client, accounts, settings, tmp_path):
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(classify_url(HIGH_RISK_PROVIDER))
    assert "Niets te herzien" in client.get("/algoritmes/classificaties/").content.decode()

    changed = tmp_path / "ai" / "beslishulp"
    shutil.copytree(AID, changed)
    raw = yaml.safe_load((changed / "decision-tree.yaml").read_text())
    answers = question(raw, "1.2")["answers"]
    answers.remove(next(a for a in answers if a["answer"] == "We ontwikkelen enkel"))
    (changed / "decision-tree.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    settings.SHARED_DATA_DIR = tmp_path
    current_tree.clear()

    page = client.get("/algoritmes/classificaties/").content.decode()
    assert "Het antwoord “We ontwikkelen enkel” op vraag 1.2 bestaat niet meer." in page
    assert "moet herzien" in page
    # Going through again with the stored answers stops at the question whose answer is gone.
    again = client.get(classify_url(HIGH_RISK_PROVIDER)).content.decode()
    assert "niet een antwoord op zijn vraag" in again and 'name="1.2"' in again
    assert 'href="/algoritmes/' in page and "De beslishulp opnieuw doorlopen voor Slimme afvalcontainer" in page
    assert recheck(current_tree()) == 1
    stored = Classification.objects.get()
    assert stored.needs_review and stored.differences[0]["kind"] == "answer-gone"


def test_the_aids_own_markup_is_kept_and_nothing_else():
    from thorbecke.ai.views_classification import aid_html

    shown = aid_html('Let op:<br><strong>vet</strong> <i>schuin</i> <script>alert(1)</script> <a href="x">')
    assert shown == (
        "Let op:<br><strong>vet</strong> <i>schuin</i> "
        "&lt;script&gt;alert(1)&lt;/script&gt; &lt;a href=&quot;x&quot;&gt;"
    )


def test_the_recheck_command_marks_nothing_on_the_same_aid(client, accounts):
    from io import StringIO

    from django.core.management import call_command

    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(classify_url([("1.1", "Nee")]))
    out = StringIO()
    call_command("recheck_classifications", stdout=out)
    assert "decision aid 1.0.0" in out.getvalue() and "0 classification(s) to review" in out.getvalue()
    assert not Classification.objects.get().needs_review
