import pytest

from tests.conftest import PASSWORD, snapshot
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

URL = "/organisaties/gm0344/wijzigen/"
STAFF = "/organisaties/gm0344/medewerkers"


@pytest.fixture
def editor(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    return client


def test_bad_input_is_explained_and_changes_nothing(editor):
    before = snapshot()
    response = editor.post(URL, {"contact_email": "geen-adres"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "e-mailadres" in content
    assert 'aria-invalid="true"' in content
    assert snapshot() == before


def test_a_valid_change_is_saved_and_shown(editor):
    response = editor.post(URL, {"contact_email": "gegevens@utrecht.nl"}, follow=True)
    assert "Uw wijzigingen zijn opgeslagen." in response.content.decode()
    assert Organisation.objects.get(code="gm0344").contact_email == "gegevens@utrecht.nl"


def test_the_english_form_explains_in_english(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    response = client.post("/en/organisations/gm0344/edit/", {"contact_email": "no-address"})
    assert response.status_code == 400
    assert "valid email address" in response.content.decode()


def test_an_administrator_changes_a_role_and_ends_access(client, accounts):
    client.login(username="utrecht-admin", password=PASSWORD)
    viewer = accounts["utrecht-viewer"].membership
    response = client.post(f"{STAFF}/{viewer.pk}/", {f"m{viewer.pk}-role": "editor"}, follow=True)
    assert "Uw wijzigingen zijn opgeslagen." in response.content.decode()
    viewer.refresh_from_db()
    viewer.user.refresh_from_db()
    assert viewer.role == "editor" and not viewer.user.is_active
    assert not client.login(username="utrecht-viewer", password=PASSWORD)


def test_an_administrator_cannot_appoint_the_programme_or_change_themselves(client, accounts):
    client.login(username="utrecht-admin", password=PASSWORD)
    viewer, me = accounts["utrecht-viewer"].membership, accounts["utrecht-admin"].membership
    before = snapshot()
    response = client.post(f"{STAFF}/{viewer.pk}/", {f"m{viewer.pk}-role": "programme"}, follow=True)
    assert "Er is niets opgeslagen" in response.content.decode()
    response = client.post(f"{STAFF}/{me.pk}/", {f"m{me.pk}-role": "viewer"}, follow=True)
    assert "eigen rol" in response.content.decode()
    assert snapshot() == before


def test_a_member_of_another_organisation_cannot_be_reached_through_this_one(client, accounts):
    client.login(username="utrecht-admin", password=PASSWORD)
    other = accounts["amsterdam-editor"].membership
    before = snapshot()
    assert client.post(f"{STAFF}/{other.pk}/", {f"m{other.pk}-role": "viewer"}).status_code == 404
    assert snapshot() == before
