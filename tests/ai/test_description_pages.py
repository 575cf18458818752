import json

import pytest

from tests.conftest import PASSWORD
from tests.registry.test_permissions import utrecht_concept_algorithm
from thorbecke.ai.models import Algorithm, AlgorithmVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    return client


def test_an_editor_describes_a_new_algorithm_from_the_schema_fields(editor):
    page = editor.get("/algoritmes/beheer/nieuw/").content.decode()
    assert "Doel en impact (verplicht)" in page
    assert "Gebruik een naam, bij voorkeur met een werkwoord" in page  # the schema's instructions as help
    response = editor.post("/algoritmes/beheer/nieuw/", {"name": "Slimme lantaarnpalen", "status": "Soms"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Slimme lantaarnpalen" in content  # what was typed stays
    assert "Korte omschrijving" in content and 'aria-invalid="true"' in content
    assert not Algorithm.objects.exists()


def test_an_example_is_completed_saved_and_published_with_its_history(editor):
    url = "/algoritmes/beheer/nieuw/?template=gemeente-amsterdam-meldingen-openbare-ruimte"
    shown = editor.get(url).context["form"].initial  # what the editor sees filled in, and sends back
    response = editor.post(url, {**shown, "name": "Meldingen openbare ruimte Utrecht", "note": "van het voorbeeld"})
    assert response.status_code == 302
    algorithm = Algorithm.objects.get()
    assert algorithm.document["id"] == "gemeente-amsterdam-meldingen-openbare-ruimte"  # the rest of it is kept
    assert algorithm.document["category"] == ["Openbare orde en veiligheid"]
    assert algorithm.organisation.code == "gm0344" and algorithm.lifecycle == "concept"
    assert algorithm.document["organization"] == algorithm.organisation.name  # not the example's own
    edit = f"/algoritmes/{algorithm.public_id}/wijzigen/"
    assert (
        editor.post(edit, {**editor.get(edit).context["form"].initial, "name": "Meldingen Utrecht"}).status_code == 302
    )
    assert editor.post(f"/algoritmes/{algorithm.public_id}/status/", {"step": "publish"}).status_code == 302
    algorithm.refresh_from_db()
    assert algorithm.name == "Meldingen Utrecht" and algorithm.lifecycle == "published"
    page = editor.get(edit).content.decode()
    assert "Versie 3" in page and "utrecht-editor" in page and "van het voorbeeld" in page
    assert AlgorithmVersion.objects.filter(algorithm=algorithm).count() == 3


def test_the_english_form_explains_in_english(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    response = client.post("/en/algorithms/manage/new/", {"name": "x" * 120})
    assert response.status_code == 400
    assert "at most 99 characters" in response.content.decode()


def test_an_import_names_the_wrong_field_and_saves_nothing(editor):
    response = editor.post("/algoritmes/beheer/importeren/", {"json": json.dumps([{"name": "A", "schema": "1.0.0"}])})
    assert response.status_code == 400
    assert "/0/description_short" in response.content.decode()
    assert not Algorithm.objects.exists()


def test_others_cannot_edit_or_publish(client, accounts):
    algorithm = utrecht_concept_algorithm()
    client.login(username="amsterdam-editor", password=PASSWORD)
    assert client.post(f"/algoritmes/{algorithm.public_id}/status/", {"step": "publish"}).status_code == 403
    client.login(username="utrecht-viewer", password=PASSWORD)
    assert client.get(f"/algoritmes/{algorithm.public_id}/wijzigen/").status_code == 403
    algorithm.refresh_from_db()
    assert algorithm.lifecycle == "concept"


def test_the_history_names_the_system_for_what_nobody_signed_in_did(editor):
    algorithm = utrecht_concept_algorithm()  # saved without a user, as the import command and the demo do
    response = editor.get(f"/algoritmes/{algorithm.public_id}/wijzigen/")
    assert response.status_code == 200 and "door het systeem" in response.content.decode()
