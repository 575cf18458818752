import pytest
from django.conf import settings

from tests.conftest import PASSWORD, snapshot
from thorbecke.agreements.catalogue import ListsError, import_agreements
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
    hsts = Agreement.objects.get(slug="standaard-https-en-hsts")
    assert (hsts.status, hsts.check_method) == (Status.MANDATORY, Check.HTTPS_HSTS)
    blocks = set(Agreement.objects.filter(kind=Kind.BUILDING_BLOCK).values_list("name", flat=True))
    assert {"Digipoort", "DigiD", "Logboek Dataverwerkingen", "MijnOverheid/Berichtenbox"} <= blocks
    assert Agreement.objects.get(name="Logboek Dataverwerkingen").check_method == Check.PROCESSING_LOG
    assert all(a.versions.count() == 1 for a in Agreement.objects.all())
    assert import_agreements(settings.SHARED_DATA_DIR) == 0


MEASURED = [
    "standaard-https-en-hsts",
    "standaard-tls",
    "standaard-dnssec",
    "standaard-spf",
    "standaard-dkim",
    "standaard-dmarc",
    "standaard-security-txt",
    "standaard-digitoegankelijk-en-301-549-met-wcag-2-1",
    "standaard-rest-api-design-rules",
]


def test_every_status_has_a_source_and_a_date(client, catalogue):
    for slug in MEASURED:
        agreement = Agreement.objects.get(slug=slug)
        assert agreement.status == Status.MANDATORY, slug
        assert agreement.status_source.startswith("https://") and agreement.status_date[:2] == "20", slug
        assert "gemeente" in agreement.applies_to, slug
    # Every status a source gives carries that source and its date; the rest say no source has one.
    known = Agreement.objects.exclude(status=Status.UNKNOWN)
    assert not known.filter(status_source="").exists() and not known.filter(status_date="").exists()
    assert not Agreement.objects.filter(status=Status.UNKNOWN).exclude(status_source="").exists()
    # No source gives a status for 31 of the 149 agreements (most of them building blocks).
    assert Agreement.objects.filter(status=Status.UNKNOWN).count() == 31
    # A standard the Forum moved to its archive is off the lists, and that too is a status with a source.
    saml = Agreement.objects.get(slug="standaard-saml")
    assert (saml.status, saml.applies_to, saml.status_date) == (Status.NONE, [], "2023-09-21")
    assert saml.status_source == "https://www.forumstandaardisatie.nl/open-standaarden/saml"
    assert Agreement.objects.get(slug="standaard-json").status_source.startswith("gdi_gegevensuitwisseling")
    for url, words in [("/afspraken/", "Bron van de status"), ("/en/agreements/", "Source of the status")]:
        page = client.get(f"{url}standaard-dmarc/").content.decode()
        assert words in page and "2018-05-24" in page


def test_an_unedited_status_follows_the_sources_and_an_edited_one_stays(register, tmp_path):
    import_agreements(settings.SHARED_DATA_DIR)
    dmarc = Agreement.objects.get(slug="standaard-dmarc")
    Agreement.objects.filter(pk=dmarc.pk).update(status=Status.UNKNOWN, status_source="", status_date="")
    assert import_agreements(settings.SHARED_DATA_DIR) == 0
    dmarc.refresh_from_db()
    assert (dmarc.status, dmarc.status_date, dmarc.versions.count()) == (Status.MANDATORY, "2018-05-24", 2)
    before = snapshot()
    assert import_agreements(settings.SHARED_DATA_DIR) == 0 and snapshot() == before


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (
            "{name: DMARC, status: verplicht-ish, applies_to: [gemeente], source: 'https://x.nl', date: '2018'}",
            "status",
        ),
        ("{name: DMARC, status: verplicht, applies_to: [dorp], source: 'https://x.nl', date: '2018'}", "applies_to"),
        ("{name: DMARC, status: verplicht, applies_to: [gemeente], source: 'ftp://x', date: '2018'}", "source"),
        ("{name: DMARC, status: verplicht, applies_to: [gemeente], source: 'https://x.nl', date: '24-5-2018'}", "date"),
        # A standard on no list obliges no one.
        ("{name: DMARC, status: geen, applies_to: [gemeente], source: 'https://x.nl', date: '2018'}", "applies_to"),
    ],
)
def test_a_malformed_lists_file_names_row_and_field_and_changes_nothing(register, tmp_path, entry, field):
    good = "{name: TLS, status: verplicht, applies_to: [gemeente], source: 'https://x.nl', date: '2017'}"
    bad = tmp_path / "lijsten.yaml"
    bad.write_text(f"standards:\n  - {good}\n  - {entry}\n", encoding="utf-8")
    before = snapshot()
    with pytest.raises(ListsError, match=rf"lijsten.yaml, row 2, field {field}:"):
        import_agreements(settings.SHARED_DATA_DIR, lists=bad)
    assert snapshot() == before and not Agreement.objects.exists()


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
    mandatory = client.get("/api/v1/agreements?status=mandatory&pageSize=100").json()["results"]
    assert {"REST-API Design Rules", "Digikoppeling"} <= {a["name"] for a in mandatory}
    assert client.get("/api/v1/agreements/standaard-tls").json()["check"] == "tls"
    assert client.get("/api/v1/agreements?status=sometimes").status_code == 400
    assert client.get("/api/v1/agreements/nope").status_code == 404
