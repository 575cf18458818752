"""What /api/v1 and its OpenAPI document promise, one rule at a time (issue 21, items 9 to 13). The machine check
over the whole document is tests/web/test_api_contract.py; these say each rule where a reader looks for it."""

import json
import re

import pytest
from django.conf import settings

from tests.conftest import PASSWORD
from thorbecke.web.api import API_VERSION

pytestmark = pytest.mark.django_db

DOCUMENT = json.loads((settings.REPO_ROOT / "docs" / "api" / "openapi-v1.json").read_text())
OPERATIONS = [
    (path, method, operation)
    for path, operations in DOCUMENT["paths"].items()
    for method, operation in operations.items()
]
# Every collection the API lists; each pages the way /organisations does.
COLLECTIONS = [
    "/organisations",
    "/agreements",
    "/agreements/gaps",
    "/agreements/measurements",
    "/directory/peers",
    "/directory/services",
    "/processing-activities",
    "/landscape/concentration",
    "/proactive/non-take-up",
    "/ai-applications",
    "/indicators",
    "/indicators/{indicator}/observations",
    "/pool/assignments",
]


def _schema(ref: str) -> dict:
    return DOCUMENT["components"]["schemas"][ref.rsplit("/", 1)[1]]


def _param(path: str, name: str) -> dict:
    (found,) = [p for p in DOCUMENT["paths"][path]["get"]["parameters"] if p["name"] == name]
    return found["schema"]


def test_every_documented_error_is_problem_json():
    errors = [
        (path, status, response)
        for path, _method, operation in OPERATIONS
        for status, response in operation["responses"].items()
        if int(status) >= 400
    ]
    assert len(errors) > 29
    for path, status, response in errors:
        assert list(response["content"]) == ["application/problem+json"], (path, status)
        assert response["content"]["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}


def test_the_version_is_in_servers_and_not_in_the_paths():
    assert DOCUMENT["servers"] == [{"url": "/api/v1"}]
    assert not [path for path in DOCUMENT["paths"] if path.startswith("/api/")]


# Every OpenAPI document the repo publishes (the ones under tests/ are the ADR check's deliberately bad fixtures).
PUBLISHED = sorted((settings.REPO_ROOT / "docs" / "api").glob("*.json"))


@pytest.mark.parametrize("document", PUBLISHED, ids=[path.name for path in PUBLISHED])
def test_the_adr_ruleset_finds_no_error_in_any_published_document(document):
    from thorbecke.agreements.checks.api import lint_openapi

    result = lint_openapi(document.read_bytes(), document.name)
    assert result.verdict == "pass", result.problems


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/agreements/measurements", "400"),
        ("/signals/classify", "400"),
        ("/directory/peers", "400"),
        ("/directory/services", "400"),
        ("/processing-activities", "400"),
        ("/signals/figures", "404"),
        ("/landscape/dependents", "401"),
    ],
)
def test_statuses_the_server_sends_are_documented(path, status):
    assert status in DOCUMENT["paths"][path]["get"]["responses"]


@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("/api/v1/agreements/measurements", {}, 400),
        ("/api/v1/signals/classify", {}, 400),
        ("/api/v1/directory/peers", {"organisation": "x" * 101}, 400),
        ("/api/v1/directory/services", {"organisation": "x" * 101}, 400),
        ("/api/v1/processing-activities", {"organisation": "x" * 101}, 400),
        ("/api/v1/signals/figures", {"organisation": "x"}, 404),
    ],
)
def test_the_documented_statuses_are_sent_as_problems(client, register, path, query, status):
    response = client.get(path, query)
    assert response.status_code == status and response["Content-Type"] == "application/problem+json"


def test_authentication_comes_before_validation(client, register):
    # Not signed in and no ref: the caller first hears that they must sign in.
    response = client.get("/api/v1/landscape/dependents")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    assert DOCUMENT["paths"]["/landscape/dependents"]["get"]["security"] == [{"StaffSession": []}]


def test_enums_and_ranges_the_server_enforces_are_in_the_schema():
    assert set(_param("/agreements", "status")["anyOf"][0]["enum"]) == {"mandatory", "recommended", "none", "unknown"}
    assert "agreed" in _param("/agreements/gaps", "state")["anyOf"][0]["enum"]
    assert "zorgtoeslag" in _param("/proactive/non-take-up", "scheme")["anyOf"][0]["enum"]
    assert set(_param("/landscape/concentration", "type")["enum"]) == {"gemeente", "provincie", "waterschap"}
    for path in ("/places", "/products/{slug}/door"):
        lat, lon = _param(path, "lat")["anyOf"][0], _param(path, "lon")["anyOf"][0]
        assert (lat["minimum"], lat["maximum"], lon["minimum"], lon["maximum"]) == (50.7, 53.7, 3.2, 7.3)
        assert _param(path, "postcode")["anyOf"][0]["pattern"]


