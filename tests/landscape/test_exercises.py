"""Exercises as staff run them on the demo landscape: what fails is picked from a list, and the result names
organisations and citizen services and gives counts as people write them, in the page's language."""

import re

import pytest
from django.conf import settings

from tests.conftest import PASSWORD, snapshot
from thorbecke.demo.landscape import seed_landscape
from thorbecke.landscape.building_blocks import import_building_blocks
from thorbecke.landscape.models import Exercise, Supplier

pytestmark = pytest.mark.django_db
DIGID = "entity:component:shared/digid"


@pytest.fixture
def staff(client, accounts):
    import_building_blocks(settings.SHARED_DATA_DIR)
    seed_landscape()
    client.login(username="amsterdam-editor", password=PASSWORD)
    return client


def test_what_fails_is_picked_from_a_grouped_list(staff):
    page = staff.get("/en/landscape/exercises/new/").content.decode()
    groups = re.findall(r'<optgroup label="([^"]+)">', page)
    assert groups[:3] == [
        "Shared building blocks",
        "Shared services of suppliers",
        "Suppliers (everything they supply)",
    ]
    assert f'<option value="{DIGID}">DigiD</option>' in page
    supplier = Supplier.objects.get(name="Leverancier A (demo)")
    assert f'<option value="supplier:{supplier.pk}">Leverancier A (demo)</option>' in page
    assert '<option value="hosting:Cloudprovider P (demo)">' in page
    assert "Components of gemeente Amsterdam" in page and "Zaaksysteem (leverancier A, eigen beheer)" in page
    assert "Burgerzakensysteem (BRP-applicatie, leverancier B)" not in page  # Utrecht's own, not Amsterdam's to see
    assert 'type="search"' in page  # the filter over the list
    # From an entity's page, the entity is chosen already.
    chosen = staff.get("/en/landscape/exercises/new/", {"entity": "component:shared/digid"}).content.decode()
    assert f'<option value="{DIGID}" selected>DigiD</option>' in chosen


@pytest.mark.parametrize(
    ("prefix", "separator", "heading"),
    [
        ("/landschap/oefeningen", ".", "Getroffen organisaties"),
        ("/en/landscape/exercises", ",", "Organisations affected"),
    ],
)
def test_digid_down_names_who_and_what_goes_down_with_counts_for_people(staff, prefix, separator, heading):
    staff.login(username="programme", password=PASSWORD)  # names all: others see their own and counts (test_visibility)
    response = staff.post(
        f"{prefix}/{'nieuw' if separator == '.' else 'new'}/", {"title": "DigiD valt uit", "target": DIGID}
    )
    assert response.status_code == 302
    exercise = Exercise.objects.get(title="DigiD valt uit")
    assert exercise.scenario == {"failure": "entity", "entity": "component:shared/digid"}
    text = staff.get(response.url).content.decode()
    assert heading in text and "DigiD" in text
    for name in ("gemeente Utrecht", "gemeente Amsterdam", "Uitvoeringsinstituut Werknemersverzekeringen"):
        assert name in text
    assert "rijk-uitvoeringsinstituut-werknemersverzekeringen" not in text
    for service in ("Paspoort aanvragen", "WW-uitkering aanvragen", "Watersysteemheffing"):
        assert service in text
    addresses = exercise.findings["addresses_affected"]
    assert addresses > 999_999
    assert f"{addresses:,}".replace(",", separator) in text
    assert str(addresses) not in text


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("/landschap/oefeningen/nieuw/", "Selecteer een geldige keuze"),
        ("/en/landscape/exercises/new/", "Select a valid choice"),
    ],
)
def test_a_choice_not_on_the_list_is_refused_and_changes_nothing(staff, url, error):
    before = snapshot(), Exercise.objects.count()
    for target in ("entity:component:shared/bestaat-niet", "component:shared/digid", "supplier:999999", ""):
        response = staff.post(url, {"title": "Onzin", "target": target, "notes": "kept"})
        text = response.content.decode()
        assert response.status_code == 400 and (error in text or target == "")
        assert "kept</textarea>" in text
    assert (snapshot(), Exercise.objects.count()) == before


def test_an_exercise_on_the_demo_landscape_says_it_is_demo_data(staff):
    assert "Demo data" in staff.get("/en/landscape/exercises/new/").content.decode()
    response = staff.post("/en/landscape/exercises/new/", {"title": "DigiD", "target": DIGID})
    assert "Demo data" in staff.get(response.url).content.decode()
