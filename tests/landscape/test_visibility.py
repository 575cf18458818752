"""One visibility rule for the whole landscape (docs/decisions/0030): an organisation's own entities are for its own
staff and the programme, shared entries for all staff; that something of another organisation depends on a shared
entry shows only as a count. What a reader may not see answers exactly as what does not exist."""

import json
import re
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import PASSWORD, snapshot
from tests.registry.test_permissions import utrecht_crypto, utrecht_entity
from thorbecke.landscape.catalog import read_csv
from thorbecke.landscape.importer import import_drafts
from thorbecke.landscape.models import Entity, Exercise, Supplier
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

# Utrecht's private archive: past its end of support, with a supplier and a cloud outside the EU, and a citizen
# service. None of it is for Amsterdam's eyes, yet it needs DigiD as Amsterdam's systems do.
SECRET_CSV = (
    "kind,name,title,function,supplier,supplier-country,hosting-provider,jurisdiction,end-of-support,upl-product,"
    "dependsOn\nComponent,geheim,Geheim archief,archief,Verre Leverancier,US,Verre Wolk,US,2020-01-01,"
    "http://standaarden.overheid.nl/owms/terms/geheim,component:shared/digid\n"
)
SECRETS = ("geheim", "Geheim archief", "Verre Leverancier", "Verre Wolk", "gm0344")


@pytest.fixture
def landscape(accounts):
    utrecht_entity()
    import_drafts(Organisation.objects.get(code="gm0344"), read_csv(SECRET_CSV), "csv")
    amsterdam = "kind,name,title,dependsOn\nComponent,loket,Digitaal loket,component:shared/digid\n"
    import_drafts(Organisation.objects.get(code="gm0363"), read_csv(amsterdam), "csv")
    return Entity.objects.get(namespace="gm0344", name="geheim")


def as_user(client, username):
    client.logout()
    client.login(username=username, password=PASSWORD)
    return client


def assert_same(first, second, hidden, unknown):
    """Two responses, one about something hidden and one about something unknown, are the same but for the name
    asked for (in either language's path) and the form's CSRF token, new on every page."""

    def text(response, name):
        found = response.content.decode().replace(name, "X").replace(quote(name), "X")
        found = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", found)
        return re.sub(r"/\d+/", "/X/", found)

    assert first.status_code == second.status_code
    assert text(first, hidden) == text(second, unknown)


def same_answer(client, url, hidden, unknown):
    first, second = client.get(url.format(hidden)), client.get(url.format(unknown))
    assert_same(first, second, hidden, unknown)
    return first


def no_secrets(text):
    found = [secret for secret in SECRETS if secret in text]
    assert not found, found


@pytest.mark.parametrize(
    ("param", "hidden", "unknown"),
    [
        ("entity", "component:gm0344/geheim", "component:gm0344/bestaat-niet"),
        ("supplier", "Verre Leverancier", "Onbekende Leverancier"),
        ("provider", "Verre Wolk", "Onbekende Wolk"),
    ],
)
def test_the_impact_of_what_one_may_not_see_answers_as_what_does_not_exist(client, landscape, param, hidden, unknown):
    as_user(client, "amsterdam-editor")
    answer = same_answer(client, f"/api/v1/landscape/impact?{param}={{}}", hidden, unknown)
    assert answer.status_code == 404
    as_user(client, "utrecht-viewer")
    assert client.get(f"/api/v1/landscape/impact?{param}={hidden}").status_code == 200


def test_the_impact_of_a_shared_block_counts_other_organisations_without_naming_them(client, landscape):
    url = "/api/v1/landscape/impact?entity=component:shared/digid"
    national = as_user(client, "programme").get(url).json()
    assert "component:gm0344/geheim" in json.dumps(national)
    answer = as_user(client, "amsterdam-editor").get(url)
    no_secrets(answer.content.decode())
    seen = answer.json()
    keys = ("failed", "affected", "organisationsAffected", "citizenServicesAffected", "addressesAffected")
    assert {k: seen[k] for k in keys} == {k: national[k] for k in keys}
    assert "component:gm0363/loket" in json.dumps(seen)


