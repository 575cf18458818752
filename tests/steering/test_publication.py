"""The indicators published as data (issue 25 item 1): the same observations as CSV, JSON and JSON-stat 2.0, with
"no data" kept apart from 0 in each, and described in DCAT-AP-NL 3.0; public API endpoints that refuse a malformed
period with problem details naming it."""

import csv
import io
import math

import pytest
from django.utils import timezone

from tests.steering.test_indicators import _publish
from thorbecke.steering import definitions, periods
from thorbecke.steering.compute import compute
from thorbecke.steering.models import Observation

pytestmark = pytest.mark.django_db
CODE = "ai-algorithms-published"
BASE = f"/api/v1/indicators/{CODE}"


@pytest.fixture
def months(register):
    """Last month nothing was published (no data); this month Utrecht published two algorithms."""
    definitions.sync()
    this_month = periods.of(timezone.localdate())
    last_month = periods.shift(this_month, -1)
    _publish("gm0344", "Eerste")
    _publish("gm0344", "Tweede")
    # Computed before the publications count: the source's own dates say last month had none.
    compute([last_month, this_month])
    return last_month, this_month


def test_the_observations_as_json_are_paged_and_filtered(client, months):
    last_month, this_month = months
    body = client.get(f"{BASE}/observations", {"scope": "organisation"}).json()
    assert body["count"] == 1 and body["_links"]["self"]["href"].startswith("http://testserver/api/v1/")
    assert body["results"] == [
        {
            "period": this_month,
            "scope": "organisation",
            "area": "gm0344",
            "areaName": "gemeente Utrecht",
            "value": 2,
            "numerator": 2,
            "denominator": None,
        }
    ]
    country = client.get(f"{BASE}/observations", {"scope": "country", "periodTo": last_month}).json()["results"]
    assert [(o["period"], o["value"]) for o in country] == [(last_month, None)], "no data is null, never 0"
    paged = client.get(f"{BASE}/observations", {"pageSize": 2, "page": 2}).json()
    assert paged["count"] == 5 and len(paged["results"]) == 2 and "prev" in paged["_links"]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ({"periodFrom": "2026-13"}, "periodFrom"),
        ({"periodTo": "december"}, "periodTo"),
        ({"scope": "planet"}, "scope"),
        ({"periodFrom": "2026-05", "periodTo": "2026-01"}, "periodTo"),
    ],
)
@pytest.mark.parametrize("representation", ["observations", "observations/csv", "observations/jsonstat"])
def test_a_malformed_selection_is_refused_with_the_parameter_named(client, months, query, name, representation):
    before = Observation.objects.count()
    response = client.get(f"{BASE}/{representation}", query)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == [name]
    assert Observation.objects.count() == before


