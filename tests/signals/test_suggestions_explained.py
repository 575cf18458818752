"""A person reporting a problem can follow a link from the suggested kinds of problem to the algorithm behind them
in the register, in their language; where the algorithm is not registered there is no link."""

import re

import pytest

from thorbecke.ai.own import REPORT_CLASSIFIER, registered
from thorbecke.demo.own_algorithms import seed_own_algorithms

pytestmark = pytest.mark.django_db
LINK = re.compile(r'id="suggestions-explained">[^<]*<a class="utrecht-link" href="([^"]+)">([^<]+)</a>')


def test_the_report_form_links_the_suggestions_to_their_algorithm(client, register):
    assert "suggestions-explained" not in client.get("/melding-doen/").content.decode()

    seed_own_algorithms()
    public_id = registered(REPORT_CLASSIFIER).public_id
    for form, address, words, name in (
        ("/melding-doen/", f"/algoritmes/{public_id}/", "Hoe het voorstel tot stand komt", "Soort probleem"),
        ("/en/report-a-problem/", f"/en/algorithms/{public_id}/", "How the suggestion is made", "Soort probleem"),
    ):
        [(href, text)] = LINK.findall(client.get(form).content.decode())
        assert (href, text) == (address, words)
        page = client.get(href)
        assert page.status_code == 200 and name in page.content.decode()
