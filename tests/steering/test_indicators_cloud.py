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


def test_cloud_needs_met_by_the_catalogue(register):
    """Utrecht registers two needs: one an offering meets, one nobody meets (state secret, nothing allowed that high):
    1 of 2, for the country only (a need is its organisation's own). A new offering allowed that high meets the
    second at the next computation: 2 of 2."""
    from tests.cloud.builders import need, offering, provider

    rijk = provider("Rijksdatacentrum", "NL", government=True)
    offering("Polder IaaS", by=rijk)  # allowed up to Departementaal Vertrouwelijk
    need("gm0344")
    need("gm0344", classification="stg-confidentieel", data_territory="nl", keys="customer")
    found = observed("cloud-needs-met")
    assert found[("country", "NL")] == 0.5
    assert [key for key in found if key[0] != "country"] == [], "no organisation, type or province figures"
    offering("Rijkscloud", by=rijk, deployment="government-shared", classification="stg-confidentieel")
    assert observed("cloud-needs-met")[("country", "NL")] == 1.0
