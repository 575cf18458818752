"""The course pages in both languages, their API, the programme's upload, and AI literacy: who sees and records
what; a wrong upload or record is refused with its field named, keeps what was typed, and changes nothing."""

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import PASSWORD, snapshot
from tests.workforce.test_ai_literacy import algorithm
from tests.workforce.test_courses import REPOSITORY
from thorbecke.registry.models import Organisation
from thorbecke.workforce import ai_literacy, courses
from thorbecke.workforce.models import AiLiteracyRecord, Course

pytestmark = pytest.mark.django_db


def yaml_file(content: object) -> SimpleUploadedFile:
    text = content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True)
    return SimpleUploadedFile("courses.yaml", text.encode(), content_type="application/yaml")


@pytest.fixture
def catalogue(register):
    courses.load_repository_courses()


def test_the_search_page_lists_the_real_courses_with_unknowns_shown_as_such(client, catalogue):
    page = client.get("/en/workforce/courses/").content.decode()
    assert "12 courses." in page and "National AI course" in page and "Format: not known" in page
    assert "€ 0" in page and "Teaches (classified by the programme): D.7 e-2" in page
    dutch = client.get("/vakmanschap/opleidingen/").content.decode()
    assert "12 opleidingen." in dutch and "Nationale AI-cursus" in dutch and "niet bekend" in dutch
    assert "Controleer en bewaar" not in dutch  # the upload is the programme's


def test_the_filters_find_what_they_ask_for(client, catalogue):
    page = client.get("/en/workforce/courses/?competentie=D.7&niveau=3").content.decode()
    assert "1 course." in page and "Government Data Science Programme" in page
    page = client.get("/en/workforce/courses/?thema=ai-literacy&vorm=webinar").content.decode()
    assert "1 course." in page and "GenAI" in page
    page = client.get("/en/workforce/courses/?maxkosten=10").content.decode()
    assert "1 course." in page and "National AI course" in page
    page = client.get("/en/workforce/courses/?vanaf=2026-01-01").content.decode()
    assert "1 course." in page and "Winter course AI" in page
    page = client.get("/en/workforce/courses/?taal=nl&q=maand").content.decode()
    assert "1 course." in page and "Month of Digital Fitness" in page


def test_a_course_is_found_for_a_gap(client, catalogue):
    """What a team lacks of AI literacy (A.7 at e-3) and a job profile, as another page links to them."""
    page = client.get("/en/workforce/courses/?thema=ai-literacy&tekort=A.7").content.decode()
    assert "For what is lacking: 3 courses." in page and "Closes: A.7 e-3." in page
    assert "Winter course AI" in page and "DGABD curriculum" in page and "National AI course" not in page
    page = client.get("/vakmanschap/opleidingen/?profiel=cwa-16458:27").content.decode()
    assert "Voor het functieprofiel Data Scientist (cwa-16458 27): 1 opleiding." in page
    assert "Bereidt voor op dit functieprofiel." in page


def test_a_wrong_filter_is_refused_with_its_field_named_and_keeps_what_was_typed(client, catalogue):
    response = client.get("/en/workforce/courses/?competentie=Z.1&q=data&maxkosten=veel")
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_competentie">Competence (e-CF)</a>' in page and 'href="#id_maxkosten">' in page
    assert 'value="data"' in page


def test_a_course_page_says_what_is_known_and_who_classified_it(client, catalogue):
    found = Course.objects.get(code="rijks-data-science-programma")
    page = client.get(f"/en/workforce/courses/{found.pk}/").content.decode()
    assert "Classified by the programme" in page and "Data Science and Analytics" in page and "e-3" in page
    assert "3 September 2018" in page and "1 or 2 years" in page and "Data Scientist" in page
    dutch = client.get(f"/vakmanschap/opleidingen/{found.pk}/").content.decode()
    assert "Ingedeeld door het programma" in dutch and "Werken en leren (traineeship)" in dutch
    assert "niet bekend" in dutch  # its language
    assert client.get("/en/workforce/courses/999999/").status_code == 404


def test_the_learning_paths_page_states_what_stays_uncovered(client, catalogue):
    page = client.get("/en/workforce/learning-paths/").content.decode()
    ai = page[page.index('id="ai-literacy"') : page.index('id="digital-leadership"')]
    assert ai.index("National AI course") < ai.index("Winter course AI")
    assert "Every competence of this archetype is covered." in ai
    data = page[page.index('id="data"') : page.index('id="information-security"')]
    assert "Not covered by any course" in data and "D.10" in data and "A.5" in data
    dutch = client.get("/vakmanschap/leerpaden/").content.decode()
    assert "Door geen opleiding gedekt" in dutch


def test_the_programme_uploads_a_course_list(client, accounts):
    client.login(username="programme", password=PASSWORD)
    response = client.post("/en/workforce/courses/upload/", {"file": yaml_file(REPOSITORY)})
    assert response.status_code == 302 and Course.objects.count() == 12
    page = client.get("/en/workforce/courses/").content.decode()
    assert "The course list is saved: 12 added, 0 replaced." in page


def test_a_wrong_upload_is_refused_with_its_field_named_and_nothing_stored(client, accounts):
    client.login(username="programme", password=PASSWORD)
    wrong = yaml.safe_load(yaml.safe_dump(REPOSITORY))
    wrong["courses"][11]["competences"][0]["level"] = 1  # D.7 starts at e-2
    before = snapshot()
    response = client.post("/vakmanschap/opleidingen/uploaden/", {"file": yaml_file(wrong)})
    page = response.content.decode()
    assert response.status_code == 400 and "courses[11].competences[0].level" in page
    assert "is geen niveau van deze competentie" in page
    assert snapshot() == before and not Course.objects.exists()


