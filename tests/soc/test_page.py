import json

import pytest

from tests.conftest import PASSWORD, snapshot
from tests.registry.test_permissions import green_bundle
from thorbecke.soc.models import StixObject

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
