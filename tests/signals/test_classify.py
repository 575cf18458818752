import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("er ligt een berg vuilnis naast de container", {"huisafval", "container-is-vol", "grofvuil"}),
        ("lantaarnpaal doet het niet", {"straatverlichting-openbare-klok"}),
        ("the dike near the polder is leaking water", {"dijk-waterkering"}),
    ],
)
def test_a_report_in_own_words_gets_a_suggested_category_with_a_confidence(client, register, text, expected):
    body = client.get("/api/v1/signals/classify", {"text": text}).json()
    suggestions = body["suggestions"]
    assert suggestions[0]["serviceCode"] in expected, suggestions
    assert 0 < suggestions[0]["confidence"] <= 1 and suggestions[0]["name"]
    assert [s["confidence"] for s in suggestions] == sorted((s["confidence"] for s in suggestions), reverse=True)


# Everyday words for a broken road surface. "Er ligt een ..." opens most reports of a dead animal in
# the labelled set, and the first of these once got "Dode dieren" first. None of them is in the set.
@pytest.mark.parametrize(
    "text",
    [
        "Er ligt een gat in de weg bij de bushalte",
        "er zit een gat in de stoep voor de bakker",
        "Kuil in het fietspad, ik ben er bijna in gevallen",
        "losse stoeptegels bij de ingang van de school",
        "There's a pothole in the road near the bus stop",
    ],
)
def test_a_hole_in_the_road_is_a_road_surface_report_first(client, register, text):
    body = client.get("/api/v1/signals/classify", {"text": text}).json()
    assert body["suggestions"][0]["serviceCode"] == "onderhoud-stoep-straat-en-fietspad", body["suggestions"]


def test_an_empty_or_overlong_text_is_a_problem(client, register):
    assert client.get("/api/v1/signals/classify", {"text": ""}).status_code == 400
    assert client.get("/api/v1/signals/classify", {"text": "x" * 1001}).status_code == 400


@pytest.mark.parametrize(
    "text",
    [
        "er ligt al drie weken een enorme berg vuilnis naast de ondergrondse container bij de flat",
        "https://example.org/" + "a" * 300 + " kapot",
        "lantaarnpaal",
    ],
)
def test_the_model_reads_at_most_its_token_budget_of_the_opening_words(text):
    from thorbecke.services.embeddings import default_embedder
    from thorbecke.signals.classifier import EMBEDDED_TOKENS, _opening

    embedder = default_embedder()
    opening = _opening(text, embedder)
    assert opening and text.startswith(opening)
    assert embedder.passage_tokens(opening) <= EMBEDDED_TOKENS
