"""The demo's out of the public cloud: two organisations' critical services on a cloud outside the EU, and one SaaS
product held by three municipalities under different terms; illustrative, labelled so, seeded once."""

import pytest
from django.conf import settings

from tests.conftest import PASSWORD
from thorbecke.cloud.contract_pooling import opportunities
from thorbecke.cloud.models import Contract
from thorbecke.demo.cloud_exit import seed_cloud_exit
from thorbecke.demo.landscape import seed_landscape
from thorbecke.landscape.building_blocks import import_building_blocks
from thorbecke.landscape.cloud_hosting import critical_on_third_country_cloud
from thorbecke.landscape.models import Entity
from thorbecke.landscape.visibility import Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(register):
    import_building_blocks(settings.SHARED_DATA_DIR)
    seed_landscape()
    seed_cloud_exit()


def test_seeded_once_and_shown_as_demo_data(seeded, client, accounts):
    counts = (Entity.objects.count(), Contract.objects.count())
    seed_cloud_exit()
    assert (Entity.objects.count(), Contract.objects.count()) == counts
    critical = critical_on_third_country_cloud(Scope.everything())
    assert {s.entity.owner.code for s in critical} >= {"gm0344", "gm0363"}
    assert all(s.entity.source == "demo" for s in critical)
    [pooled] = opportunities()
    assert (pooled.organisations, pooled.total_per_year) == (3, 410_000 + 980_000 + 54_000)
    assert all(c.terms.startswith("Ter illustratie") for c in pooled.contracts)
    client.login(username="utrecht-editor", password=PASSWORD)
    page = client.get("/cloud/uit-de-publieke-cloud/").content.decode()
    assert "Opslag van zaakdossiers (ter illustratie)" in page and "Demogegevens" in page
