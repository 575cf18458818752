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


ENGLISH = {"Accept-Language": "en"}


def post(client, api_key, headers=ENGLISH, **fields):
    return client.post("/open311/v2/requests.json", {"api_key": api_key, **fields}, headers=headers)


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
        ({"service_code": "bestaat-niet", **DOM_UTRECHT}, 404, "bestaat-niet"),
        ({"service_code": "", **DOM_UTRECHT}, 400, "service_code"),
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
    response = client.post("/open311/v2/requests.json", {"api_key": api_key, **fields}, headers=ENGLISH)
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


def test_rotating_device_ids_does_not_escape_the_limit_per_address(client, api_key):
    """Threat: a client with a valid api_key posts with a fresh device_id each time to flood the hub;
    the hub also counts per address (IPv6 per /64), which the client cannot choose."""
    from thorbecke.signals.models import ADDRESS_PER_MINUTE, ApiKey

    def from_address(number, address):
        fields = {"service_code": "grofvuil", "device_id": f"phone-{number}", **DOM_UTRECHT}
        return client.post(
            "/open311/v2/requests.json", {"api_key": api_key, **fields}, headers=ENGLISH, REMOTE_ADDR=address
        )

    for number in range(ADDRESS_PER_MINUTE):
        assert from_address(number, "2001:db8:1:2::1").status_code == 201
    refused = from_address(ADDRESS_PER_MINUTE, "2001:db8:1:2:ffff::9")  # same /64, another address in it
    assert refused.status_code == 429 and "address" in refused.json()[0]["description"]
    assert from_address(ADDRESS_PER_MINUTE + 1, "192.0.2.7").status_code == 201  # someone else is not hindered
    # A server that posts for many people from one address has a key that allows more (create_open311_key).
    server = ApiKey.objects.get()
    server.per_address = ADDRESS_PER_MINUTE + 1
    server.save()
    assert from_address(ADDRESS_PER_MINUTE + 2, "2001:db8:1:2::1").status_code == 201
    assert ServiceRequest.objects.count() == ADDRESS_PER_MINUTE + 2
    assert all("2001" not in r.client_address for r in ServiceRequest.objects.all())  # a keyed hash, never the address


def test_script_in_the_text_is_refused_in_the_language_the_client_asks(client, api_key):
    fields = {"api_key": api_key, "service_code": "grofvuil", "description": "<img src=x onerror=alert(1)>"}
    dutch = client.post("/open311/v2/requests.json", {**fields, **DOM_UTRECHT})
    assert dutch.status_code == 400 and "gewone tekst" in dutch.json()[0]["description"]
    assert dutch["Content-Language"] == "nl"
    english = client.post("/open311/v2/requests.json", {**fields, **DOM_UTRECHT}, headers=ENGLISH)
    assert "plain text" in english.json()[0]["description"] and english["Content-Language"] == "en"
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


# Issue 21: what an outside developer found, each reproduced here.


def errors(response, fmt="json"):
    """The spec's error list, as (code, description) pairs, from a JSON or XML answer."""
    if fmt == "xml":
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        return [(int(e.find("code").text), e.find("description").text) for e in root.findall("error")]
    assert response["Content-Type"] == "application/json"
    return [(e["code"], e["description"]) for e in response.json()]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "query",
    [
        {"start_date": "2026-13-45T00:00:00Z"},
        {"start_date": "2026-02-30T00:00:00Z"},
        {"end_date": "2026-02-01T25:00:00Z"},
        {"start_date": "gisteren"},
        {"service_request_id": "²"},
        {"service_request_id": "1.5"},
        {"service_request_id": "abc"},
        {"service_request_id": "1", "start_date": "2026-02-30"},  # checked, though the id overrides it
    ],
)
def test_impossible_dates_and_ids_in_a_listing_get_the_400_error_list(client, register, fmt, query):
    response = client.get(f"/open311/v2/requests.{fmt}", query)
    assert response.status_code == 400
    ((code, description),) = errors(response, fmt)
    assert code == 400 and description


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("request_id", ["abc", "1.5", "²", "1" * 26, "-1", "0"])
def test_a_request_id_that_cannot_exist_is_a_404_error_list(client, register, fmt, request_id):
    response = client.get(f"/open311/v2/requests/{request_id}.{fmt}")
    assert response.status_code == 404
    assert errors(response, fmt)[0][0] == 404


