"""The demo's data system starts again from its folder: same certificates and contracts, with the services this
run asks for, even when the hub now has another address (which every purpose names)."""

import pytest

from tests.populations import copy_of
from thorbecke.demo import data_system as demo
from thorbecke.exchange.models import DataService, activity_uri

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_group_starts_again_on_another_hub_address(register, tmp_path, settings):
    population = copy_of(tmp_path / "population")
    settings.PUBLIC_URL = "http://127.0.0.1:8000"
    demo.start(tmp_path / "demo-group", population).stop()
    first = (tmp_path / "demo-group" / "nodes" / "rvig" / "node.pem").read_bytes()

    settings.PUBLIC_URL = "http://127.0.0.1:8123"
    group = demo.start(tmp_path / "demo-group", population)
    try:
        assert (tmp_path / "demo-group" / "nodes" / "rvig" / "node.pem").read_bytes() == first
        persons = DataService.objects.get(name="brp-personen")
        assert persons.activity.uri == activity_uri("rijk-rijksdienst-voor-identiteitsgegevens", "verstrekking-brp")
        assert persons.activity.uri.startswith("http://127.0.0.1:8123/")
        assert DataService.objects.filter(name="meldingen", peer__organisation__code="rijk-logius").exists()
    finally:
        group.stop()
