"""The cloud definitions as an API: the version in force, draft or published, and any published version."""

import pytest

from thorbecke.cloud import taxonomy
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_definitions_in_force_are_the_repositorys_draft_before_any_publication(client, register):
    body = client.get("/api/v1/cloud-definitions").json()
    assert (body["version"], body["status"], body["publishedAt"], body["publishedBy"]) == (
        "2026.1",
        "draft",
        None,
        None,
    )
    assert [s["code"] for s in body["sections"]] == list(taxonomy.SECTIONS)
    classifications = body["sections"][-1]["definitions"]
    secret = next(d for d in classifications if d["code"] == "stg-confidentieel")
    assert secret["rank"] == 3 and secret["allowedDeployments"] == ["own-data-centre", "government-shared"]
    assert secret["name"] == {"nl": "Staatsgeheim Confidentieel (Stg. C)", "en": "State Secret Confidential"}
    assert secret["rule"]["en"].startswith("Not in the public cloud") and secret["source"].startswith("Derived")
    iaas = body["sections"][0]["definitions"][0]
    assert (iaas["code"], iaas["rank"], iaas["allowedDeployments"], iaas["rule"]) == ("iaas", None, None, None)
    assert "NIST SP 800-145" in iaas["source"]


def test_a_published_version_and_an_unknown_one(client, register):
    programme = Organisation.objects.get(code="rijk-ministerie-van-binnenlandse-zaken")
    assert client.get("/api/v1/cloud-definitions/2026.1").status_code == 404  # a draft is not a published version
    taxonomy.publish(taxonomy.in_repository(), programme)
    body = client.get("/api/v1/cloud-definitions/2026.1").json()
    assert (body["status"], body["publishedBy"]) == ("published", "rijk-ministerie-van-binnenlandse-zaken")
    assert client.get("/api/v1/cloud-definitions").json()["status"] == "published"
    missing = client.get("/api/v1/cloud-definitions/1999.9")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert "1999.9" in missing.json()["detail"]
