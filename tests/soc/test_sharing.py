"""TLP 2.0 as the server enforces it, tested as a matrix of markings by organisations, over TAXII 2.1."""

import json
import uuid

import pytest

from thorbecke.registry.models import Organisation
from thorbecke.soc.models import ApiToken, StixObject
from thorbecke.soc.sharing import MARKING_OF, RECIPIENTS
from thorbecke.soc.taxii import COLLECTION_ID, TAXII

pytestmark = pytest.mark.django_db
OBJECTS = f"/taxii2/api1/collections/{COLLECTION_ID}/objects/"


def indicator(tlp: str, value: str = "198.51.100.7", recipients=None, modified="2026-11-01T10:00:00.000Z", **extra):
    body = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": extra.pop("id", f"indicator--{uuid.uuid4()}"),
        "created": "2026-11-01T10:00:00.000Z",
        "modified": modified,
        "name": f"C2 server {value}",
        "pattern": f"[ipv4-addr:value = '{value}']",
        "pattern_type": "stix",
        "valid_from": "2026-11-01T10:00:00Z",
        "object_marking_refs": [MARKING_OF[tlp]],
        **extra,
    }
    if recipients:
        body[RECIPIENTS] = recipients
    return body


@pytest.fixture
def tokens(register):
    return {code: ApiToken.issue(Organisation.objects.get(code=code), "soc") for code in ("gm0344", "gm0363", "gm0014")}