def test_an_exercise_is_read_only_by_its_organisation_and_the_programme(client, landscape):
    as_user(client, "utrecht-editor")
    client.post(
        "/en/landscape/exercises/new/",
        {"title": "Archief onbereikbaar", "target": "entity:component:gm0344/geheim", "notes": "Geheime notitie"},
    )
    exercise = Exercise.objects.get(title="Archief onbereikbaar")
    url = f"/en/landscape/exercises/{exercise.pk}/"
    for reader in ("utrecht-viewer", "programme"):
        assert "Geheime notitie" in as_user(client, reader).get(url).content.decode()
        assert "Archief onbereikbaar" in client.get("/en/landscape/exercises/").content.decode()
    as_user(client, "amsterdam-editor")
    assert "Archief onbereikbaar" not in client.get("/en/landscape/exercises/").content.decode()
    hidden = same_answer(client, "{}", url, f"/en/landscape/exercises/{exercise.pk + 1000}/")
    assert hidden.status_code == 404


def test_an_exercise_names_only_what_its_organisation_may_see(client, landscape):
    as_user(client, "amsterdam-editor")
    response = client.post(
        "/en/landscape/exercises/new/", {"title": "DigiD down", "target": "entity:component:shared/digid"}
    )
    exercise = Exercise.objects.get(title="DigiD down")
    no_secrets(json.dumps(exercise.findings))
    assert exercise.findings["organisations_affected"] == 3  # Logius, Amsterdam and Utrecht: counted, not named
    page = client.get(response.url).content.decode()
    no_secrets(page)
    assert "gemeente Utrecht" not in page and "Digitaal loket" in page
    assert "And 1 other organisation: counted, not named." in page


@pytest.mark.parametrize("prefix", ["/landschap/oefeningen/nieuw/", "/en/landscape/exercises/new/"])
def test_an_exercise_on_what_one_may_not_see_is_refused_as_one_on_what_does_not_exist(client, landscape, prefix):
    as_user(client, "amsterdam-editor")
    page = client.get(prefix).content.decode()
    no_secrets(page)
    hidden_supplier = Supplier.objects.get(name="Verre Leverancier").pk
    before = snapshot(), Exercise.objects.count()
    for hidden, unknown in (
        ("entity:component:gm0344/geheim", "entity:component:gm0344/bestaat-niet"),
        (f"supplier:{hidden_supplier}", "supplier:999999"),
        ("hosting:Verre Wolk", "hosting:Onbekende Wolk"),
    ):
        first = client.post(prefix, {"title": "Poging", "target": hidden})
        second = client.post(prefix, {"title": "Poging", "target": unknown})
        assert first.status_code == 400
        assert_same(first, second, hidden, unknown)
    assert (snapshot(), Exercise.objects.count()) == before


def test_an_entity_page_counts_what_others_have_without_naming_it(client, landscape):
    digid = Entity.objects.get(namespace="shared", name="digid")
    as_user(client, "amsterdam-editor")
    page = client.get(f"/en/landscape/entities/{digid.pk}/").content.decode()
    no_secrets(page)
    assert "Digitaal loket" in page
    assert "Needed directly by 3 entities" in page and "2 of them are other organisations'" in page  # Utrecht's two
    dutch = client.get(f"/landschap/entiteiten/{digid.pk}/").content.decode()
    assert "Daarvan zijn er 2 van andere organisaties: geteld, niet genoemd." in dutch
    hidden = same_answer(
        client, "{}", f"/en/landscape/entities/{landscape.pk}/", f"/en/landscape/entities/{landscape.pk + 1000}/"
    )
    assert hidden.status_code == 404
    assert (
        "Geheim archief"
        in as_user(client, "utrecht-viewer").get(f"/en/landscape/entities/{digid.pk}/").content.decode()
    )


