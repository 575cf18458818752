import json

import pytest

from tests.conftest import PASSWORD, snapshot
from tests.registry.test_permissions import green_bundle
from thorbecke.soc.models import StixObject
from thorbecke.soc.sharing import MARKING_OF

pytestmark = pytest.mark.django_db


def test_the_same_pattern_from_two_organisations_is_one_finding(client, accounts):
    for username in ("utrecht-editor", "amsterdam-editor"):
        client.login(username=username, password=PASSWORD)
        assert client.post("/dreigingsinformatie/delen/", {"bundle": green_bundle()}).status_code == 302
    assert StixObject.objects.count() == 2
    page = client.get("/en/threat-indicators/").content.decode()
    assert page.count("inloggen-digid.example") == 1 and "and 1 other" in page


def test_a_bad_bundle_on_the_page_shares_nothing_and_says_why(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    bundle = json.loads(green_bundle())
    bundle["objects"][0]["object_marking_refs"] = []
    before = snapshot()
    response = client.post("/en/threat-indicators/share/", {"bundle": json.dumps(bundle)})
    assert response.status_code == 400 and "needs exactly one TLP marking" in response.content.decode()
    assert client.post("/en/threat-indicators/share/", {"bundle": "{not json"}).status_code == 400
    assert snapshot() == before


def _indicator(**changes: object) -> dict:
    """The green bundle's one indicator with ``changes`` (a value of None drops the property)."""
    body = json.loads(green_bundle())["objects"][0]
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


# Every refusal of the checks, and the Dutch words it must be explained in; STIX property names stay as they are.
REFUSALS = [
    ([], "objects moet een niet-lege lijst van STIX 2.1-objecten zijn"),
    ([{}] * 5_001, "hoogstens 5.000 objecten tegelijk"),
    ([1], "object 0: is geen JSON-object"),
    ([{"type": "marking-definition", "id": "marking-definition--1"}], "alleen de TLP-markeringen"),
    ([_indicator(pattern=None)], "mist verplichte eigenschappen: pattern"),
    ([_indicator(foo="bar")], "heeft eigenschappen die STIX 2.1 niet kent: foo"),
    ([_indicator(created="gisteren")], "heeft een ongeldige waarde voor created"),
    ([_indicator(type="nonsense")], "heeft een type dat STIX 2.1 niet kent: nonsense"),
    ([_indicator(type=None)], "heeft geen type"),
    ([_indicator(spec_version=None)], "spec_version moet 2.1 zijn"),
    ([_indicator(object_marking_refs=[])], "heeft precies één TLP-markering nodig in object_marking_refs"),
    ([_indicator(x_thorbecke_recipients="gm0363")], "x_thorbecke_recipients moet een lijst van organisatiecodes zijn"),
    ([_indicator(x_thorbecke_recipients=["gm0363"])], "x_thorbecke_recipients hoort alleen bij TLP:AMBER"),
    (
        [_indicator(x_thorbecke_recipients=["gm9999"], object_marking_refs=[MARKING_OF["amber"]])],
        "onbekende ontvangers: gm9999",
    ),
]


@pytest.mark.parametrize(("objects", "dutch"), REFUSALS)
def test_a_bad_bundle_on_the_dutch_page_is_refused_in_dutch(client, accounts, objects, dutch):
    client.login(username="utrecht-editor", password=PASSWORD)
    before = snapshot()
    bundle = {"type": "bundle", "id": "bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "objects": objects}
    response = client.post("/dreigingsinformatie/delen/", {"bundle": json.dumps(bundle)})
    html = response.content.decode()
    assert response.status_code == 400 and "Er is niets gedeeld" in html
    assert dutch in html.replace("&#x27;", "'"), html[html.find("niets gedeeld") - 200 :][:1500]
    assert snapshot() == before


def test_an_object_another_organisation_published_is_refused_in_dutch(client, accounts):
    client.login(username="amsterdam-editor", password=PASSWORD)
    bundle = green_bundle()
    assert client.post("/dreigingsinformatie/delen/", {"bundle": bundle}).status_code == 302
    client.login(username="utrecht-editor", password=PASSWORD)
    before = snapshot()
    html = client.post("/dreigingsinformatie/delen/", {"bundle": bundle}).content.decode()
    assert "een andere organisatie heeft dit object gepubliceerd" in html
    assert snapshot() == before
