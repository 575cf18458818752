"""The demo's illustrative IT landscape: seeded through the ordinary import, idempotent, shown as demo data."""

import pytest
from django.conf import settings

from tests.conftest import PASSWORD
from thorbecke.demo.landscape import read_landscape, seed_landscape
from thorbecke.landscape.building_blocks import import_building_blocks
from thorbecke.landscape.models import Entity, Relation, Supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(register):
    import_building_blocks(settings.SHARED_DATA_DIR)
    seed_landscape()


def test_the_demo_landscape_is_seeded_once_however_often_the_demo_starts(seeded):
    counts = (Entity.objects.count(), Relation.objects.count(), Supplier.objects.count())
    assert Entity.objects.filter(source="demo").count() == seed_landscape() == sum(map(len, read_landscape().values()))
    assert (Entity.objects.count(), Relation.objects.count(), Supplier.objects.count()) == counts
    owners = set(Entity.objects.filter(source="demo").values_list("owner__code", flat=True))
    assert {"gm0344", "gm0363", "ws0636", "pv26", "rijk-uitvoeringsinstituut-werknemersverzekeringen"} <= owners
    # No real company is named: every supplier is a neutral demo label.
    assert all(name.endswith("(demo)") for name in Supplier.objects.values_list("name", flat=True))


@pytest.mark.parametrize(
    ("prefix", "label"),
    [("/landschap", "Demogegevens"), ("/en/landscape", "Demo data")],
)
def test_utrecht_sees_its_services_and_what_they_depend_on_labelled_as_demo_data(
    client, accounts, seeded, prefix, label
):
    client.login(username="utrecht-viewer", password=PASSWORD)
    page = client.get(f"{prefix}/gm0344/").content.decode()
    assert label in page
    for title in ("Paspoort aanvragen", "Burgerzakensysteem (BRP-applicatie, leverancier B)", "Leverancier B (demo)"):
        assert title in page
    passport = Entity.objects.get(namespace="gm0344", name="paspoort-aanvragen")
    detail = client.get(f"{prefix}/{'entiteiten' if prefix == '/landschap' else 'entities'}/{passport.pk}/")
    text = detail.content.decode()
    assert label in text and "DigiD" in text and "component:gm0344/burgerzaken" in text
    assert label in client.get(f"{prefix}/").content.decode()
