"""The API of pooled demand: the aggregate and a bundle, for the programme only."""

from datetime import date

import pytest

from tests.cloud.builders import need
from tests.cloud.test_pooling_pages import pooled_bundle
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_aggregate_is_the_programmes(client, accounts):
    for code, volume in (("gm0344", 10), ("gm0363", 20), ("gm0599", 5), ("gm0344", 1)):
        need(code, volume=volume, budget_eur=1000)
    need("pv26", title="Geheime behoefte", volume=4, budget_eur=999)
    assert client.get("/api/v1/cloud-demand").status_code == 401
    client.login(username="utrecht-editor", password=PASSWORD)
    assert client.get("/api/v1/cloud-demand").status_code == 403
    client.login(username="programme", password=PASSWORD)
    body = client.get("/api/v1/cloud-demand").json()
    # Municipalities: three organisations, four needs, 36 vCPU, 4,000 budgeted; the province: one, 4 vCPU, 999.
    assert body["count"] == 2
    province, municipal = body["results"]
    assert province == {"serviceModel": "iaas", "period": "2027-Q1", "layer": "provincie", "needs": 1,
                        "organisations": 1, "volumes": [{"unit": "vCPU", "volume": 4}], "budgetEur": 999,
                        "withoutBudget": 0}  # fmt: skip
    assert (municipal["organisations"], municipal["volumes"], municipal["budgetEur"]) == (
        3, [{"unit": "vCPU", "volume": 36}], 4000,
    )  # fmt: skip
    assert client.get("/api/v1/cloud-demand?layer=gemeente").json()["count"] == 1
    assert client.get("/api/v1/cloud-demand?period=2027-Q3").json()["count"] == 0
    assert client.get("/api/v1/cloud-demand?layer=maan").status_code == 400


def test_a_bundle_is_the_programmes(client, accounts):
    bundle = pooled_bundle()
    url = f"/api/v1/cloud-bundles/{bundle.pk}"
    assert client.get(url).status_code == 401
    client.login(username="utrecht-editor", password=PASSWORD)
    assert client.get(url).status_code == 403
    client.login(username="programme", password=PASSWORD)
    body = client.get(url).json()
    assert [m["organisation"] for m in body["members"]] == ["gm0363", "gm0344"]  # Amsterdam, Utrecht by name
    assert body["totalVolume"] == 30 and body["window"]["overlapFrom"] == str(date(2027, 4, 1))
    # 50 x 10 x 12 + 50 x 20 x 6 = 12,000
    assert [(o["name"], o["costEur"]) for o in body["offers"]] == [("Rijkscloud IaaS", 12000)]
    assert body["blockedBy"] is None and body["_links"]["page"]["href"].endswith(f"/bundels/{bundle.pk}/")
    assert client.get("/api/v1/cloud-bundles/999999").status_code == 404
