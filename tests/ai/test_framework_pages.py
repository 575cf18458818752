"""The framework's public pages: the requirements with their law, filtered by law, phase and AI Act profile."""

import re

import pytest

pytestmark = pytest.mark.django_db


def requirement_codes(response) -> set[str]:
    return set(
        re.findall(r'href="/(?:en/algorithms/framework|algoritmes/kader)/([a-z]+-\d+)/"', response.content.decode())
    )


def test_the_list_shows_every_requirement_with_its_law(client):
    response = client.get("/algoritmes/kader/")
    assert response.status_code == 200
    assert len(requirement_codes(response)) == 63
    assert "AI-verordening" in response.content.decode() and "Grondwet" in response.content.decode()


def test_filter_by_law_and_by_phase(client):
    assert requirement_codes(client.get("/algoritmes/kader/?law=awb")) == {"awb-01", "awb-02"}
    by_phase = requirement_codes(client.get("/algoritmes/kader/?phase=uitfaseren"))
    assert by_phase and "arc-01" in by_phase and len(by_phase) < 63


def test_filter_by_ai_act_profile(client):
    deployer = "type=ai-systeem&risk_group=hoog-risico-ai-systeem&role=gebruiksverantwoordelijke"
    codes = requirement_codes(client.get(f"/en/algorithms/framework/?{deployer}&law=aia"))
    assert {"aia-20", "aia-21", "aia-27"} <= codes and "aia-03" not in codes
    assert not requirement_codes(client.get("/algoritmes/kader/?type=impactvol-algoritme&law=aia"))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/algoritmes/kader/?risk_group=zeer-hoog", "Selecteer een geldige keuze"),
        ("/en/algorithms/framework/?risk_group=zeer-hoog", "Select a valid choice"),
    ],
)
def test_an_unknown_filter_value_is_refused_with_the_field_named(client, url, message):
    page = client.get(url).content.decode()
    assert message in page and 'href="#id_risk_group"' in page
    assert not requirement_codes(client.get(url))


def test_a_requirement_shows_its_law_measures_per_phase_and_sources(client):
    page = client.get("/en/algorithms/framework/avg-13/").content.decode()
    assert "published in Dutch only" in page
    assert 'href="https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32016R0679"' in page
    assert (
        'href="https://minbzk.github.io/Algoritmekader/voldoen-aan-wetten-en-regels/vereisten/avg-13-dpia-verplicht/'
        in page
    )
    assert "https://wetten.overheid.nl/BWBR0042812/2019-11-27" in page  # a source named in the explanation
    assert "Measures per lifecycle phase" in page and '<h3 class="utrecht-heading-3 thorbecke-text" lang="nl">' in page


def test_an_unknown_requirement_is_not_found(client):
    assert client.get("/algoritmes/kader/xyz-99/").status_code == 404


def test_the_language_link_leads_to_the_same_requirement(client):
    dutch = client.get("/algoritmes/kader/aia-27/?x=1").content.decode()
    assert 'href="/en/algorithms/framework/aia-27/?x=1" hreflang="en"' in dutch
    english = client.get("/en/algorithms/framework/aia-27/").content.decode()
    assert 'href="/algoritmes/kader/aia-27/" hreflang="nl"' in english


def test_the_explanations_markdown_links_are_links_and_nothing_else_is_markup():
    from thorbecke.ai.templatetags.framework_text import with_links

    text = (
        "Zie [de maatregel](https://minbzk.github.io/x/index.html) en <script>x</script> [niet](javascript:alert(1))."
    )
    assert with_links(text) == (
        'Zie <a class="utrecht-link" href="https://minbzk.github.io/x/index.html">de maatregel</a> en '
        "&lt;script&gt;x&lt;/script&gt; [niet](javascript:alert(1))."
    )


def test_a_requirement_links_what_its_explanation_links(client):
    page = client.get("/algoritmes/kader/aia-00/").content.decode()
    assert (
        '1-pba-03-onderbouwen-gebruik-algoritme/index.html">onderbouwen van het gebruik van een AI-systeem</a>' in page
    )