def test_the_overview_and_the_analyses_show_only_what_the_reader_may_see(client, landscape):
    as_user(client, "utrecht-viewer")
    page = client.get("/en/landscape/").content.decode()
    assert "component:gm0344/geheim" in page and "Verre Leverancier" in page and "Verre Wolk" in page
    as_user(client, "amsterdam-editor")
    no_secrets(client.get("/en/landscape/").content.decode())
    no_secrets(client.get("/api/v1/landscape/concentration?type=gemeente").content.decode())
    no_secrets(client.get("/api/v1/landscape/dependents?ref=component:shared/digid").content.decode())


def test_the_post_quantum_page_shows_only_the_readers_own_inventory(client, landscape):
    utrecht_crypto()
    as_user(client, "utrecht-viewer")
    assert "RSA-2048" in client.get("/en/landscape/pqc/").content.decode()
    as_user(client, "amsterdam-editor")
    page = client.get("/en/landscape/pqc/").content.decode()
    assert "RSA-2048" not in page and "gemeente Utrecht" not in page
    answer = client.get("/api/v1/landscape/post-quantum").json()
    assert answer["vulnerable"] == 1 and answer["organisations"] == []  # counted nationally, named for its own


def test_an_import_referring_to_what_one_may_not_see_fails_as_one_referring_to_nothing(client, landscape):
    as_user(client, "amsterdam-editor")
    before = snapshot()
    answers = []
    refs = ("component:gm0344/geheim", "component:gm0344/bestaat-niet")
    for ref in refs:
        sheet = SimpleUploadedFile("x.csv", f"kind,name,dependsOn\nComponent,a,{ref}\n".encode())
        answers.append(client.post("/en/landscape/gm0363/import/", {"format": "csv", "file": sheet}))
    assert answers[0].status_code == 400
    assert_same(*answers, *refs)
    assert snapshot() == before


SHARED_YAML = """
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: %s, namespace: shared, title: %s}
spec: {type: service}
"""


def test_only_the_programme_creates_and_changes_shared_entries(client, landscape):
    as_user(client, "amsterdam-editor")
    before = snapshot()
    for name in ("nep-digid", "digid"):
        upload = SimpleUploadedFile("c.yaml", (SHARED_YAML % (name, "Nep")).encode())
        response = client.post("/en/landscape/gm0363/import/", {"format": "backstage", "file": upload})
        assert response.status_code == 400
        assert "shared" in response.content.decode()
    assert snapshot() == before
    as_user(client, "programme")
    for name in ("nieuw-blok", "digid"):
        upload = SimpleUploadedFile("c.yaml", (SHARED_YAML % (name, "Door het programma")).encode())
        response = client.post(
            "/en/landscape/rijk-ministerie-van-binnenlandse-zaken/import/", {"format": "backstage", "file": upload}
        )
        assert response.status_code == 302
        assert Entity.objects.get(namespace="shared", name=name).title == "Door het programma"


def test_an_exercise_saved_before_the_rule_names_no_more_than_its_reader_may_see(client, landscape):
    """Findings saved before the rule named everything; the page filters them again by its reader's view."""
    exercise = Exercise.objects.create(
        title="Oud",
        organisation=Organisation.objects.get(code="gm0363"),
        scenario={"failure": "entity", "entity": "component:gm0344/geheim"},
        findings={
            "failed": 1,
            "affected": 2,
            "organisations_affected": 2,
            "organisations": [{"organisation": "gm0344", "entities": 1}, {"organisation": "gm0363", "entities": 1}],
            "citizen_services": ["component:gm0344/geheim"],
            "recovery_order": [{"entities": 2, "first": ["component:gm0344/geheim", "component:gm0363/loket"]}],
            "cycles": [["component:gm0344/geheim", "component:gm0363/loket"]],
        },
    )
    page = as_user(client, "amsterdam-editor").get(f"/en/landscape/exercises/{exercise.pk}/").content.decode()
    no_secrets(page)
    assert "gemeente Utrecht" not in page and "Digitaal loket" in page and "gemeente Amsterdam" in page
    assert (
        "Geheim archief" in as_user(client, "programme").get(f"/en/landscape/exercises/{exercise.pk}/").content.decode()
    )
