import pytest

pytestmark = pytest.mark.django_db


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_search_answers_in_the_persons_words(client, register):
    body = client.get("/api/v1/products/search", {"q": "mijn paspoort is verlopen"}).json()
    assert body["governmentMatter"] is True
    assert "paspoort" in [r["slug"] for r in body["results"][:3]]
    assert body["results"][0]["_links"]["self"]["href"].startswith("http")


@pytest.mark.parametrize("query", ["welke film draait er vanavond in de bioscoop", "best running shoes for a marathon"])
def test_an_everyday_question_is_not_a_government_matter(client, register, query):
    body = client.get("/api/v1/products/search", {"q": query}).json()
    assert (body["governmentMatter"], body["results"]) == (False, [])


def test_search_speaks_english_when_asked(client, register):
    body = client.get("/api/v1/products/search", {"q": "passport"}, HTTP_ACCEPT_LANGUAGE="en").json()
    titles = [r["title"] for r in body["results"]]
    assert any("assport" in t for t in titles)


@pytest.mark.parametrize("query", ["", "x" * 301])
def test_search_refuses_empty_and_overlong_questions(client, register, query):
    body = problem(client.get("/api/v1/products/search", {"q": query}), 400)
    assert body["invalidParams"][0]["name"] == "q"


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "мой паспорт", "🙂🙂🙂", "'; DROP TABLE x; --"])
def test_strange_questions_get_an_answer_not_an_error(client, register, query):
    assert client.get("/api/v1/products/search", {"q": query}).status_code == 200


def test_places_from_postcode_and_point(client, register):
    body = client.get("/api/v1/places", {"postcode": "3511 AB"}).json()
    assert (body["municipality"]["code"], body["province"]["code"]) == ("gm0344", "pv26")
    body = client.get("/api/v1/places", {"lat": 52.3731, "lon": 4.8913}).json()
    assert body["waterBoard"]["code"] == "ws0155"


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"postcode": "1000"}, 404, "does not exist"),
        ({"lat": 53.5, "lon": 3.5}, 404, "outside the Netherlands"),  # the North Sea, inside the bounding box
        ({}, 400, "Give a postcode"),
    ],
)
def test_places_explain_what_is_wrong(client, register, params, status, words):
    assert words in problem(client.get("/api/v1/places", params, HTTP_ACCEPT_LANGUAGE="en"), status)["detail"]


@pytest.mark.parametrize(
    ("params", "names"),
    [({"postcode": "12345"}, {"postcode"}), ({"lat": 53.5, "lon": 3.0}, {"lon"}), ({"lat": 48.0}, {"lat"})],
)
def test_places_outside_the_documented_form_or_range_name_the_parameter(client, register, params, names):
    body = problem(client.get("/api/v1/places", params), 400)
    assert {p["name"] for p in body["invalidParams"]} == names


def test_the_door_of_a_product(client, register):
    body = client.get("/api/v1/products/paspoort/door", {"postcode": "3511AB"}).json()
    assert body["organisation"]["code"] == "gm0344" and "utrecht.nl" in body["organisation"]["websites"]
    problem(client.get("/api/v1/products/bestaat-niet/door"), 404)
    problem(client.get("/api/v1/products/bestaat-niet"), 404)
