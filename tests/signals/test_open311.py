"""Open311 GeoReport v2 as an independent client uses it: JSON and XML, the spec's names and errors."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from thorbecke.signals.categories import deadline_days
from thorbecke.signals.models import ServiceRequest

pytestmark = pytest.mark.django_db

DOM_UTRECHT = {"lat": "52.0907", "long": "5.1214"}  # Domplein, Utrecht
IJSSELMEER = {"lat": "52.75", "long": "5.35"}
BRUSSELS = {"lat": "50.8467", "long": "4.3525"}


@pytest.fixture
def api_key(register, capsys):
    call_command("create_open311_key", "test client")
    return capsys.readouterr().out.strip()


def post(client, api_key, **fields):
    return client.post("/open311/v2/requests.json", {"api_key": api_key, **fields})


def test_discovery_and_services_in_both_formats(client, register):
    discovery = client.get("/open311/v2/discovery.json").json()
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    services = client.get("/open311/v2/services.json").json()
    codes = {s["service_code"] for s in services}
    assert {"container-is-vol", "straatverlichting-openbare-klok", "dijk-waterkering", "rijksweg"} <= codes
    assert set(services[0]) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    xml = ET.fromstring(client.get("/open311/v2/services.xml").content)
    assert xml.tag == "services" and xml.find("service/service_code") is not None
    definition = client.get("/open311/v2/services/grofvuil.json").json()
    assert definition == {"service_code": "grofvuil", "attributes": []}
    dike = client.get("/open311/v2/services/dijk-waterkering.json").json()
    (question,) = dike["attributes"]
    assert set(question) == {
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    }
    assert question["datatype"] == "singlevaluelist" and question["required"] is True
    assert {"key": "ja", "name": "Ja / Yes"} in question["values"]
    assert next(s for s in services if s["service_code"] == "dijk-waterkering")["metadata"] is True
    xml = ET.fromstring(client.get("/open311/v2/services/dijk-waterkering.xml").content)
    assert xml.find("attributes/attribute/values/value/key").text == "ja"


@pytest.mark.parametrize(
    ("service_code", "where", "organisation"),
    [
        ("straatverlichting-openbare-klok", DOM_UTRECHT, "gemeente Utrecht"),
        (
            "dijk-waterkering",
            {**DOM_UTRECHT, "attribute[water_door_dijk]": "nee"},
            "waterschap Hoogheemraadschap De Stichtse Rijnlanden",
        ),
        ("provinciale-weg", DOM_UTRECHT, "provincie Utrecht"),
        ("rijksvaarwater", IJSSELMEER, "Rijkswaterstaat"),
    ],
)
def test_a_report_goes_to_the_organisation_of_its_layer_at_that_point(
    client, api_key, service_code, where, organisation
):
    response = post(client, api_key, service_code=service_code, description="kapot", **where)
    assert response.status_code == 201, response.content
    (answer,) = response.json()
    item = client.get(f"/open311/v2/requests/{answer['service_request_id']}.json").json()[0]
    assert item["agency_responsible"] == organisation
    assert item["status"] == "open" and item["requested_datetime"].endswith(("+01:00", "+02:00"))
    token = client.get(f"/open311/v2/tokens/{answer['token']}.json").json()[0]
    assert token["service_request_id"] == answer["service_request_id"]


@pytest.mark.parametrize(
    ("fields", "code", "words"),
    [
        ({"service_code": "grofvuil", **DOM_UTRECHT, "api_key": "wrong"}, 403, "api_key"),
        ({"service_code": "bestaat-niet", **DOM_UTRECHT}, 400, "service_code"),
        ({"service_code": "grofvuil"}, 400, "lat and long"),
        ({"service_code": "grofvuil", "lat": "52.1"}, 400, "both"),
        ({"service_code": "grofvuil", "lat": "noord", "long": "5"}, 400, "decimal degrees"),
        ({"service_code": "grofvuil", **BRUSSELS}, 400, "not in a Dutch municipality"),
        ({"service_code": "grofvuil", **IJSSELMEER}, 400, "open water"),
        ({"service_code": "grofvuil", **DOM_UTRECHT, "media_url": "javascript:alert(1)"}, 400, "media_url"),
        ({"service_code": "grofvuil", **DOM_UTRECHT, "description": "x" * 5000}, 400, "description"),
    ],
)
def test_bad_posts_get_the_spec_error_list_and_change_nothing(client, api_key, fields, code, words):
    response = client.post("/open311/v2/requests.json", {"api_key": api_key, **fields})
    assert response.status_code == code
    (error,) = response.json()
    assert error["code"] == code and words in error["description"]
    assert ServiceRequest.objects.count() == 0
    xml = ET.fromstring(client.post("/open311/v2/requests.xml", {"api_key": api_key, **fields}).content)
    assert xml.tag == "errors" and xml.find("error/code").text == str(code)


def test_listing_filters_by_id_code_status_and_dates(client, api_key):
    first = post(client, api_key, service_code="grofvuil", **DOM_UTRECHT).json()[0]["service_request_id"]
    second = post(client, api_key, service_code="gladheid", **DOM_UTRECHT).json()[0]["service_request_id"]
    ServiceRequest.objects.filter(pk=second).update(status="closed")
    ids = lambda query: [r["service_request_id"] for r in client.get("/open311/v2/requests.json", query).json()]  # noqa: E731
    assert set(ids({})) == {first, second}
    assert ids({"service_code": "grofvuil"}) == [first]
    assert ids({"status": "closed"}) == [second]
    assert ids({"service_request_id": f"{first},{second}"}) and ids({"end_date": "2000-01-01T00:00:00+01:00"}) == []
    assert client.get("/open311/v2/requests.json", {"start_date": "gisteren"}).status_code == 400
    xml = ET.fromstring(client.get("/open311/v2/requests.xml").content)
    assert xml.tag == "service_requests" and len(xml.findall("request")) == 2
    public = client.get("/open311/v2/requests.json").json()[0]
    assert "email" not in public and "phone" not in public and "device_id" not in public


def test_unknown_things_and_formats_are_errors(client, register):
    assert client.get("/open311/v2/requests/999999.json").status_code == 404
    assert client.get("/open311/v2/tokens/not-a-token.xml").status_code == 404
    assert client.get("/open311/v2/services/bestaat-niet.json").json()[0]["code"] == 404
    assert client.get("/open311/v2/services.csv").status_code == 400


def test_signalen_handling_codes_give_the_deadline():
    assert (deadline_days("A3DEC"), deadline_days("A3WMC"), deadline_days("I5DMC"), deadline_days("STOPEREC")) == (
        3,
        21,
        5,
        5,
    )


def test_a_report_near_an_open_one_of_the_same_kind_is_told_it_was_already_reported(client, api_key):
    first = post(client, api_key, service_code="container-is-vol", **DOM_UTRECHT).json()[0]
    nearby = {"lat": "52.0909", "long": "5.1216"}  # about 25 m away
    again = post(client, api_key, service_code="container-is-vol", **nearby).json()[0]
    assert f"service request {first['service_request_id']}" in again["service_notice"]
    other_kind = post(client, api_key, service_code="grofvuil", **nearby).json()[0]
    assert "Already reported" not in other_kind["service_notice"]
    far = post(client, api_key, service_code="container-is-vol", lat="52.0950", long="5.1214").json()[0]
    assert "Already reported" not in far["service_notice"]  # about 480 m away
    ServiceRequest.objects.filter(pk=first["service_request_id"]).update(status="closed")
    ServiceRequest.objects.filter(pk=again["service_request_id"]).update(status="closed")
    assert (
        "Already reported"
        not in post(client, api_key, service_code="container-is-vol", **nearby).json()[0]["service_notice"]
    )


def test_an_address_with_a_postcode_is_enough_as_the_location(client, api_key):
    response = post(client, api_key, service_code="grofvuil", address_string="Domplein 29, 3512 JE Utrecht")
    assert response.status_code == 201
    item = client.get(f"/open311/v2/requests/{response.json()[0]['service_request_id']}.json").json()[0]
    assert (item["agency_responsible"], item["zipcode"], item["lat"]) == ("gemeente Utrecht", "3512JE", None)


def test_a_photo_posted_as_media_is_kept_without_exif_and_not_published(client, api_key):
    from tests.signals.test_reporting import photo_with_location
    from thorbecke.signals.models import Photo

    response = post(client, api_key, service_code="grofvuil", media=photo_with_location("PNG"), **DOM_UTRECHT)
    assert response.status_code == 201
    assert b"PhoneMaker" not in bytes(Photo.objects.get().data)
    assert client.get("/open311/v2/requests.json").json()[0]["media_url"] == ""


def test_posting_is_limited_per_api_key_and_the_limit_answers_429(client, api_key):
    from thorbecke.signals.models import ApiKey

    client_key = ApiKey.objects.get()
    client_key.per_minute = 2
    client_key.save()
    for _ in range(2):
        assert post(client, api_key, service_code="grofvuil", **DOM_UTRECHT).status_code == 201
    refused = post(client, api_key, service_code="grofvuil", **DOM_UTRECHT)
    assert refused.status_code == 429 and "api_key" in refused.json()[0]["description"]
    assert ServiceRequest.objects.count() == 2


def test_script_in_the_text_is_refused_in_the_language_the_client_asks(client, api_key):
    fields = {"api_key": api_key, "service_code": "grofvuil", "description": "<img src=x onerror=alert(1)>"}
    english = client.post("/open311/v2/requests.json", {**fields, **DOM_UTRECHT})
    assert english.status_code == 400 and "plain text" in english.json()[0]["description"]
    dutch = client.post("/open311/v2/requests.json", {**fields, **DOM_UTRECHT}, headers={"Accept-Language": "nl"})
    assert "gewone tekst" in dutch.json()[0]["description"]
    assert not ServiceRequest.objects.exists()


def test_oversized_and_malformed_bodies_get_the_spec_error_and_store_nothing(client, api_key):
    fields = {"api_key": api_key, "service_code": "grofvuil", **DOM_UTRECHT}
    too_big = client.post("/open311/v2/requests.json", {**fields, "description": "x" * 3_000_000})
    assert too_big.status_code == 413 and too_big.json()[0]["code"] == 413
    photo = io.BytesIO(b"\xff\xd8" + b"0" * (9 * 1024 * 1024))
    photo.name = "groot.jpg"
    big_photo = client.post("/open311/v2/requests.json", {**fields, "media": photo})
    assert big_photo.status_code == 413 and "MB" in big_photo.json()[0]["description"]
    broken = client.post("/open311/v2/requests.xml", b"api_key=x", content_type="multipart/form-data")  # no boundary
    assert broken.status_code == 400 and ET.fromstring(broken.content).find("error/code").text == "400"
    assert not ServiceRequest.objects.exists()


def test_attributes_are_checked_against_the_service_definition(client, api_key):
    dike = {"service_code": "dijk-waterkering", **DOM_UTRECHT}
    missing = post(client, api_key, **dike)
    assert (
        missing.status_code == 400
        and "attribute[water_door_dijk]: this question needs an answer" in missing.json()[0]["description"]
    )
    assert post(client, api_key, **dike, **{"attribute[water_door_dijk]": "misschien"}).status_code == 400
    assert (
        post(client, api_key, **dike, **{"attribute[water_door_dijk]": "ja", "attribute[kleur]": "x"}).status_code
        == 400
    )
    assert not ServiceRequest.objects.exists()
    assert post(client, api_key, **dike, **{"attribute[water_door_dijk]": "ja"}).status_code == 201
    assert ServiceRequest.objects.get().attributes == {"water_door_dijk": "ja"}