@pytest.mark.parametrize("username", ["utrecht-editor", "utrecht-admin"])
def test_only_the_programme_uploads(client, accounts, username):
    client.login(username=username, password=PASSWORD)
    assert client.post("/en/workforce/courses/upload/", {"file": yaml_file(REPOSITORY)}).status_code == 403
    assert not Course.objects.exists()


@pytest.fixture
def deploying(catalogue, accounts):
    return algorithm("gm0344", "Parkeerscan"), algorithm("gm0363", "Afvalroutes")


def record_form(**values: object) -> dict:
    return {"measured_on": "2026-11-01", "staff_operating": "20", "staff_trained": "20", "measure": "Workshop"} | values


def test_an_organisation_records_its_ai_literacy_and_sees_it_per_algorithm(client, deploying):
    client.login(username="utrecht-editor", password=PASSWORD)
    page = client.get("/en/workforce/ai-literacy/").content.decode()
    assert "Article 4" in page or "article 4" in page
    assert "Parkeerscan" in page and "not recorded" in page and "Afvalroutes" not in page
    response = client.post("/en/workforce/ai-literacy/record/", record_form(staff_trained="12"))
    assert response.status_code == 302
    page = client.get("/en/workforce/ai-literacy/").content.decode()
    assert "partly covered" in page and "12 of 20 (on 1 November 2026)" in page
    assert "National: organisations deploying AI" not in page  # the programme's


def test_a_wrong_record_is_refused_with_its_field_named_keeps_what_was_typed_and_stores_nothing(client, deploying):
    client.login(username="utrecht-editor", password=PASSWORD)
    before = snapshot()
    response = client.post("/vakmanschap/ai-geletterdheid/vastleggen/", record_form(staff_trained="21"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_staff_trained">Van wie een training AI-geletterdheid heeft afgerond</a>' in page
    assert "moet tussen 0 en het aantal medewerkers" in page and 'value="21"' in page
    response = client.post("/en/workforce/ai-literacy/record/", record_form(algorithms=[deploying[1].pk]))
    page = response.content.decode()
    assert response.status_code == 400 and "For which algorithms in use</a>: Select a valid choice." in page
    assert snapshot() == before and not AiLiteracyRecord.objects.exists()


def test_only_its_own_staff_and_the_programme_see_a_record(client, deploying):
    ai_literacy.record(Organisation.objects.get(code="gm0344"), measured_on=__import__("datetime").date(2026, 11, 1),
                       staff_operating=7, staff_trained=3, measure="Geheime maatregel")  # fmt: skip
    client.login(username="amsterdam-editor", password=PASSWORD)
    page = client.get("/en/workforce/ai-literacy/").content.decode()
    assert "Geheime maatregel" not in page and "Afvalroutes" in page
    assert client.get("/api/v1/ai-literacy").json()["organisations"][0]["organisation"] == "gm0363"
    client.logout()
    assert client.get("/en/workforce/ai-literacy/").status_code == 302
    assert client.get("/api/v1/ai-literacy").status_code == 401
    client.login(username="programme", password=PASSWORD)
    page = client.get("/en/workforce/ai-literacy/").content.decode()
    assert "National: organisations deploying AI" in page
    body = client.get("/api/v1/ai-literacy").json()
    assert body["national"] == {"deploying": 2, "covered": 0, "partly": 1, "notRecorded": 1}
    utrecht = next(o for o in body["organisations"] if o["organisation"] == "gm0344")
    # Another organisation's algorithms by number only: one may be a concept, not public.
    assert (utrecht["state"], utrecht["algorithmsInUse"], utrecht["algorithms"]) == ("partly", 1, [])
    client.login(username="utrecht-viewer", password=PASSWORD)
    assert client.get("/api/v1/ai-literacy").json()["organisations"][0]["algorithms"][0] | {"algorithm": ""} == {
        "algorithm": "", "name": "Parkeerscan", "state": "partly", "staffOperating": 7, "staffTrained": 3,
        "measuredOn": "2026-11-01"}  # fmt: skip


def test_the_api_searches_gets_a_course_and_a_learning_path(client, catalogue):
    body = client.get("/api/v1/courses?competence=D.7&level=3").json()
    assert body["count"] == 1 and body["results"][0]["code"] == "rijks-data-science-programma"
    entry = body["results"][0]
    assert (entry["classifiedBy"], entry["durationHours"], entry["language"], entry["jobProfiles"]) == (
        "programme", None, None, ["cwa-16458:27"])  # fmt: skip
    assert client.get(f"/api/v1/courses/{entry['id']}").json()["runs"] == [
        {"startsOn": "2018-09-03", "endsOn": None, "place": ""}]  # fmt: skip
    assert client.get("/api/v1/courses?profile=cwa-16458:27").json()["count"] == 1
    assert client.get("/api/v1/courses?maxCost=0").json()["results"][0]["code"] == "nationale-ai-cursus"
    refused = client.get("/api/v1/courses?competence=Z.1")
    assert refused.status_code == 400 and refused.json()["invalidParams"][0]["name"] == "competence"
    assert client.get("/api/v1/courses?profile=nope:1").status_code == 404
    assert client.get("/api/v1/courses?startsAfter=2026-01-01").json()["count"] == 1
    assert client.get("/api/v1/courses?startsAfter=0").status_code == 400
    assert client.get("/api/v1/courses?startsAfter=2026-13-01").status_code == 400
    assert client.get("/api/v1/courses/999999").status_code == 404
    path = client.get("/api/v1/learning-paths/data").json()
    assert [s["closes"] for s in path["steps"]] == [[{"code": "D.7", "level": 3}]]
    assert path["uncovered"] == [{"code": "D.10", "level": 3}, {"code": "A.5", "level": 3}]
    assert client.get("/api/v1/learning-paths/astrology").status_code == 404
