"""The workforce reports' pages and API: who sees and submits a report, refusals by field in the page's language,
and the national views, shortages and sourcing open to all with small cells hidden."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import PASSWORD
from tests.workforce.test_reports import YEAR, line, national, org, stored
from thorbecke.workforce import reports
from thorbecke.workforce.models import CoreProfile, WorkforceReport

pytestmark = pytest.mark.django_db


def csv_file(*lines: dict) -> SimpleUploadedFile:
    rows = [",".join(str(found[name]) for name in reports.FIELDS) for found in lines]
    text = reports.template_csv() + "\r\n".join(rows) + "\r\n"
    return SimpleUploadedFile("report.csv", text.encode(), content_type="text/csv")


def secret_report() -> WorkforceReport:
    """Utrecht's report, with counts nobody else may see: 1717 Test Specialists at e-2, and 1313 open vacancies."""
    found = WorkforceReport.objects.filter(organisation__code="gm0344", year=YEAR).first()
    return found or reports.submit(org("gm0344"), YEAR, [line("23", 2, 1717, vacancies=1313)])


def test_an_editor_uploads_the_years_report_and_sees_it(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    page = client.get("/en/workforce/reports/").content.decode()
    assert "Download the CSV template" in page and "No report yet." in page
    response = client.post("/en/workforce/reports/upload/", {"year": YEAR, "file": csv_file(line("6", 3, 12))})
    assert response.status_code == 302
    report = WorkforceReport.objects.get(organisation__code="gm0344")
    assert report.submitted_by.username == "utrecht-editor"
    page = client.get(response["Location"]).content.decode()
    assert "Workforce report of" in page and "6. Developer" in page
    template = client.get("/vakmanschap/rapportages/sjabloon.csv")
    assert template["Content-Type"].startswith("text/csv") and template.content.decode() == reports.template_csv()


def test_a_wrong_upload_is_refused_by_row_and_column_in_the_pages_language_and_changes_nothing(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    secret_report()
    before = stored()
    wrong = csv_file(line("6"), line("12", vacancies=1, vacanciesOver90Days=2))
    response = client.post("/vakmanschap/rapportages/uploaden/", {"year": YEAR, "file": wrong})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Rij 3, kolom vacanciesOver90Days" in page and "Meer vacatures die langer dan 90 dagen" in page
    assert f'value="{YEAR}"' in page  # what was typed is kept
    response = client.post("/en/workforce/reports/upload/", {"year": YEAR, "file": csv_file(line(headcount=-2))})
    assert response.status_code == 400 and "Row 2, column headcount: A count cannot be negative." in (
        response.content.decode()
    )
    assert stored() == before


def test_a_viewer_sees_the_report_but_may_not_submit(client, accounts):
    client.login(username="utrecht-viewer", password=PASSWORD)
    report = secret_report()
    assert "Check and submit" not in client.get("/en/workforce/reports/").content.decode()
    assert client.get(f"/en/workforce/reports/{report.pk}/").status_code == 200
    response = client.post("/en/workforce/reports/upload/", {"year": YEAR, "file": csv_file(line())})
    assert response.status_code == 403


def test_another_organisation_sees_no_report_but_its_own_and_the_programme_sees_all(client, accounts):
    report = secret_report()
    client.login(username="amsterdam-editor", password=PASSWORD)
    assert client.get(f"/en/workforce/reports/{report.pk}/").status_code == 404
    assert "Utrecht" not in client.get("/en/workforce/reports/").content.decode()
    client.logout()
    assert client.get(f"/en/workforce/reports/{report.pk}/").status_code == 302  # to sign in
    client.login(username="programme", password=PASSWORD)
    page = client.get("/en/workforce/reports/").content.decode()
    assert "Utrecht, 2026" in page
    assert "23" in client.get(f"/en/workforce/reports/{report.pk}/").content.decode()


def test_the_national_views_are_open_to_all_and_hide_small_cells(client, register):
    national()
    page = client.get("/en/workforce/insight/").content.decode()
    assert "6. Developer" in page and ">26<" in page
    assert "Hidden: too few persons or organisations" in page  # the data scientists
    assert "at least 5 persons from at least 3 organisations" in page
    dutch = client.get("/vakmanschap/inzicht/?by=province&profile=cwa-16458%3A6").content.decode()
    assert "Utrecht" in dutch and ">10<" in dutch and "Verborgen" in dutch


def test_a_reporting_organisation_sees_its_own_figures_beside_the_national_ones(client, accounts):
    national()
    client.login(username="utrecht-viewer", password=PASSWORD)
    page = client.get("/en/workforce/insight/").content.decode()
    assert "Your persons" in page and "own figures" in page


def test_the_shortage_and_sourcing_pages(client, accounts):
    national()
    page = client.get("/en/workforce/insight/shortages/").content.decode()
    assert "6. Developer" in page and "hard to fill" in page and "1 profile is left out" in page
    assert "Data Scientist" not in page
    # Each shortage leads to the courses for its profile.
    link = '<a class="utrecht-link" href="/en/workforce/courses/?profiel=cwa-16458%3A6">Courses for 6. Developer</a>'
    assert link in page
    client.login(username="programme", password=PASSWORD)
    response = client.post("/en/workforce/insight/sourcing/core/", {"profile": "cwa-16458:6", "reason": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not CoreProfile.objects.exists()
    response = client.post("/en/workforce/insight/sourcing/core/",
                           {"profile": "cwa-16458:6", "reason": "Our own software"})  # fmt: skip
    assert response.status_code == 302
    client.logout()
    page = client.get("/en/workforce/insight/sourcing/").content.decode()
    assert "Core, but hired above the norm" in page and "Our own software" in page and "23%" in page
    client.login(username="utrecht-admin", password=PASSWORD)
    response = client.post("/en/workforce/insight/sourcing/core/", {"remove": "cwa-16458:6"})
    assert response.status_code == 403 and CoreProfile.objects.count() == 1


def put(client, year: int, lines: list[dict]):
    return client.put(f"/api/v1/workforce-reports/{year}", json.dumps({"lines": lines}),
                      content_type="application/json")  # fmt: skip


def test_the_api_puts_and_reads_the_own_report(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    response = put(client, YEAR, [line("6", 3, 12, fte="10.5", age35to44=10, age55to64=2)])
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["organisation"], body["year"], body["lines"][0]["age55to64"]) == ("gm0344", YEAR, 2)
    listed = client.get("/api/v1/workforce-reports").json()
    assert [r["year"] for r in listed["reports"]] == [YEAR] and listed["reports"][0]["lines"][0]["fte"] == "10.50"


def test_the_api_refuses_a_wrong_report_with_the_field_named_and_changes_nothing(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    secret_report()
    before = stored()
    response = put(client, YEAR, [line(), line("12", headcount=5, age35to44=4, age55to64=-1, age65plus=2)])
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["invalidParams"][0]["name"] == "lines[1].age55to64"
    response = put(client, YEAR, [{"scheme": "cwa-16458"}])
    assert response.status_code == 400
    assert stored() == before


def test_the_api_keeps_reports_to_their_organisation(client, accounts):
    secret_report()
    assert client.get("/api/v1/workforce-reports").status_code == 401
    assert put(client, YEAR, [line()]).status_code == 401
    client.login(username="amsterdam-editor", password=PASSWORD)
    assert client.get("/api/v1/workforce-reports", {"organisation": "gm0344"}).status_code == 404
    assert client.get("/api/v1/workforce-reports").json()["reports"] == []
    client.login(username="utrecht-viewer", password=PASSWORD)
    assert put(client, YEAR, [line()]).status_code == 403
    client.login(username="programme", password=PASSWORD)
    found = client.get("/api/v1/workforce-reports", {"organisation": "gm0344"}).json()
    assert found["reports"][0]["lines"][0]["headcount"] == 1717


def test_the_insight_api_states_the_rule_and_nulls_hidden_cells(client, register):
    national()
    body = client.get("/api/v1/workforce-insight").json()
    assert body["rule"]["minPersons"] == 5 and body["rule"]["minOrganisations"] == 3
    assert body["rule"]["maxShareOfOneOrganisation"] == 0.8
    rows = {row["profile"]: row for row in body["rows"]}
    assert rows["cwa-16458:6"]["headcount"] == 26 and rows["cwa-16458:6"]["vacanciesOver90Days"] == 4
    assert rows["cwa-16458:27"]["shown"] is False and rows["cwa-16458:27"]["headcount"] is None
    assert body["total"]["shown"] is False and body["total"]["headcount"] is None
    by_layer = client.get("/api/v1/workforce-insight", {"by": "layer", "province": "pv26"}).json()
    assert {row["layer"]: row["shown"] for row in by_layer["rows"]} == {"gemeente": False, "provincie": False}
    assert client.get("/api/v1/workforce-insight", {"by": "person"}).status_code == 400


def test_the_shortages_api_gives_the_country_to_all_and_an_organisations_own_to_its_staff(client, accounts):
    national()
    body = client.get("/api/v1/workforce-shortages").json()
    assert [(p["profile"], p["positionsToFill"], p["hardToFill"]) for p in body["profiles"]] == [
        ("cwa-16458:6", [None, None, None, None, None], True)  # 3 retiring from two organisations: hidden
    ]
    assert "geen instroom" in body["assumption"]  # the API speaks Dutch unless asked otherwise
    assert client.get("/api/v1/workforce-shortages", {"organisation": "gm0344"}).status_code == 404
    client.login(username="utrecht-viewer", password=PASSWORD)
    own = client.get("/api/v1/workforce-shortages", {"organisation": "gm0344"}).json()
    assert own["organisation"] == "gm0344" and own["profiles"][0]["positionsToFill"] == [3, 3, 3, 3, 3]
    assert client.get("/api/v1/workforce-shortages", {"organisation": "gm0599"}).status_code == 404