def post(client, token, objects):
    return client.post(
        OBJECTS,
        json.dumps({"objects": objects}),
        content_type=TAXII,
        HTTP_ACCEPT=TAXII,
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def read(client, token=None, url=OBJECTS):
    headers = {"HTTP_ACCEPT": TAXII} | ({"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {})
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return {o["id"] for o in response.json().get("objects", [])}


# Utrecht shares one indicator under each marking; AMBER names Amsterdam. Who reads what:
MATRIX = {
    "red": {"gm0344"},
    "amber": {"gm0344", "gm0363"},
    "amber+strict": {"gm0344", "gm0363"},
    "green": {"gm0344", "gm0363", "gm0014"},
    "clear": {"gm0344", "gm0363", "gm0014", None},
}


@pytest.mark.parametrize("tlp", sorted(MATRIX))
@pytest.mark.parametrize("reader", ["gm0344", "gm0363", "gm0014", None])
def test_tlp_decides_who_reads_each_object(client, tokens, tlp, reader):
    recipients = ["gm0363"] if tlp.startswith("amber") else None
    body = indicator(tlp, recipients=recipients)
    assert post(client, tokens["gm0344"], [body]).status_code == 202
    seen = body["id"] in read(client, tokens.get(reader))
    assert seen == (reader in MATRIX[tlp])
    detail = client.get(f"{OBJECTS}{body['id']}/", HTTP_ACCEPT=TAXII, **(
        {"HTTP_AUTHORIZATION": f"Bearer {tokens[reader]}"} if reader else {}))  # fmt: skip
    assert detail.status_code == (200 if reader in MATRIX[tlp] else 404)


def test_recipients_are_not_shown_to_the_recipients(client, tokens):
    body = indicator("amber", recipients=["gm0363"])
    post(client, tokens["gm0344"], [body])
    (seen,) = client.get(OBJECTS, HTTP_ACCEPT=TAXII, HTTP_AUTHORIZATION=f"Bearer {tokens['gm0363']}").json()["objects"]
    assert RECIPIENTS not in seen
    (own,) = client.get(OBJECTS, HTTP_ACCEPT=TAXII, HTTP_AUTHORIZATION=f"Bearer {tokens['gm0344']}").json()["objects"]
    assert own[RECIPIENTS] == ["gm0363"]


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ({"pattern": "[ipv4-addr:value = "}, "not valid STIX 2.1"),
        ({"object_marking_refs": []}, "exactly one TLP marking"),
        ({"object_marking_refs": [MARKING_OF["red"], MARKING_OF["green"]]}, "exactly one TLP marking"),
        ({RECIPIENTS: ["gm0363"]}, "only goes with TLP:AMBER"),
        ({"spec_version": "2.0"}, "2.1"),
        ({"x_unknown": 1}, "not valid STIX 2.1"),
    ],
)
def test_a_malformed_bundle_is_refused_whole(client, tokens, bad, words):
    good = indicator("green")
    wrong = indicator("green", value="203.0.113.9") | bad
    response = post(client, tokens["gm0344"], [good, wrong])
    assert response.status_code == 422 and words in response.json()["description"]
    assert "object 1" in response.json()["description"]
    assert not StixObject.objects.exists()


def test_unknown_amber_recipients_are_refused(client, tokens):
    response = post(client, tokens["gm0344"], [indicator("amber", recipients=["gm9999"])])
    assert response.status_code == 422 and "unknown recipients: gm9999" in response.json()["description"]


def test_the_same_version_twice_is_stored_once_and_only_its_author_versions_it(client, tokens):
    body = indicator("green")
    assert post(client, tokens["gm0344"], [body]).status_code == 202
    assert post(client, tokens["gm0344"], [body]).status_code == 202
    assert StixObject.objects.count() == 1
    newer = body | {"modified": "2026-11-02T10:00:00.000Z", "name": "updated"}
    assert post(client, tokens["gm0363"], [newer]).status_code == 422
    assert post(client, tokens["gm0344"], [newer]).status_code == 202
    assert client.get(f"{OBJECTS}{body['id']}/versions/", HTTP_ACCEPT=TAXII).status_code == 404  # GREEN: staff
    headers = {"HTTP_ACCEPT": TAXII, "HTTP_AUTHORIZATION": f"Bearer {tokens['gm0014']}"}
    assert client.get(f"{OBJECTS}{body['id']}/versions/", **headers).json()["versions"] == [
        "2026-11-01T10:00:00.000Z",
        "2026-11-02T10:00:00.000Z",
    ]
    (latest,) = client.get(OBJECTS, **headers).json()["objects"]
    assert latest["name"] == "updated"
    assert len(client.get(OBJECTS + "?match[version]=all", **headers).json()["objects"]) == 2


def test_paging_and_the_manifest_follow_taxii(client, tokens):
    post(client, tokens["gm0344"], [indicator("clear", value=f"192.0.2.{i}") for i in range(5)])
    first = client.get(OBJECTS + "?limit=2", HTTP_ACCEPT=TAXII)
    assert first["Content-Type"] == TAXII and first["X-TAXII-Date-Added-First"]
    page = first.json()
    assert page["more"] is True and len(page["objects"]) == 2
    rest = client.get(OBJECTS + f"?limit=10&next={page['next']}", HTTP_ACCEPT=TAXII).json()
    assert rest["more"] is False and len(rest["objects"]) == 3
    manifest = client.get(f"/taxii2/api1/collections/{COLLECTION_ID}/manifest/", HTTP_ACCEPT=TAXII).json()
    assert {m["media_type"] for m in manifest["objects"]} == {"application/stix+json;version=2.1"}


def test_discovery_collections_status_and_refusals(client, tokens):
    assert client.get("/taxii2/", HTTP_ACCEPT=TAXII).json()["api_roots"] == ["http://testserver/taxii2/api1/"]
    (collection,) = client.get("/taxii2/api1/collections/", HTTP_ACCEPT=TAXII).json()["collections"]
    assert collection["can_write"] is False
    mine = client.get(
        "/taxii2/api1/collections/", HTTP_ACCEPT=TAXII, HTTP_AUTHORIZATION=f"Bearer {tokens['gm0344']}"
    ).json()["collections"][0]
    assert mine["can_write"] is True
    assert client.get("/taxii2/", HTTP_ACCEPT="text/html").status_code == 406
    anonymous = client.post(OBJECTS, "{}", content_type=TAXII, HTTP_ACCEPT=TAXII)
    assert anonymous.status_code == 401
    assert client.get("/taxii2/", HTTP_ACCEPT=TAXII, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    status = post(client, tokens["gm0344"], [indicator("green")]).json()
    assert status["status"] == "complete" and status["success_count"] == 1
    url = f"/taxii2/api1/status/{status['id']}/"
    assert client.get(url, HTTP_ACCEPT=TAXII, HTTP_AUTHORIZATION=f"Bearer {tokens['gm0344']}").status_code == 200
    assert client.get(url, HTTP_ACCEPT=TAXII, HTTP_AUTHORIZATION=f"Bearer {tokens['gm0363']}").status_code == 404


def test_sightings_are_shared_under_their_own_marking(client, tokens):
    seen = indicator("green")
    sighting = {
        "type": "sighting",
        "spec_version": "2.1",
        "id": f"sighting--{uuid.uuid4()}",
        "created": "2026-11-01T11:00:00.000Z",
        "modified": "2026-11-01T11:00:00.000Z",
        "sighting_of_ref": seen["id"],
        "count": 3,
        "object_marking_refs": [MARKING_OF["red"]],
    }
    assert post(client, tokens["gm0344"], [seen]).status_code == 202
    assert post(client, tokens["gm0363"], [sighting]).status_code == 202
    assert sighting["id"] in read(client, tokens["gm0363"])
    assert sighting["id"] not in read(client, tokens["gm0344"])


def test_an_envelope_too_large_is_refused_with_a_taxii_error(client, tokens):
    body = json.dumps({"objects": [indicator("green", description="x" * 3_000_000)]})
    response = client.post(
        OBJECTS, body, content_type=TAXII, HTTP_ACCEPT=TAXII, HTTP_AUTHORIZATION=f"Bearer {tokens['gm0344']}"
    )
    assert response.status_code == 413 and response["Content-Type"] == TAXII
    assert not StixObject.objects.exists()
