"""Cloud: components supplied or hosted from outside the EU, from the landscape's hosting data."""

import pytest

from tests.landscape.conftest import SHARED, landscape  # noqa: F401 (a fixture)
from tests.steering.observed import observed, of
from thorbecke.landscape.catalog import read_backstage
from thorbecke.landscape.importer import import_drafts
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db
PROGRAMME = "rijk-ministerie-van-binnenlandse-zaken"  # owns the shared building blocks in the test landscape


def test_components_with_hosting_stated_are_counted_inside_or_outside_the_eu(landscape):  # noqa: F811
    found = observed("cloud-outside-eu")
    assert of(found, PROGRAMME) == 1.0, "the SaaS case system is hosted under US jurisdiction"
    assert ("organisation", "gm0344") not in found, "no hosting stated: no data"
    moved = SHARED.replace("thorbecke.nl/jurisdiction: US", "thorbecke.nl/jurisdiction: NL")
    import_drafts(Organisation.objects.get(code=PROGRAMME), read_backstage(moved)[0], "test")
    assert of(observed("cloud-outside-eu"), PROGRAMME) == 0.0
