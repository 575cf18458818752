"""The landscape's pages and API as staff use them (who may see what is in tests/registry/test_permissions.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import PASSWORD, snapshot
from tests.registry.test_permissions import utrecht_entity
from thorbecke.landscape.models import Entity, Exercise

pytestmark = pytest.mark.django_db


def sign_in(client, accounts, username):
    client.login(username=username, password=PASSWORD)


def test_a_bad_file_shows_its_row_and_changes_nothing(client, accounts):
    utrecht_entity()
    sign_in(client, accounts, "utrecht-editor")
    before = snapshot()
    sheet = SimpleUploadedFile("x.csv", b"kind,name,dependsOn\nComponent,a,component:bestaat-niet\n")
    response = client.post("/landschap/gm0344/importeren/", {"format": "csv", "file": sheet})
    assert response.status_code == 400
    assert "row 2, dependsOn: component:gm0344/bestaat-niet is not in the landscape" in response.content.decode()
    assert snapshot() == before


def test_an_import_reports_what_it_did_and_the_cycles(client, accounts):
    utrecht_entity()
    sign_in(client, accounts, "utrecht-editor")
    sheet = b"kind,name,dependsOn\nComponent,a,component:b\nComponent,b,component:a component:zaken\n"
    response = client.post(
        "/en/landscape/gm0344/import/", {"format": "csv", "file": SimpleUploadedFile("x.csv", sheet)}, follow=True
    )
    text = response.content.decode()
    assert "Imported: 2 new, 0 updated, 3 relations" in text
    assert "component:gm0344/a → component:gm0344/b" in text


def test_shared_building_blocks_are_seen_by_all_staff_and_own_entities_by_their_own(client, accounts):
    zaken = utrecht_entity()
    digid = Entity.objects.get(namespace="shared", name="digid")
    sign_in(client, accounts, "amsterdam-editor")
    page = client.get(f"/en/landscape/entities/{digid.pk}/").content.decode()
    assert "DigiD" in page and "Needed directly by 1 entity" in page  # counted for all staff...
    assert "component:gm0344/zaken" not in page  # ...named only for its own and the programme
    assert client.get(f"/en/landscape/entities/{zaken.pk}/").status_code == 404
    sign_in(client, accounts, "utrecht-viewer")
    assert "component:gm0344/zaken" in client.get(f"/en/landscape/entities/{digid.pk}/").content.decode()


def test_an_exercise_is_run_saved_and_listed(client, accounts):
    utrecht_entity()
    sign_in(client, accounts, "amsterdam-editor")
    response = client.post(
        "/en/landscape/exercises/new/", {"title": "DigiD down", "target": "entity:component:shared/digid"}
    )
    exercise = Exercise.objects.get(title="DigiD down")
    assert response.status_code == 302 and exercise.organisation.code == "gm0363"
    assert exercise.findings["failed"] == 1 and exercise.findings["organisations_affected"] == 2
    assert "zaken (gemeente Utrecht)" not in client.get(f"/en/landscape/exercises/{exercise.pk}/").content.decode()
    assert "DigiD down" in client.get("/en/landscape/exercises/").content.decode()
    response = client.post("/en/landscape/exercises/new/", {"title": "Nothing", "target": ""})
    assert response.status_code == 400 and "Say what fails." in response.content.decode()


def test_the_api_answers_staff_only_and_each_their_own(client, accounts):
    utrecht_entity()
    impact = "/api/v1/landscape/impact?entity=component:shared/digid"
    assert client.get(impact).status_code == 401
    sign_in(client, accounts, "amsterdam-editor")
    answer = client.get(impact).json()
    assert answer["failed"] == 1 and answer["recoveryOrder"][1] == {"entities": 1, "first": []}  # not Amsterdam's
    assert client.get("/api/v1/landscape/impact?supplier=Leverancier").status_code == 404  # only Utrecht's uses it
    assert client.get("/api/v1/landscape/impact").status_code == 400
    assert client.get("/api/v1/landscape/impact?supplier=Onbekend").status_code == 404
    shared = client.get("/api/v1/landscape/dependents?ref=component:shared/digid").json()
    assert (shared["dependents"], shared["organisations"]) == (1, 1)
    assert client.get("/api/v1/landscape/dependents?ref=component:gm0344/zaken").status_code == 404
    assert client.get("/api/v1/landscape/organisations/gm0344/cyclonedx").status_code == 403
    assert client.get("/api/v1/landscape/organisations/gm0363/cyclonedx").json()["bomFormat"] == "CycloneDX"
    assert client.get("/api/v1/landscape/concentration?type=gemeente").json()["results"] == []  # Utrecht's own
    sign_in(client, accounts, "utrecht-viewer")
    assert client.get("/api/v1/landscape/impact?supplier=Leverancier").json()["affected"] == 1
    (row,) = client.get("/api/v1/landscape/concentration?type=gemeente").json()["results"]
    assert (row["function"], row["hhi"]) == ("zaaksysteem", 10000)
    assert client.get("/api/v1/landscape/concentration?type=ministerie").status_code == 400
