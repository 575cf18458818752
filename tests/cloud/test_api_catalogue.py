"""The catalogue's API: search and filters as query parameters, one offering with its sovereignty per objective."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cloud.builders import offering, provider
from tests.cloud.test_haven import output
from thorbecke.cloud.haven import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(register):
    nl = provider("Polder Cloud BV", "NL", kvk_number="12345678")
    base = offering("Base", [2] * 8, by=nl, description="Virtuele machines.", price_eur=10)
    top = offering("Kube", by=nl, service_model="caas", runs_on=[base], haven=parse(output()),
                   description="Managed Kubernetes.",
                   certificates={"ISO/IEC 27001": timezone.localdate() + timedelta(days=30)})  # fmt: skip
    return {"base": base, "top": top}


def test_list_with_filters_and_paging(client, catalogue):
    # Both score 50: Base at 2 everywhere; Kube at 4 but on Base, so 2 everywhere too. Same score: by name.
    body = client.get("/api/v1/cloud-offerings").json()
    assert body["count"] == 2 and [r["name"] for r in body["results"]] == ["Base", "Kube"]
    assert [r["sovereigntyScore"] for r in body["results"]] == [50, 50]
    assert [r["name"] for r in client.get("/api/v1/cloud-offerings?q=kubernetes").json()["results"]] == ["Kube"]
    assert client.get("/api/v1/cloud-offerings?haven=true&serviceModel=caas").json()["count"] == 1
    assert client.get("/api/v1/cloud-offerings?certification=ISO/IEC 27001").json()["count"] == 1
    assert client.get("/api/v1/cloud-offerings?minScore=50.5").json()["count"] == 0
    page = client.get("/api/v1/cloud-offerings?pageSize=1&page=2").json()
    assert [r["name"] for r in page["results"]] == ["Kube"] and "prev" in page["_links"]


def test_an_unknown_code_is_a_problem(client, catalogue):
    response = client.get("/api/v1/cloud-offerings?serviceModel=faas")
    assert response.status_code == 400 and "serviceModel" in str(response.json())


def test_one_offering_with_its_sovereignty(client, catalogue):
    body = client.get(f"/api/v1/cloud-offerings/{catalogue['top'].pk}").json()
    sov5 = next(o for o in body["sovereignty"] if o["objective"] == "SOV-5")
    assert sov5 == {"objective": "SOV-5", "weight": 20, "level": 4, "effectiveLevel": 2, "evidence": "SOV-5 bewijs"}
    assert body["sovereigntyScore"] == 50 and body["runsOn"] == [catalogue["base"].pk]
    assert body["provider"]["kvkNumber"] == "12345678" and body["haven"]["compliant"] is True
    assert body["certifications"][0]["expired"] is False
    assert client.get("/api/v1/cloud-offerings/999999").status_code == 404
