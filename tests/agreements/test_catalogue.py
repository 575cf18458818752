import pytest
from django.conf import settings

from tests.conftest import PASSWORD, snapshot
from thorbecke.agreements.catalogue import import_agreements
from thorbecke.agreements.models import Agreement, Check, Kind, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(register):
    import_agreements(settings.SHARED_DATA_DIR)


def test_the_catalogue_comes_from_the_forum_and_gdi_lists(catalogue):
    standards = Agreement.objects.filter(kind=Kind.STANDARD)
    # 78 GDI standards and 55 from the Forum's decision tree, 11 of them in both (names matched without case)
    assert standards.count() == 78 + 55 - 11
    assert Agreement.objects.get(slug="standaard-rest-api-design-rules").status == Status.MANDATORY
    assert Agreement.objects.get(slug="standaard-json").status == Status.RECOMMENDED
    # The Forum file names standards without their list status: stored as "not in the source", not guessed.
    hsts = Agreement.objects.get(slug="standaard-https-en-hsts")
    assert (hsts.status, hsts.check_method) == (Status.UNKNOWN, Check.HTTPS_HSTS)
    blocks = set(Agreement.objects.filter(kind=Kind.BUILDING_BLOCK).values_list("name", flat=True))
    assert {"Digipoort", "DigiD", "Logboek Dataverwerkingen", "MijnOverheid/Berichtenbox"} <= blocks
    assert Agreement.objects.get(name="Logboek Dataverwerkingen").check_method == Check.PROCESSING_LOG
    assert all(a.versions.count() == 1 for a in Agreement.objects.all())
    assert import_agreements(settings.SHARED_DATA_DIR) == 0


def test_the_programme_changes_an_agreement_as_a_new_version(client, accounts, catalogue):
    client.login(username="programme", password=PASSWORD)
    url = "/afspraken/standaard-https-en-hsts/wijzigen/"
    data = {
        "version": "",
        "status": "mandatory",
        "applies_to": ["gemeente", "provincie"],
        "mandatory_from": "2027-01-01",
        "check_method": "https-hsts",
        "scope": "Websites",
        "url": "https://www.forumstandaardisatie.nl/open-standaarden/https-en-hsts",
        "note": "Op de pas-toe-of-leg-uitlijst.",
    }
    assert client.post(url, data).status_code == 302
    hsts = Agreement.objects.get(slug="standaard-https-en-hsts")
    assert (hsts.status, hsts.applies_to, str(hsts.mandatory_from)) == (
        "mandatory",
        ["gemeente", "provincie"],
        "2027-01-01",
    )
    latest = hsts.versions.first()
    assert (latest.number, latest.changed_by.username, latest.snapshot["status"]) == (2, "programme", "mandatory")
    page = client.get("/en/agreements/standaard-https-en-hsts/").content.decode()
    assert "Version 2" in page and "Op de pas-toe-of-leg-uitlijst." in page
    before = snapshot()
    bad = client.post(url, {**data, "status": "verplicht-ish", "note": "x"})
    assert bad.status_code == 400 and snapshot() == before


def test_the_api_lists_the_agreements_publicly(client, catalogue):
    mandatory = client.get("/api/v1/agreements?status=mandatory").json()
    assert {"REST-API Design Rules", "Digikoppeling"} <= {a["name"] for a in mandatory}
    assert client.get("/api/v1/agreements/standaard-tls").json()["check"] == "tls"
    assert client.get("/api/v1/agreements?status=sometimes").status_code == 400
    assert client.get("/api/v1/agreements/nope").status_code == 404
