"""Where a citizen is sent to read how one of Thorbecke's own algorithms works: the hub operator's published
register page, or nothing."""

import json

import pytest

from thorbecke.ai.own import PROACTIVE_SCREENING, REPORT_CLASSIFIER, SEARCH, page_of, public_pages, registered
from thorbecke.ai.register import move, save_description
from thorbecke.demo.own_algorithms import FOLDER, seed_own_algorithms
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def test_outside_the_demo_there_is_no_page_and_so_no_link(register):
    assert page_of(REPORT_CLASSIFIER) == "" and public_pages(PROACTIVE_SCREENING) == ("", "")


def test_another_organisation_cannot_answer_for_the_hubs_algorithm(register):
    """Any organisation may give any source id; only the hub operator's description is the explanation."""
    document = json.loads((FOLDER / "meldingen-categorie.json").read_text(encoding="utf-8"))
    document["organization"] = "Gemeente Utrecht"
    impostor = save_description(document, organisation=Organisation.objects.get(code="gm0344"))
    move(impostor, "publish", None)
    assert registered(REPORT_CLASSIFIER) is None and page_of(REPORT_CLASSIFIER) == ""


def test_the_link_leads_to_the_published_page_in_both_languages_and_goes_when_retracted(client, register):
    seed_own_algorithms()
    nl, en = public_pages(SEARCH)
    algorithm = registered(SEARCH)
    assert nl == f"http://127.0.0.1:8000/algoritmes/{algorithm.public_id}/"
    assert en == f"http://127.0.0.1:8000/en/algorithms/{algorithm.public_id}/"
    for address in (nl, en):
        page = client.get(address.removeprefix("http://127.0.0.1:8000"))
        assert page.status_code == 200 and "Zoeken in de voordeur" in page.content.decode()
    assert page_of("thorbecke:something-else") == ""
    move(algorithm, "retract", None)
    assert page_of(SEARCH) == ""
