"""What staff read when handling a report: the place in words, a description in the list, a picker of
organisations to forward to with the place's own first, and a sign-in failure that says what is wrong."""

import re

import pytest

from tests.conftest import PASSWORD
from tests.registry.test_permissions import utrecht_report
from thorbecke.signals.models import StatusChange

pytestmark = pytest.mark.django_db


def options(page: str) -> list[tuple[str, str]]:
    select = page[
        page.index('id="id_forward-organisation"') : page.index("</select>", page.index("id_forward-organisation"))
    ]
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_report_page_says_the_place_in_words_with_every_layer(client, accounts):
    report = utrecht_report()
    client.login(username="utrecht-viewer", password=PASSWORD)
    page = client.get(f"/meldingen/{report.pk}/").content.decode()
    place = page[page.index('id="report-place"') : page.index("</dd>", page.index('id="report-place"'))]
    assert "In de gemeente Utrecht" in place
    assert "Gemeente: gemeente Utrecht" in place and "Provincie: provincie Utrecht" in place
    assert "Waterschap: " in place and "Stichtse Rijnlanden" in place
    english = client.get(f"/en/reports/{report.pk}/").content.decode()
    assert "In the municipality of Utrecht" in english and "Water board: " in english


def test_the_list_has_a_short_description_of_each_report(client, accounts):
    report = utrecht_report()
    report.description = "De container op de hoek is al een week vol. " * 10
    report.save()
    client.login(username="utrecht-viewer", password=PASSWORD)
    page = client.get("/meldingen/").content.decode()
    assert "De container op de hoek is al een week vol." in page
    assert report.description not in page  # truncated, the whole text is on the report's page
    assert '<th class="utrecht-table__header-cell" scope="col">Melding</th>' in page


def test_the_forward_picker_offers_the_places_organisations_first_then_all_by_type(client, accounts):
    report = utrecht_report()
    client.login(username="utrecht-editor", password=PASSWORD)
    page = client.get(f"/meldingen/{report.pk}/").content.decode()
    found = options(page)
    codes = [code for code, _name in found]
    # After the empty choice: the water board and the province of the Domplein; never Utrecht itself there.
    assert codes[0] == "" and codes[1:3] == ["ws0636", "pv26"], found[:4]
    assert found[1][1] == "waterschap Hoogheemraadschap De Stichtse Rijnlanden (waterschap op deze plaats)"
    assert 'label="Voorgesteld voor deze plek"' in page and 'label="Gemeente"' in page
    # Then every current organisation, by type in the register's order: municipalities first.
    assert found[3][0].startswith("gm") and "gm0363" in codes and len(codes) > 380 and codes.count("ws0636") == 1
    assert "data-filter-select" in page and 'aria-controls="id_forward-organisation"' in page


def test_an_unknown_organisation_is_refused_in_the_pages_language_and_changes_nothing(client, accounts):
    report = utrecht_report()
    client.login(username="utrecht-editor", password=PASSWORD)
    for url, words in (
        (f"/meldingen/{report.pk}/doorsturen/", "Kies een organisatie uit de lijst."),
        (f"/en/reports/{report.pk}/forward/", "Choose an organisation from the list."),
    ):
        response = client.post(url, {"forward-organisation": "ws9999", "forward-note": "Niet van ons."})
        page = response.content.decode()
        assert response.status_code == 400 and words in page
        assert "Niet van ons." in page
    report.refresh_from_db()
    assert report.organisation.code == "gm0344" and not StatusChange.objects.exists()


def test_only_the_organisation_holding_the_report_forwards_it(client, accounts):
    report = utrecht_report()
    client.login(username="amsterdam-editor", password=PASSWORD)
    url = f"/meldingen/{report.pk}/doorsturen/"
    assert client.post(url, {"forward-organisation": "gm0363", "forward-note": "Van ons."}).status_code == 403
    client.login(username="utrecht-viewer", password=PASSWORD)
    assert client.post(url, {"forward-organisation": "ws0636", "forward-note": "Sloot."}).status_code == 403
    report.refresh_from_db()
    assert report.organisation.code == "gm0344" and not StatusChange.objects.exists()


def test_a_failed_sign_in_says_the_user_name_or_password_is_wrong(client, accounts):
    for url, wrong, saved in (
        ("/aanmelden/", "De gebruikersnaam of het wachtwoord klopt niet.", "niets opgeslagen"),
        ("/en/sign-in/", "The user name or password is not right.", "Nothing was saved"),
    ):
        page = client.post(url, {"username": "utrecht-editor", "password": "wrong"}).content.decode()
        assert wrong in page and saved not in page
        assert 'value="utrecht-editor"' in page