def test_a_listing_by_an_id_of_26_digits_finds_nothing(client, register):
    response = client.get("/open311/v2/requests.json", {"service_request_id": "1" * 26})
    assert response.status_code == 200 and response.json() == []


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "where", [{"lat": "inf", "long": "5.12"}, {"lat": "1e309", "long": "5.12"}, {"lat": "nan", "long": "5.12"}]
)
def test_a_point_that_is_no_number_on_earth_is_a_400_error_list(client, api_key, fmt, where):
    response = client.post(f"/open311/v2/requests.{fmt}", {"api_key": api_key, "service_code": "grofvuil", **where})
    assert response.status_code == 400
    assert errors(response, fmt)[0][0] == 400
    assert not ServiceRequest.objects.exists()


def test_the_api_key_may_come_in_the_query_string(client, api_key):
    response = client.post(f"/open311/v2/requests.json?api_key={api_key}", {"service_code": "grofvuil", **DOM_UTRECHT})
    assert response.status_code == 201, response.content
    wrong = client.post("/open311/v2/requests.json?api_key=wrong", {"service_code": "grofvuil", **DOM_UTRECHT})
    assert wrong.status_code == 403


@pytest.mark.parametrize(
    ("address", "organisation"),
    [
        ({"address_string": "Domplein 29, Utrecht"}, "gemeente Utrecht"),
        ({"address_string": "Stadhuisplein 1, 's-Hertogenbosch"}, "gemeente 's-Hertogenbosch"),
        ({"address_string": "Markt 1, Bergen op Zoom"}, "gemeente Bergen op Zoom"),
        # A BAG nummeraanduiding: its first four digits are the code of the municipality that issued it.
        ({"address_id": "0344200000115211"}, "gemeente Utrecht"),
    ],
)
def test_an_address_without_postcode_or_a_bag_address_id_is_enough_as_the_location(
    client, api_key, address, organisation
):
    response = post(client, api_key, service_code="grofvuil", **address)
    assert response.status_code == 201, response.content
    item = client.get(f"/open311/v2/requests/{response.json()[0]['service_request_id']}.json").json()[0]
    assert item["agency_responsible"] == organisation
    assert item["address_id"] == address.get("address_id", "")


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ({"address_string": "Hoofdstraat 1"}, "address_string"),
        ({"address_string": "Markt 1, Bergen"}, "address_string"),  # Bergen (NH.) or Bergen (L.)
        ({"address_id": "12345"}, "address_id"),
        ({"address_id": "0001200000000001"}, "address_id"),  # no municipality has code 0001
    ],
)
def test_an_address_that_cannot_be_placed_is_refused_and_says_what_to_give(client, api_key, address, words):
    response = post(client, api_key, service_code="grofvuil", **address, headers=ENGLISH)
    assert response.status_code == 400
    ((_, description),) = errors(response)
    assert words in description and "lat" in description
    assert not ServiceRequest.objects.exists()


def test_dates_without_time_or_zone_are_read_in_amsterdam(client, api_key):
    from django.utils import timezone

    item = post(client, api_key, service_code="grofvuil", **DOM_UTRECHT).json()[0]["service_request_id"]
    today = timezone.localdate().isoformat()
    ids = lambda query: [r["service_request_id"] for r in client.get("/open311/v2/requests.json", query).json()]  # noqa: E731
    assert ids({"start_date": today}) == [item]
    assert ids({"start_date": today, "end_date": today}) == [item]
    assert ids({"end_date": today}) == [item]
    assert ids({"start_date": f"{today}T00:00:00"}) == [item]
    yesterday = (timezone.localdate() - __import__("datetime").timedelta(days=1)).isoformat()
    assert ids({"start_date": f"{yesterday}t12:00:00z"}) == [item]  # RFC 3339 allows lower case
    tomorrow = (timezone.localdate() + __import__("datetime").timedelta(days=1)).isoformat()
    assert ids({"start_date": tomorrow}) == []


