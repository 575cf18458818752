import json

import pytest
from django.conf import settings

from thorbecke.hub.urls import api
from thorbecke.web.api import API_VERSION, openapi_document

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations"


def problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == API_VERSION
    body = response.json()
    assert body["status"] == status and body["title"] and body["instance"]
    return body


def test_list_filters_by_type_and_province(client, register):
    response = client.get(URL, {"type": "gemeente", "province": "pv26", "pageSize": 100})
    assert response.status_code == 200
    assert response["API-Version"] == API_VERSION
    body = response.json()
    assert body["count"] == 26  # the municipalities of the province of Utrecht
    assert {r["province"]["code"] for r in body["results"]} == {"pv26"}
    assert all(r["type"] == "gemeente" and r["endDate"] is None for r in body["results"])


def test_list_searches_name_code_and_domain(client, register):
    assert [r["code"] for r in client.get(URL, {"q": "GM0363"}).json()["results"]] == ["gm0363"]
    assert [r["code"] for r in client.get(URL, {"q": "denhaag.nl"}).json()["results"]] == ["gm0518"]
    names = [r["name"] for r in client.get(URL, {"q": "rijnland", "type": "waterschap"}).json()["results"]]
    assert names == ["waterschap Hoogheemraadschap De Stichtse Rijnlanden", "waterschap Hoogheemraadschap van Rijnland"]


def test_ended_organisations_are_listed_on_request(client, register):
    body = client.get(URL, {"active": "false", "q": "Appingedam"}).json()
    assert body["results"][0]["endDate"] == "2020-12-31"


def test_pagination_links_walk_the_whole_list(client, register):
    first = client.get(URL, {"type": "waterschap", "pageSize": 8}).json()
    assert first["count"] == 21 and len(first["results"]) == 8
    assert "prev" not in first["_links"] and first["_links"]["last"]["href"].endswith("page=3")
    seen = [r["code"] for r in first["results"]]
    href = first["_links"]["next"]["href"]
    while href:
        page = client.get(href).json()
        seen += [r["code"] for r in page["results"]]
        href = page["_links"].get("next", {}).get("href")
    assert len(seen) == len(set(seen)) == 21


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"type": "dorp"}, {"type"}),
        ({"page": "0"}, {"page"}),
        ({"pageSize": "1000"}, {"pageSize"}),
        ({"province": "utrecht"}, {"province"}),
        ({"q": "x" * 101}, {"q"}),
        ({"page": "nul", "type": "x"}, {"page", "type"}),
    ],
)
def test_bad_parameters_get_problem_details_naming_each_parameter(client, register, query, names):
    body = problem(client.get(URL, query), 400)
    assert {p["name"] for p in body["invalidParams"]} == names


def test_a_page_past_the_end_is_not_found(client, register):
    body = problem(client.get(URL, {"type": "provincie", "page": 2}), 404)
    assert "laatste pagina is 1" in body["detail"] and body["title"] == "Niet gevonden."


def test_detail_has_identifiers_domains_and_history(client, register):
    body = client.get(f"{URL}/gm1979").json()  # Eemsdelta, formed from three municipalities
    assert body["tooiUri"] == "https://identifier.overheid.nl/tooi/id/gemeente/gm1979"
    assert body["province"]["code"] == "pv20"
    assert {p["code"] for p in body["predecessors"]} >= {"gm0003", "gm0010", "gm0024"}
    assert {"name": "eemsdelta.nl"} in body["domains"]
    assert body["_links"]["self"]["href"].endswith("/api/v1/organisations/gm1979")


def test_unknown_organisation_and_trailing_slash_are_problems(client, register):
    problem(client.get(f"{URL}/gm9999"), 404)
    problem(client.get(f"{URL}/"), 404)


def test_the_register_api_is_read_only(client, register):
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(URL).status_code == 405
        assert getattr(client, method)(f"{URL}/gm0363").status_code == 405


def test_openapi_document_is_served_and_matches_the_committed_one(client):
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    committed = json.loads((settings.REPO_ROOT / "docs" / "api" / "openapi-v1.json").read_text())
    assert served.json() == committed, "run `thorbecke openapi > docs/api/openapi-v1.json` and commit it"
    assert json.loads(openapi_document(api)) == committed
    assert committed["info"]["version"] == API_VERSION
    for path, operations in committed["paths"].items():
        assert not path.endswith("/"), path
        for operation in operations.values():
            for response in operation["responses"].values():
                assert "API-Version" in response["headers"]


def test_schema_names_are_unique_across_the_apis():
    # django-ninja keys OpenAPI components by class name: a second class with the same name
    # silently replaces the first in the published document.
    from ninja import Schema

    import thorbecke.registry.api
    import thorbecke.services.api
    import thorbecke.web.api

    seen = {}
    for module in (thorbecke.web.api, thorbecke.registry.api, thorbecke.services.api):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                assert seen.setdefault(name, value) is value, f"two schemas named {name}"
