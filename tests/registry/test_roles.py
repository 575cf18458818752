"""The programme role is the programme's to give and take; no organisation can leave the country without one; every
change of role or access is kept and shown (issue 23, item 4)."""

import pytest

from tests.conftest import PASSWORD, snapshot
from thorbecke.registry.accounts import create_account
from thorbecke.registry.models import MembershipChange, Role
from thorbecke.registry.permissions import leaves_no_programme

pytestmark = pytest.mark.django_db

MINISTRY = "rijk-ministerie-van-binnenlandse-zaken"
STAFF = f"/organisaties/{MINISTRY}/medewerkers"


@pytest.fixture
def ministry_admin(accounts):
    return create_account("bzk-admin", MINISTRY, Role.ADMIN, PASSWORD).user


def post(client, membership, role, active=True):
    data = {f"m{membership.pk}-role": role}
    if active:
        data[f"m{membership.pk}-active"] = "on"
    return client.post(f"{STAFF}/{membership.pk}/", data, follow=True)


@pytest.mark.parametrize(("role", "active"), [("admin", True), ("viewer", True), ("programme", False)])
def test_an_administrator_of_the_ministry_cannot_demote_or_disable_the_programme(
    client, accounts, ministry_admin, role, active
):
    client.login(username="bzk-admin", password=PASSWORD)
    programme = accounts["programme"].membership
    before = snapshot()
    page = post(client, programme, role, active).content.decode()
    assert "Er is niets opgeslagen" in page and "landelijk programma" in page
    assert snapshot() == before
    assert client.login(username="programme", password=PASSWORD)


def test_an_administrator_cannot_appoint_the_programme_at_the_ministry_either(client, accounts, ministry_admin):
    colleague = create_account("bzk-viewer", MINISTRY, Role.VIEWER, PASSWORD)
    client.login(username="bzk-admin", password=PASSWORD)
    before = snapshot()
    assert "Er is niets opgeslagen" in post(client, colleague, "programme").content.decode()
    assert snapshot() == before


def test_the_programme_grants_and_revokes_the_programme_role_and_it_is_logged(client, accounts, ministry_admin):
    client.login(username="programme", password=PASSWORD)
    admin = ministry_admin.membership
    assert "Uw wijzigingen zijn opgeslagen." in post(client, admin, "programme").content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.PROGRAMME
    assert "Uw wijzigingen zijn opgeslagen." in post(client, admin, "admin", active=False).content.decode()
    change = MembershipChange.objects.filter(member=ministry_admin).first()
    assert (change.changed_by, change.old_role, change.new_role) == (accounts["programme"], "programme", "admin")
    assert (change.old_active, change.new_active) == (True, False)


def test_the_programme_does_not_run_the_ministrys_ordinary_staff(client, accounts, ministry_admin):
    colleague = create_account("bzk-viewer", MINISTRY, Role.VIEWER, PASSWORD)
    client.login(username="programme", password=PASSWORD)
    before = snapshot()
    assert "Er is niets opgeslagen" in post(client, colleague, "editor").content.decode()
    assert snapshot() == before


def test_the_last_active_programme_account_cannot_be_demoted_or_disabled(accounts):
    programme = accounts["programme"].membership
    assert leaves_no_programme(programme, Role.ADMIN, True)
    assert leaves_no_programme(programme, Role.PROGRAMME, False)
    assert not leaves_no_programme(programme, Role.PROGRAMME, True)
    second = create_account("programme-2", MINISTRY, Role.PROGRAMME, PASSWORD)
    assert not leaves_no_programme(programme, Role.ADMIN, True)
    second.user.is_active = False
    second.user.save()
    assert leaves_no_programme(programme, Role.ADMIN, True)


def test_every_change_of_role_or_access_is_logged_and_shown_to_the_administrators(client, accounts):
    viewer = accounts["utrecht-viewer"]
    created = MembershipChange.objects.get(member=viewer)
    assert (created.changed_by, created.old_role, created.new_role, created.new_active) == (None, "", "viewer", True)
    client.login(username="utrecht-admin", password=PASSWORD)
    url = f"/organisaties/gm0344/medewerkers/{viewer.membership.pk}/"
    pk = viewer.membership.pk
    client.post(url, {f"m{pk}-role": "editor", f"m{pk}-active": "on"})
    client.post(url, {f"m{pk}-role": "editor"})
    client.post(url, {f"m{pk}-role": "editor", f"m{pk}-active": "on"})
    steps = [
        (c.changed_by_name, c.old_role, c.new_role, c.old_active, c.new_active)
        for c in MembershipChange.objects.filter(member=viewer).order_by("pk")
    ]
    assert steps == [
        ("", "", "viewer", None, True),
        ("utrecht-admin", "viewer", "editor", True, True),
        ("utrecht-admin", "editor", "editor", True, False),
        ("utrecht-admin", "editor", "editor", False, True),
    ]
    page = client.get("/organisaties/gm0344/medewerkers/").content.decode()
    assert "Wijzigingen van rollen en toegang" in page and page.count("utrecht-viewer") >= 5
    # Another organisation's administrators see none of it.
    client.login(username="amsterdam-admin", password=PASSWORD)
    assert client.get("/organisaties/gm0344/medewerkers/").status_code == 403


def test_the_programme_sees_the_changes_of_programme_accounts(client, accounts, ministry_admin):
    client.login(username="programme", password=PASSWORD)
    post(client, ministry_admin.membership, "programme")
    page = client.get(f"{STAFF}/").content.decode()
    assert "Wijzigingen van rollen en toegang" in page and "bzk-admin" in page


def test_the_ministrys_administrator_sees_the_programme_account_read_only(client, accounts, ministry_admin):
    client.login(username="bzk-admin", password=PASSWORD)
    page = client.get(f"{STAFF}/").content.decode()
    programme = accounts["programme"].membership
    assert "alleen het landelijk programma wijzigt dit account" in page
    assert f'name="m{programme.pk}-role"' not in page


NATIONAL = "/organisaties/wijzigingen-medewerkers/"


def test_the_programme_sees_every_organisations_changes_of_roles_and_access(client, accounts):
    client.login(username="utrecht-admin", password=PASSWORD)
    viewer = accounts["utrecht-viewer"].membership
    client.post(f"/organisaties/gm0344/medewerkers/{viewer.pk}/", {f"m{viewer.pk}-role": "editor"})
    client.login(username="programme", password=PASSWORD)
    page = client.get(NATIONAL).content.decode()
    assert "utrecht-admin" in page and "utrecht-viewer" in page and "gemeente Utrecht" in page
    assert "amsterdam-admin" in page  # its account was made, on the command line
    english = client.get("/en/organisations/staff-changes/").content.decode()
    assert "Changes of roles and access" in english


@pytest.mark.parametrize("username", ["utrecht-admin", "amsterdam-admin", "utrecht-editor"])
def test_no_organisation_sees_the_national_changes(client, accounts, username):
    client.login(username=username, password=PASSWORD)
    assert client.get(NATIONAL).status_code == 403
