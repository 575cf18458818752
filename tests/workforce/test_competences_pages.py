"""The competence model's pages in both languages, its API, and the programme's publishing of a profile set."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import PASSWORD, snapshot
from tests.workforce.test_competences import PROFILE_SET
from thorbecke.registry.models import Organisation
from thorbecke.workforce import competences
from thorbecke.workforce.models import ProfileSet

pytestmark = pytest.mark.django_db


def yaml_file(content: object) -> SimpleUploadedFile:
    text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True)
    return SimpleUploadedFile("profiles.yaml", text.encode(), content_type="application/yaml")


def test_the_front_page_links_its_parts(client, register):
    page = client.get("/vakmanschap/").content.decode()
    assert 'href="/vakmanschap/competenties/"' in page and 'href="/vakmanschap/thema-s/"' in page
    page = client.get("/en/workforce/").content.decode()
    assert "41 competences in five areas" in page and "AI literacy" in page


def test_the_model_page_shows_the_areas_competences_levels_role_profiles_and_kwiv(client, register):
    page = client.get("/en/workforce/competences/").content.decode()
    assert "EN 16234-1:2019" in page and "third-party copy" in page
    assert '<td class="utrecht-table__cell" lang="en">Data Science and Analytics</td>' in page
    assert "e-5" in page and "E Manage" in page
    assert "Digital Transformation Leader" in page and "CWA 16458-1:2018" in page
    assert "61 profiles" in page and "not yet in this repository" in page
    assert "No profile set has been published yet." in page and "No public crosswalk between ESCO" in page
    assert "Check and publish this file" not in page  # the programme's alone
    dutch = client.get("/vakmanschap/competenties/").content.decode()
    assert "D Mogelijk maken" in dutch and '<td class="utrecht-table__cell" lang="en">User Experience</td>' in dutch
    assert "Functiegebouw Rijk" in dutch and "Universele competentie" in dutch


def test_the_archetypes_page_puts_ai_literacy_first(client, register):
    page = client.get("/en/workforce/archetypes/").content.decode()
    assert page.index('id="ai-literacy"') < page.index('id="digital-leadership"') < page.index('id="data"')
    assert "The programme&#x27;s proposal" in page and "2024/1689" in page and "Technology Trend Monitoring" in page
    dutch = client.get("/vakmanschap/thema-s/").content.decode()
    assert "AI-geletterdheid" in dutch and "Voorstel van het programma" in dutch and "Informatiebeveiliging" in dutch


def test_the_programme_publishes_an_uploaded_profile_set(client, accounts):
    client.login(username="programme", password=PASSWORD)
    assert "Check and publish this file" in client.get("/en/workforce/competences/").content.decode()
    response = client.post("/en/workforce/competences/upload/", {"file": yaml_file(PROFILE_SET)})
    assert response.status_code == 302
    row = ProfileSet.objects.get()
    assert (row.version, row.published_by.code) == ("2027.1", "rijk-ministerie-van-binnenlandse-zaken")
    page = client.get("/en/workforce/competences/").content.decode()
    assert "KWIV profiles (2027.1)" in page and "Ministerie van Binnenlandse Zaken" in page and "B.3" in page
    before = snapshot()
    response = client.post("/en/workforce/competences/upload/", {"file": yaml_file(PROFILE_SET)})
    assert response.status_code == 409 and "Version 2027.1 is already published" in response.content.decode()
    assert snapshot() == before and ProfileSet.objects.count() == 1


def test_a_wrong_upload_is_refused_with_its_field_named_and_nothing_stored(client, accounts):
    client.login(username="programme", password=PASSWORD)
    before = snapshot()
    wrong = yaml.safe_load(yaml.safe_dump(PROFILE_SET))
    wrong["profiles"][1]["competences"][0]["code"] = "B.99"
    response = client.post("/en/workforce/competences/upload/", {"file": yaml_file(wrong)})
    assert response.status_code == 400
    assert (
        "profiles[1].competences[0].code: &#x27;B.99&#x27; is not an e-CF 4.0 competence" in response.content.decode()
    )
    response = client.post("/vakmanschap/competenties/uploaden/", {"file": yaml_file("version: [")})
    assert response.status_code == 400 and "profile_set: is geen geldige YAML" in response.content.decode()
    assert snapshot() == before and not ProfileSet.objects.exists()


@pytest.mark.parametrize("username", ["utrecht-editor", "utrecht-admin", "amsterdam-admin"])
def test_only_the_programme_publishes(client, accounts, username):
    client.login(username=username, password=PASSWORD)
    assert client.post("/en/workforce/competences/upload/", {"file": yaml_file(PROFILE_SET)}).status_code == 403
    assert not ProfileSet.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, register):
    response = client.post("/vakmanschap/competenties/uploaden/", {"file": yaml_file(PROFILE_SET)})
    assert response.status_code == 302 and "/aanmelden/" in response["Location"]
    assert not ProfileSet.objects.exists()


def test_the_api_gives_the_competences_archetypes_and_job_profiles(client, register):
    body = client.get("/api/v1/competences").json()
    assert (body["version"], len(body["competences"]), len(body["areas"])) == ("4.0", 41, 5)
    assert body["competences"][0] == {"code": "A.1", "area": "A", "name": "IS and Business Strategy Alignment",
                                      "levels": [4, 5]}  # fmt: skip
    assert body["areas"][3]["name"] == {"nl": "Mogelijk maken", "en": "Enable"}
    body = client.get("/api/v1/competence-archetypes").json()
    first = body["archetypes"][0]
    assert (first["code"], first["name"]["nl"]) == ("ai-literacy", "AI-geletterdheid")
    assert {"code": "A.7", "level": 3} in first["competences"] and body["status"]["en"].startswith("The programme's")
    body = client.get("/api/v1/job-profiles").json()
    assert len(body["roleProfiles"]["profiles"]) == 30 and body["profileSets"] == []
    competences.publish(competences.load_profile_set(yaml.safe_dump(PROFILE_SET)),
                        Organisation.objects.get(code="rijk-ministerie-van-binnenlandse-zaken"))  # fmt: skip
    published = client.get("/api/v1/job-profiles").json()["profileSets"][0]
    assert (published["version"], published["scale"], published["publishedBy"]) == (
        "2027.1", "e-cf", "rijk-ministerie-van-binnenlandse-zaken"
    )  # fmt: skip
    assert published["profiles"][1]["competences"] == [{"code": "B.1", "level": 3}, {"code": "B.3", "level": 2}]
