"""The front door's search page: entrepreneurs' questions, the business choice, and bad input.

The entrepreneurs' questions here are tuning rows of bench/data/entrepreneur_questions.csv, never hidden ones.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def page(client, path, params, language="nl"):
    response = client.get(path, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def result_slugs(html):
    return re.findall(r'href="/(?:en/)?(?:producten|products)/([^/"]+)/', html)


def alert(html):
    match = re.search(r'role="alert"[^>]*>(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)) if match else ""


@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("eigen zaak starten waar moet ik me inschrijven", "handreginschr"),
        ("ik wil stoelen en tafels buiten zetten bij mijn café", "terrasvergunning"),
        ("werkvergunning voor een werknemer uit india", "tewerkstverg"),
        ("lichtreclame op mijn winkel plaatsen", "omgevingsvergunning-reclame"),
    ],
)
def test_an_entrepreneur_finds_the_product_for_the_business(client, register, question, slug):
    html = page(client, "/zoeken/", {"q": question, "audience": "business"})
    assert slug in result_slugs(html)[:3]


def test_the_door_of_a_municipal_business_product_is_the_municipality_of_the_business(client, register):
    params = {"q": "ik wil stoelen en tafels buiten zetten bij mijn café", "audience": "business", "postcode": "3511AB"}
    html = page(client, "/zoeken/", params)
    results = html.split('class="utrecht-ordered-list thorbecke-results"', 1)[1]
    first = results.split("</li>", 1)[0]
    assert "terrasvergunning" in first
    assert 'href="/organisaties/gm0344/"' in first  # Utrecht, where 3511 AB lies


def test_a_national_business_product_goes_to_its_agency(client, register):
    html = page(client, "/zoeken/", {"q": "werkvergunning voor een werknemer uit india", "audience": "business"})
    first = html.split('class="utrecht-ordered-list thorbecke-results"', 1)[1].split("</li>", 1)[0]
    assert "tewerkstverg" in first and "Uitvoeringsinstituut Werknemersverzekeringen" in first


def test_the_business_choice_is_on_both_forms_and_kept(client, register):
    assert 'name="audience" value="business"' in page(client, "/", {})
    html = page(client, "/zoeken/", {"q": "horecavergunning", "audience": "business"})
    assert re.search(r'name="audience" value="business"[^>]*checked', html)
    assert '<input type="hidden" name="audience" value="business">' in html  # the postcode form keeps it
    html = page(client, "/zoeken/", {"q": "horecavergunning"})
    assert not re.search(r'name="audience" value="business"[^>]*checked', html)


def test_the_api_prefers_products_for_the_audience(client, register):
    params = {"q": "vergunning", "limit": 10}
    business = client.get("/api/v1/products/search", {**params, "audience": "business"}).json()["results"]
    assert business, "a permit is a government matter"
    from thorbecke.services.models import Product

    kinds = Product.objects.in_bulk([r["slug"] for r in business[:5]], field_name="slug")
    assert all(p.for_businesses for p in kinds.values())
    response = client.get("/api/v1/products/search", {**params, "audience": "tourist"})
    assert response.status_code == 400


def test_not_a_government_matter_points_at_the_life_events_that_are_there(client, register):
    html = page(client, "/zoeken/", {"q": "welke film draait er vanavond"})
    assert "levensgebeurtenis" in html.lower()
    assert re.search(r'href="/levensgebeurtenissen/[a-z-]+/"', html), "the life events it points at are listed"
    html = page(client, "/en/search/", {"q": "best running shoes for a marathon"})
    assert re.search(r'href="/en/life-events/[a-z-]+/"', html)


@pytest.mark.parametrize(
    ("params", "language", "words"),
    [
        ({"q": ""}, "nl", "Typ uw vraag"),
        ({"q": "   "}, "en", "Type your question"),
        ({"q": "paspoort " * 40}, "nl", "300 tekens"),
        ({"q": "passport " * 40}, "en", "300 characters"),
        ({"q": "<script>alert(1)</script> paspoort"}, "nl", "code"),
        ({"q": "<img src=x onerror=alert(1)>"}, "en", "code"),
    ],
)
def test_a_bad_question_gets_a_clear_error_and_is_kept(client, register, params, language, words):
    path = "/zoeken/" if language == "nl" else "/en/search/"
    with CaptureQueriesContext(connection) as queries:
        html = page(client, path, params, language)
    assert words in alert(html)
    assert 'aria-invalid="true"' in html and 'aria-describedby="q-error"' in html
    assert result_slugs(html.split("<main", 1)[-1]) == []  # nothing searched
    typed = params["q"]
    assert f'value="{typed.replace("<", "&lt;").replace(">", "&gt;")}"' in html  # kept as typed, escaped
    assert "<script>alert" not in html and "<img src=x" not in html
    assert not [q for q in queries.captured_queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]


@pytest.mark.parametrize(
    ("postcode", "language", "words"),
    [
        ("12345", "nl", "geen Nederlandse postcode"),
        ("ABCD 12", "en", "not a Dutch postcode"),
        ("<script>x</script>", "en", "not a Dutch postcode"),
        ("1" * 60, "nl", "geen Nederlandse postcode"),
    ],
)
def test_a_bad_postcode_gets_a_clear_error_and_is_kept(client, register, postcode, language, words):
    path = "/zoeken/" if language == "nl" else "/en/search/"
    with CaptureQueriesContext(connection) as queries:
        html = page(client, path, {"q": "terrasvergunning", "postcode": postcode, "audience": "business"}, language)
    assert words in alert(html)
    kept = postcode[:40].replace("<", "&lt;").replace(">", "&gt;")
    assert f'name="postcode" value="{kept}"' in html
    assert "<script>x" not in html
    assert not [q for q in queries.captured_queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]
