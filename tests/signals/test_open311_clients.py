"""The Open311 client on PyPI, `georeport` 0.3.1, against the hub served on a real port, in JSON and XML.

georeport has four calls: the service list, a service definition, the requests and one request. It has none for
discovery or for posting, so those are made with `requests`, the HTTP library georeport itself uses, as a client
built on it would; the api_key goes in the query string, as the PyPI `open311` client sends it. georeport passes no
timeout, so every call it makes here gets one.
"""

import functools

import georeport.georeport
import pytest
import requests
from django.core.management import call_command
from georeport import GeoReport

TIMEOUT = 10
DOM_UTRECHT = {"lat": "52.0907", "long": "5.1214"}


class _WithTimeout:
    """The `requests` module as georeport uses it, with a timeout on each call."""

    get = staticmethod(functools.partial(requests.get, timeout=TIMEOUT))


@pytest.fixture
def api_key(register, capsys):
    call_command("create_open311_key", "georeport")
    return capsys.readouterr().out.strip()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_discovers_reads_and_follows_a_posted_request(live_server, api_key, monkeypatch, fmt):
    monkeypatch.setattr(georeport.georeport, "requests", _WithTimeout)
    root = f"{live_server.url}/open311/v2"
    client = GeoReport(root, api_key=api_key, output_format=fmt)

    discovery = requests.get(f"{root}/discovery.{fmt}", timeout=TIMEOUT)
    assert discovery.status_code == 200 and "GeoReport_v2" in discovery.text

    services = client.get_service_list()
    codes = {service["service_code"] for service in services}
    assert {"container-is-vol", "grofvuil", "dijk-waterkering"} <= codes
    expected = "true" if fmt == "xml" else True  # XML carries text only
    assert next(s for s in services if s["service_code"] == "container-is-vol")["metadata"] == expected

    definition = client.get_service_definition("container-is-vol")
    attribute = definition["attributes"][0] if fmt == "json" else definition["attributes"]["attribute"]
    values = attribute["values"] if fmt == "json" else attribute["values"]["value"]
    assert {"key": "gft", "name": "Groente-, fruit- en tuinafval / Organic waste"} in values

    answer = requests.post(
        f"{root}/requests.{fmt}",
        params={"api_key": api_key},
        data={"service_code": "container-is-vol", "attribute[containertype]": "gft", **DOM_UTRECHT},
        headers={"Accept-Language": "en"},
        timeout=TIMEOUT,
    )
    assert answer.status_code == 201, answer.text
    request_id = answer.json()[0]["service_request_id"] if fmt == "json" else _xml_id(answer.text)

    listed = client.get_service_requests()
    listed = [listed] if isinstance(listed, dict) else listed  # xmltodict: one element is no list
    assert [r["service_request_id"] for r in listed] == [request_id]
    assert client.get_service_requests(service_request_id=request_id, status="open")
    one = client.get_service_request(request_id)
    assert (one["service_request_id"], one["service_code"], one["agency_responsible"]) == (
        request_id,
        "container-is-vol",
        "gemeente Utrecht",
    )

    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_request("abc")
    assert refused.value.response.status_code == 404


def _xml_id(text: str) -> str:
    import xml.etree.ElementTree as ET

    return ET.fromstring(text.encode()).find("request/service_request_id").text