def test_every_field_name_is_camel_case():
    camel = re.compile(r"^([a-z][a-zA-Z0-9]*|_links)$")
    for name, schema in DOCUMENT["components"]["schemas"].items():
        for field in schema.get("properties", {}):
            assert camel.match(field), f"{name}.{field}"


@pytest.mark.parametrize("path", COLLECTIONS)
def test_every_collection_is_paged_the_same_way(path):
    operation = DOCUMENT["paths"][path]["get"]
    assert {"page", "pageSize"} <= {p["name"] for p in operation["parameters"]}
    page = _schema(operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"])
    assert {"count", "page", "pageSize", "results", "_links"} <= set(page["properties"])
    assert page["properties"]["results"]["type"] == "array"


def test_no_operation_answers_a_bare_array():
    for path, _method, operation in OPERATIONS:
        content = operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
        assert content.get("schema", {}).get("type") != "array", path


def test_non_take_up_is_paged(client, register):
    from thorbecke.proactive.models import NonTakeUp, Screening

    screening = Screening.objects.create(period="2026-01", source="test", results="", persons=0)
    NonTakeUp.objects.bulk_create(
        NonTakeUp(screening=screening, scheme="zorgtoeslag", gemeente=f"GM{n:04d}", entitled=1, receiving=0,
                  unclaimed_per_month=1.0)
        for n in range(25)
    )  # fmt: skip
    first = client.get("/api/v1/proactive/non-take-up").json()
    assert (first["count"], len(first["results"]), first["pageSize"]) == (25, 20, 20)
    second = client.get(first["_links"]["next"]["href"]).json()
    assert len(second["results"]) == 5 and "next" not in second["_links"]


def test_a_wrong_method_is_a_problem_naming_the_allowed_ones(client, register):
    response = client.post("/api/v1/organisations")
    assert response.status_code == 405 and response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET, HEAD" and response["API-Version"] == API_VERSION
    body = response.json()
    assert body["status"] == 405 and "GET" in body["detail"]


def test_head_is_answered_wherever_get_is(client, register):
    got = client.get("/api/v1/organisations/gm0344")
    head = client.head("/api/v1/organisations/gm0344")
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == got["Content-Type"] and head["Content-Length"] == str(len(got.content))
    assert client.head("/api/v1/organisations/gm9999").status_code == 404


def test_the_openapi_document_is_open_to_every_origin(client):
    response = client.get("/api/v1/openapi.json", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"


def test_a_problem_title_is_the_same_for_every_occurrence(client, register):
    one = client.get("/api/v1/organisations/gm9998").json()
    other = client.get("/api/v1/products/bestaat-niet").json()
    assert one["title"] == other["title"] == "Niet gevonden."
    assert "gm9998" in one["detail"] and "gm9998" not in one["title"]
    bad = [client.get("/api/v1/organisations", {"type": value}).json() for value in ("dorp", "stad")]
    assert bad[0]["title"] == bad[1]["title"] and bad[0]["type"] == bad[1]["type"]


def test_landscape_fields_are_camel_case(client, accounts):
    client.login(username="programme", password=PASSWORD)
    answer = client.get("/api/v1/landscape/post-quantum").json()
    assert "quantumYear" in answer and "quantum_year" not in answer


def test_json_ld_is_served_as_json_ld_at_its_own_address():
    assert "dcat" not in _schema("#/components/schemas/ServiceEntry")["properties"]
    answer = DOCUMENT["paths"]["/directory/services/{code}/{name}/dcat"]["get"]["responses"]["200"]
    assert list(answer["content"]) == ["application/ld+json"]


def test_a_request_target_too_long_is_a_problem_the_hub_answers_itself(client, register):
    """RFC 9112 3: a recipient supports request lines of at least 8,000 octets; longer ones get 414 as problem details
    from the hub, not the empty answer of the server layer (which refuses only targets over 64 KiB)."""
    fits = client.get("/api/v1/organisations", {"unknown": "a" * 7_900})  # an unknown parameter is ignored
    assert fits.status_code == 200
    response = client.get("/api/v1/organisations", {"q": "a" * 9_000})
    assert response.status_code == 414 and response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == API_VERSION
    body = response.json()
    assert body["status"] == 414 and "8000" in body["detail"].replace(".", "").replace(",", "")
    assert body["instance"] == "/api/v1/organisations"  # the path, not the caller's 9,000 characters again
