import csv
import io

import pytest

from tests.ai.test_exchange_format import standard_description
from thorbecke.ai.exchange_format import import_descriptions
from thorbecke.ai.models import Algorithm
from thorbecke.ai.register import move
from thorbecke.ai.schema import example_descriptions
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(register):
    """The 27 examples, at Utrecht; all published but the last, which stays a concept."""
    utrecht = Organisation.objects.get(code="gm0344")
    algorithms = import_descriptions(example_descriptions(), utrecht)
    for algorithm in algorithms[:-1]:
        move(algorithm, "publish", None)
    amsterdam = Organisation.objects.get(code="gm0363")
    [verkeer] = import_descriptions(standard_description(name="Slimme verkeerslichten Ringweg"), amsterdam)
    move(verkeer, "publish", None)
    return [*algorithms, verkeer]


def names(response) -> list[str]:
    return [result["name"] for result in response.json()["results"]]


def test_the_public_list_searches_and_filters_published_only(client, published):
    response = client.get("/algoritmes/")
    assert response.status_code == 200
    assert "27 algoritmes gevonden" in response.content.decode()
    response = client.get("/algoritmes/", {"q": "gezichtsvergelijk balie"})
    assert "1 algoritme gevonden" in response.content.decode()
    assert "Gezichtsvergelijking" in response.content.decode()
    response = client.get("/algoritmes/", {"q": "amsterdam"})  # the organisation's name
    assert "Slimme verkeerslichten Ringweg" in response.content.decode()
    assert client.get("/algoritmes/", {"organisation": "gm0363"}).context["page"].paginator.count == 1
    assert client.get("/algoritmes/", {"theme": "Verkeer"}).context["page"].paginator.count == 5
    assert client.get("/algoritmes/", {"category": "C"}).context["page"].paginator.count == 9
    concept = published[-2]
    assert concept.lifecycle == "concept"
    assert client.get("/algoritmes/", {"q": "anonimiseren"}).context["page"].paginator.count == 4
    assert client.get(concept.get_absolute_url()).status_code == 404


def test_the_detail_page_in_both_languages_with_its_stable_url(client, published):
    algorithm = next(a for a in published if a.name == "Meldingen openbare ruimte")
    response = client.get(f"/algoritmes/{algorithm.public_id}/")
    content = response.content.decode()
    assert "Doel en impact" in content and "Signalen" in content
    assert f"http://testserver/algoritmes/{algorithm.public_id}/" in content
    english = client.get(f"/en/algorithms/{algorithm.public_id}/").content.decode()
    assert "Purpose and impact" in english and "Responsible use" in english


def test_exports_keep_the_document_and_carry_the_stable_id(client, published):
    algorithm = published[0]
    assert client.get(f"/algoritmes/{algorithm.public_id}.json").json() == example_descriptions()[0]
    rows = list(
        csv.DictReader(io.StringIO(client.get("/algoritmes/export.csv", {"theme": "Verkeer"}).content.decode()))
    )
    assert len(rows) == 5 and all(row["url"].endswith(f"/algoritmes/{row['id']}/") for row in rows)
    everything = client.get("/algoritmes/export.json").json()
    assert len(everything) == 27 and example_descriptions()[-1] not in everything


def test_the_api_lists_filters_and_gives_the_standard(client, published):
    response = client.get("/api/v1/algorithms", {"q": "kentekencamera", "pageSize": 2})
    body = response.json()
    assert response.status_code == 200 and body["count"] == 4 and len(body["results"]) == 2
    assert "next" in body["_links"]
    first = body["results"][0]
    detail = client.get(first["_links"]["self"]["href"]).json()
    assert detail["document"]["name"] == first["name"] and detail["documentFormat"] == "template-1.0"
    assert client.get(first["_links"]["standard"]["href"]).json() == detail["document"]
    assert names(client.get("/api/v1/algorithms", {"organisation": "gm0363"})) == ["Slimme verkeerslichten Ringweg"]
    concept = published[-2]
    assert client.get(f"/api/v1/algorithms/{concept.public_id}").status_code == 404
    assert client.get("/api/v1/algorithms", {"category": "D"}).status_code == 400
    assert Algorithm.objects.count() == 28