def test_the_listing_window_is_90_days_and_start_after_end_is_an_error(client, api_key):
    import datetime as dt

    from django.utils import timezone

    recent = post(client, api_key, service_code="grofvuil", **DOM_UTRECHT).json()[0]["service_request_id"]
    old = post(client, api_key, service_code="gladheid", **DOM_UTRECHT).json()[0]["service_request_id"]
    ServiceRequest.objects.filter(pk=old).update(requested_at=timezone.now() - dt.timedelta(days=200))
    ids = lambda query: [r["service_request_id"] for r in client.get("/open311/v2/requests.json", query).json()]  # noqa: E731
    day = lambda days: (timezone.localdate() - dt.timedelta(days=days)).isoformat()  # noqa: E731
    assert ids({}) == [recent]
    assert ids({"start_date": day(210)}) == [old]  # start plus 90 days
    assert ids({"end_date": day(150)}) == [old]  # 90 days up to the end
    assert set(ids({"service_request_id": f"{recent},{old}"})) == {recent, old}  # overrides the window
    assert ids({"start_date": day(200), "end_date": day(0)}) == [old]  # cut to its first 90 days
    assert ids({"end_date": "0001-01-08"}) == [] and ids({"start_date": "9999-12-30"}) == []  # at the calendar's ends
    response = client.get("/open311/v2/requests.xml", {"start_date": day(1), "end_date": day(3)}, headers=ENGLISH)
    assert response.status_code == 400
    assert "start_date" in errors(response, "xml")[0][1]


@pytest.mark.parametrize("method", ["put", "post", "delete", "patch"])
@pytest.mark.parametrize(
    "path", ["discovery.json", "services.json", "services/grofvuil.json", "requests/1.json", "tokens/x.xml"]
)
def test_methods_an_endpoint_does_not_have_are_405_with_allow(client, register, method, path):
    if method == "post" and path.startswith("requests."):
        pytest.skip("posting a request is the spec's own method")
    response = getattr(client, method)(f"/open311/v2/{path}")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert errors(response, path.rsplit(".", 1)[1])[0][0] == 405


def test_listing_and_posting_allow_get_and_post(client, register):
    response = client.delete("/open311/v2/requests.json")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, POST"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [("", "json"), ("nothing", "json"), ("services", "json"), ("requests/1/notes.json", "json"), ("x.xml", "xml")],
)
def test_unknown_paths_are_a_404_error_list(client, register, path, fmt):
    response = client.get(f"/open311/v2/{path}")
    assert response.status_code == 404
    assert errors(response, fmt)[0][0] == 404


def test_a_single_value_attribute_answered_twice_is_refused(client, api_key):
    dike = {"service_code": "dijk-waterkering", **DOM_UTRECHT}
    response = client.post(
        "/open311/v2/requests.json",
        f"api_key={api_key}&service_code=dijk-waterkering&lat=52.0907&long=5.1214"
        "&attribute[water_door_dijk]=ja&attribute[water_door_dijk]=nee",
        content_type="application/x-www-form-urlencoded",
        headers=ENGLISH,
    )
    assert response.status_code == 400 and "water_door_dijk" in errors(response)[0][1]
    assert not ServiceRequest.objects.exists()
    # The spec's form for a multivaluelist, attribute[code][]=..., is understood for a single answer too.
    assert post(client, api_key, **dike, **{"attribute[water_door_dijk][]": "ja"}).status_code == 201


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"service_code=grofvuil&lat=52.0907&long=5.1214&description=caf%E9", "application/x-www-form-urlencoded"),
        (b"service_code=grofvuil&lat=52.0907&long=5.1214&description=caf\xe9", "application/x-www-form-urlencoded"),
    ],
)
def test_a_form_body_that_is_not_utf8_is_refused_and_nothing_stored(client, api_key, body, content_type):
    response = client.post(f"/open311/v2/requests.json?api_key={api_key}", body, content_type=content_type)
    assert response.status_code == 400 and "UTF-8" in errors(response)[0][1]
    assert not ServiceRequest.objects.exists()


