"""The public pages of the definitions and of the sovereignty framework, and the programme's publishing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import PASSWORD, snapshot
from thorbecke.cloud import taxonomy
from thorbecke.cloud.models import TaxonomyVersion

pytestmark = pytest.mark.django_db


def yaml_file(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("taxonomy.yaml", text.encode(), content_type="application/yaml")


def repository_text(**replace: str) -> str:
    text = taxonomy.FILE.read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def test_the_definitions_page_shows_every_section_the_classification_rules_and_a_draft(client, register):
    page = client.get("/en/cloud/definitions/").content.decode()
    for heading in (
        "Service models",
        "Who holds the keys",
        "jurisdiction along its ownership chain",
        "Who runs support",
    ):
        assert heading in page
    assert "eu-with-third-country-parent" in page and "Containers as a Service (Kubernetes)" in page
    # The classification table: a level, the kinds of cloud it may use (by name), its rule and source.
    assert "State Secret Top Secret" in page and "Own data centre" in page
    assert "up to and including Departmental Confidential" in page and "kst-26643-904.html" in page
    assert "Draft: not yet published" in page and "No version has been published yet." in page
    assert "Publish version" not in page  # the programme's alone
    dutch = client.get("/cloud/definities/").content.decode()
    assert "Wie de sleutels houdt" in dutch and "Staatsgeheim Zeer Geheim" in dutch and "Concept" in dutch


def test_the_programme_publishes_the_repositorys_version(client, accounts):
    client.login(username="programme", password=PASSWORD)
    page = client.get("/en/cloud/definitions/").content.decode()
    assert "Publish version 2026.1" in page
    response = client.post("/en/cloud/definitions/publish/", {"version": "2026.1"})
    assert response.status_code == 302
    row = TaxonomyVersion.objects.get()
    assert (row.version, row.published_by.code) == ("2026.1", "rijk-ministerie-van-binnenlandse-zaken")
    page = client.get("/en/cloud/definitions/").content.decode()
    assert "Published on" in page and "Ministerie van Binnenlandse Zaken" in page
    assert "Publish version 2026.1" not in page
    # Again: refused with a clear message, nothing changed.
    before = snapshot()
    response = client.post("/en/cloud/definitions/publish/", {"version": "2026.1"})
    assert response.status_code == 409
    assert "Version 2026.1 is already published" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("username", ["utrecht-editor", "utrecht-admin", "amsterdam-admin"])
def test_only_the_programme_publishes(client, accounts, username):
    client.login(username=username, password=PASSWORD)
    assert client.post("/en/cloud/definitions/publish/", {"version": "2026.1"}).status_code == 403
    upload = yaml_file(repository_text(**{'version: "2026.1"': 'version: "2026.2"'}))
    assert client.post("/en/cloud/definitions/upload/", {"file": upload}).status_code == 403
    assert not TaxonomyVersion.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, register):
    response = client.post("/cloud/definities/publiceren/", {"version": "2026.1"})
    assert response.status_code == 302 and "/aanmelden/" in response["Location"]
    assert not TaxonomyVersion.objects.exists()


def test_an_uploaded_file_is_checked_and_published(client, accounts):
    client.login(username="programme", password=PASSWORD)
    before = snapshot()
    broken = repository_text(**{'version: "2026.1"': 'version: "2026.2"', "    source: ISO": "    sauce: ISO"})
    broken = broken.replace("  - code: caas\n", "  - kode: caas\n")
    response = client.post("/en/cloud/definitions/upload/", {"file": yaml_file(broken)})
    assert response.status_code == 400
    assert "service_models[1].code: is required" in response.content.decode()
    assert snapshot() == before
    response = client.post("/en/cloud/definitions/upload/", {"file": yaml_file("version: [")})
    assert response.status_code == 400 and "is not valid YAML" in response.content.decode()
    assert snapshot() == before
    newer = repository_text(**{'version: "2026.1"': 'version: "2026.2"'})
    assert client.post("/en/cloud/definitions/upload/", {"file": yaml_file(newer)}).status_code == 302
    assert taxonomy.current().version == "2026.2"
    # The same version again: a clear refusal, nothing stored.
    response = client.post("/en/cloud/definitions/upload/", {"file": yaml_file(newer)})
    assert response.status_code == 409 and "Version 2026.2 is already published" in response.content.decode()
    assert TaxonomyVersion.objects.count() == 1


def test_the_sovereignty_page_explains_the_framework_with_a_worked_example(client, register):
    """The example, by hand: the SaaS at 4,4,3,3,2,3,3,2 runs on an IaaS at 3,3,4,2,2,2,3,3, so its effective levels
    are the lower of each pair: 3,3,3,2,2,2,3,2. With the weights 15,10,10,15,20,15,10,5 its score is
    15x3/4 + 10x3/4 + 10x3/4 + 15x2/4 + 20x2/4 + 15x2/4 + 10x3/4 + 5x2/4
    = 11.25 + 7.5 + 7.5 + 7.5 + 10 + 7.5 + 7.5 + 2.5 = 61.25; on its own it would be
    15 + 10 + 7.5 + 11.25 + 10 + 11.25 + 7.5 + 2.5 = 75. A gate of SEAL-3 on SOV-4 keeps it out (it has SEAL-2)."""
    page = client.get("/en/cloud/sovereignty/").content.decode()
    assert "1.2.1" in page and "09579818-64a6-4dd5-9577-446ab6219113_en" in page
    assert "Supply chain sovereignty" in page and "20%" in page and "SEAL-4" in page
    assert '<td class="utrecht-table__cell utrecht-table__cell--numeric" id="example-score">61.25</td>' in page
    assert "would score 75.00" in page and "at least SEAL-3 on SOV-4" in page
    dutch = client.get("/cloud/soevereiniteit/").content.decode()
    assert 'id="example-score">61,25</td>' in dutch and "Soevereiniteit in de toeleveringsketen" in dutch


def test_a_version_the_programme_did_not_see_is_not_published(client, accounts):
    """The button posts the version the page showed; the repository holding another by then is refused."""
    client.login(username="programme", password=PASSWORD)
    before = snapshot()
    response = client.post("/cloud/definities/publiceren/", {"version": "2025.9"})
    assert response.status_code == 409
    assert "De repository bevat nu versie 2026.1" in response.content.decode()
    assert snapshot() == before


def test_a_refused_file_names_its_field_in_dutch(client, accounts):
    client.login(username="programme", password=PASSWORD)
    wrong = repository_text(**{'version: "2026.1"': 'version: "2026.2"', "rank: 5": "rank: 4"})
    response = client.post("/cloud/definities/opladen/", {"file": yaml_file(wrong)})
    assert response.status_code == 400
    assert "classifications: moet van laag naar hoog geordend zijn" in response.content.decode()