def test_an_unknown_indicator_is_a_404_problem(client, months):
    response = client.get("/api/v1/indicators/no-such-thing/observations/csv")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_the_csv_has_the_same_rows_and_an_empty_cell_for_no_data(client, months):
    last_month, this_month = months
    response = client.get(f"{BASE}/observations/csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == client.get(f"{BASE}/observations").json()["count"]
    by_area = {(r["period"], r["scope"], r["area"]): r for r in rows}
    assert by_area[(last_month, "country", "NL")]["value"] == "", "no data is an empty cell, never 0"
    assert by_area[(this_month, "province", "pv26")] == {
        "indicator": CODE,
        "period": this_month,
        "scope": "province",
        "area": "pv26",
        "area_name": "provincie Utrecht",
        "value": "2",
        "numerator": "2",
        "denominator": "",
    }


def test_the_json_stat_dataset_keeps_the_spec_rules(client, months):
    """JSON-stat 2.0 (json-stat.org/full): version and class; id and size in the same order; every dimension's
    category index as long as its size; value holds the product of size cells, row-major (the last dimension
    fastest); missing values are null, here with a status."""
    last_month, this_month = months
    dataset = client.get(f"{BASE}/observations/jsonstat", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (dataset["version"], dataset["class"]) == ("2.0", "dataset")
    assert dataset["id"] == ["indicator", "period", "area"]
    assert len(dataset["size"]) == len(dataset["id"])
    for dimension, size in zip(dataset["id"], dataset["size"], strict=True):
        category = dataset["dimension"][dimension]["category"]
        assert len(category["index"]) == size
        assert set(category.get("label", {})) <= set(category["index"])
    assert len(dataset["value"]) == math.prod(dataset["size"])
    assert dataset["role"] == {"metric": ["indicator"], "time": ["period"], "geo": ["area"]}
    assert dataset["dimension"]["indicator"]["category"]["label"] == {CODE: "Algorithms in the algorithm register"}

    periods_index = dataset["dimension"]["period"]["category"]["index"]
    areas = dataset["dimension"]["area"]["category"]["index"]
    assert periods_index == [last_month, this_month]
    assert areas == ["organisation:gm0344", "org_type:gemeente", "province:pv26", "country:NL"]

    def cell(period: str, area: str) -> int:
        return periods_index.index(period) * len(areas) + areas.index(area)

    assert dataset["value"][cell(this_month, "organisation:gm0344")] == 2
    assert dataset["value"][cell(this_month, "country:NL")] == 2
    for area in areas:  # last month: nothing anywhere, and never 0
        assert dataset["value"][cell(last_month, area)] is None
        assert dataset["status"][str(cell(last_month, area))] == "-"
    assert str(cell(this_month, "country:NL")) not in dataset["status"]
    assert dataset["dimension"]["area"]["category"]["label"]["province:pv26"] == "provincie Utrecht"


def test_the_json_stat_dataset_follows_the_filters(client, months):
    _last, this_month = months
    dataset = client.get(f"{BASE}/observations/jsonstat", {"scope": "country", "periodFrom": this_month}).json()
    assert dataset["size"] == [1, 1, 1] and dataset["value"] == [2] and "status" not in dataset


def test_the_whole_set_is_described_in_dcat_ap_nl_with_one_distribution_per_format(client, months):
    last_month, this_month = months
    response = client.get("/api/v1/indicators/dcat")
    assert response["Content-Type"] == "application/ld+json"
    catalogue = response.json()
    assert catalogue["@type"] == "dcat:Catalog"
    (dataset,) = [d for d in catalogue["dcat:dataset"] if d["dct:identifier"].endswith(f"/indicators/{CODE}")]
    # DCAT-AP-NL 3.0's mandatory properties of a dataset.
    for name in (
        "dct:accessRights",
        "dcat:contactPoint",
        "dct:creator",
        "dct:description",
        "dct:identifier",
        "dct:publisher",
        "dcat:theme",
        "dct:title",
    ):
        assert dataset.get(name), name
    assert dataset["dct:publisher"]["foaf:name"] == "Ministerie van Binnenlandse Zaken"
    assert dataset["dct:accrualPeriodicity"] == {
        "@id": "http://publications.europa.eu/resource/authority/frequency/MONTHLY"
    }
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == last_month
    assert dataset["dct:temporal"]["dcat:endDate"]["@value"] == this_month
    formats = {}
    for distribution in dataset["dcat:distribution"]:
        assert distribution["dcat:accessURL"] and distribution["dct:license"], "mandatory in DCAT-AP-NL"
        formats[distribution["dcat:downloadURL"]["@id"].rsplit("/", 1)[1]] = distribution["dcat:mediaType"]["@id"]
    assert formats == {
        "csv": "https://www.iana.org/assignments/media-types/text/csv",
        "observations": "https://www.iana.org/assignments/media-types/application/json",
        "jsonstat": "https://www.iana.org/assignments/media-types/application/json",
    }
    for distribution in dataset["dcat:distribution"]:  # every download answers
        assert client.get(distribution["dcat:downloadURL"]["@id"]).status_code == 200
    one = client.get(f"{BASE}/dcat").json()
    assert one["@type"] == "dcat:Dataset" and one["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"


def test_the_indicators_are_listed_with_the_latest_country_figure(client, months):
    _last, this_month = months
    body = client.get("/api/v1/indicators", {"priority": "ai"}, HTTP_ACCEPT_LANGUAGE="en").json()
    (found,) = [i for i in body["results"] if i["code"] == CODE]
    assert (found["latestPeriod"], found["latestValue"], found["unit"]) == (this_month, 2, "count")
    assert found["name"] == "Algorithms in the algorithm register"
    assert client.get(found["_links"]["jsonstat"]["href"]).status_code == 200
    assert client.get(f"{BASE}").json()["code"] == CODE
    assert client.get("/api/v1/indicators", {"priority": "sport"}).status_code == 400