def test_a_multipart_field_that_is_not_utf8_is_refused(client, api_key):
    boundary = "grens"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="service_code"\r\n\r\ngrofvuil\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="lat"\r\n\r\n52.0907\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="long"\r\n\r\n5.1214\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\n'
        ).encode()
        + b"caf\xe9\r\n"
        + f"--{boundary}--\r\n".encode()
    )
    url, content_type = f"/open311/v2/requests.json?api_key={api_key}", f"multipart/form-data; boundary={boundary}"
    response = client.post(url, body, content_type=content_type)
    assert response.status_code == 400 and not ServiceRequest.objects.exists()
    # Binary in a part that is not read (media without a filename is no file) is no reason to refuse.
    unread = body.replace(b'name="description"', b'name="media"').replace(b"caf\xe9", b"\x89PNG\xff")
    assert client.post(url, unread, content_type=content_type).status_code == 201


def test_every_value_of_a_list_attribute_has_a_key_and_a_whole_name(client, register):
    definition = client.get("/open311/v2/services/container-is-vol.json").json()
    (question,) = definition["attributes"]
    assert {"key": "gft", "name": "Groente-, fruit- en tuinafval / Organic waste"} in question["values"]
    for service in client.get("/open311/v2/services.json").json():
        for attribute in client.get(f"/open311/v2/services/{service['service_code']}.json").json()["attributes"]:
            for value in attribute["values"]:
                assert set(value) == {"key", "name"} and isinstance(value["name"], str) and value["name"].strip()


ERROR_CASES = [
    ("get", "requests.json", {"start_date": "2026-13-45T00:00:00Z"}),
    ("get", "requests.json", {"status": "half"}),
    ("get", "requests.json", {"service_request_id": "abc"}),
    ("get", "requests/abc.json", {}),
    ("get", "services/bestaat-niet.json", {}),
    ("get", "tokens/x.json", {}),
    ("get", "services.csv", {}),
    ("get", "nothing", {}),
    ("delete", "services.json", {}),
    ("post", "requests.json", {"service_code": "grofvuil", **DOM_UTRECHT, "api_key": "wrong"}),
    ("post", "requests.json", {"service_code": "bestaat-niet", **DOM_UTRECHT}),
    ("post", "requests.json", {"service_code": "grofvuil"}),
    ("post", "requests.json", {"service_code": "grofvuil", "lat": "inf", "long": "5"}),
    ("post", "requests.json", {"service_code": "grofvuil", "lat": "52.1"}),
    ("post", "requests.json", {"service_code": "grofvuil", **BRUSSELS}),
    ("post", "requests.json", {"service_code": "grofvuil", "address_string": "Hoofdstraat 1"}),
    ("post", "requests.json", {"service_code": "grofvuil", "address_string": "Markt 1, 1000 AA"}),
    ("post", "requests.json", {"service_code": "grofvuil", "address_id": "0001200000000001"}),
    ("post", "requests.json", {"service_code": "grofvuil", **DOM_UTRECHT, "attribute[kleur]": "rood"}),
    ("post", "requests.json", {"service_code": "dijk-waterkering", **DOM_UTRECHT}),
]


@pytest.mark.parametrize(("method", "path", "data"), ERROR_CASES)
def test_errors_are_wholly_in_the_language_the_answer_announces(client, api_key, method, path, data):
    if method == "post" and "api_key" not in data:
        data = {**data, "api_key": api_key}
    dutch = getattr(client, method)(f"/open311/v2/{path}", data)
    english = getattr(client, method)(f"/open311/v2/{path}", data, headers=ENGLISH)
    assert (dutch["Content-Language"], english["Content-Language"]) == ("nl", "en")
    ((_, in_dutch),) = errors(dutch)
    ((_, in_english),) = errors(english)
    assert in_dutch != in_english, in_dutch
    words = set(in_dutch.replace(",", " ").replace(".", " ").replace(":", " ").split())
    assert not words & {"the", "are", "must", "give", "not", "there", "use", "and", "no"}, in_dutch


@pytest.mark.parametrize("email", ["a±b@example.nl", "geen-adres", "iemand@", "x@exa mple.nl"])
def test_an_email_the_hub_cannot_write_to_is_refused_and_nothing_is_stored(client, api_key, email, mailoutbox):
    refused = post(client, api_key, service_code="grofvuil", email=email, **DOM_UTRECHT)
    assert refused.status_code == 400 and "email" in refused.json()[0]["description"]
    assert not ServiceRequest.objects.exists() and not mailoutbox
