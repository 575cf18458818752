import csv
import datetime as dt
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import shared_data_dir, snapshot
from thorbecke.registry import sources
from thorbecke.registry.importer import import_organisations
from thorbecke.registry.models import Domain, Organisation, OrganisationType
from thorbecke.registry.sources import SourceError

pytestmark = pytest.mark.django_db

TOOI_GEMEENTEN = "tooi_register_gemeenten_compleet_v4.jsonld.json"


@pytest.fixture
def data_dir(tmp_path):
    """A private copy of the source files that a test may change."""
    for name in (sources.ORGANISATIONS_FILE, *sources.TOOI_REGISTER_FILES, sources.DOMAINS_FILE):
        shutil.copy(shared_data_dir() / name, tmp_path / name)
    return tmp_path


def rewrite_list(data_dir, change):
    path = data_dir / sources.ORGANISATIONS_FILE
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)


def active(org_type):
    return Organisation.objects.filter(org_type=org_type, end_date__isnull=True).count()


def test_the_real_register_holds_every_current_organisation(register):
    assert active(OrganisationType.GEMEENTE) == 342
    assert active(OrganisationType.PROVINCIE) == 12
    assert active(OrganisationType.WATERSCHAP) == 21
    assert active(OrganisationType.OMGEVINGSDIENST) == 27
    assert active(OrganisationType.VEILIGHEIDSREGIO) == 25
    assert active(OrganisationType.MINISTERIE) == 12
    assert active(OrganisationType.HOOG_COLLEGE) == 6
    assert not Organisation.objects.filter(
        org_type=OrganisationType.GEMEENTE, end_date__isnull=True, province__isnull=True
    ).exists()


def test_identifiers_province_and_domains_are_taken_from_the_sources(register):
    amsterdam = Organisation.objects.get(code="gm0363")
    assert amsterdam.tooi_uri == "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
    assert amsterdam.register_code == "GM0363"
    assert amsterdam.province.code == "pv27"
    assert amsterdam.oin == ""
    assert "amsterdam.nl" in amsterdam.domains.values_list("name", flat=True)
    assert Domain.objects.get(name="denhaag.nl").organisation.code == "gm0518"
    assert Domain.objects.get(name="agv.nl").organisation.code == "ws0155"
    assert Domain.objects.get(name="rijksoverheid.nl").organisation.org_type == OrganisationType.MINISTERIE


def test_executive_agencies_hang_under_the_ministry_the_domain_list_names(register):
    tax = Organisation.objects.get(code="rijk-belastingdienst")
    assert tax.parent.name == "Ministerie van Financiën"
    assert Domain.objects.get(name="belastingdienst.nl").organisation == tax
    assert Organisation.objects.get(code="rijk-sociale-verzekeringsbank").parent.code == (
        "rijk-ministerie-van-sociale-zaken-en-werkgelegenheid"
    )


def test_history_from_the_tooi_register_links_ended_municipalities_to_their_successor(register):
    appingedam = Organisation.objects.get(code="gm0003")
    assert appingedam.end_date == dt.date(2020, 12, 31)
    assert appingedam.successor.code == "gm1979"  # Eemsdelta
    assert appingedam.current_successor().is_active


def test_running_the_importer_twice_changes_nothing(register, data_dir):
    before = snapshot()
    run = import_organisations(data_dir)
    assert (run.created, run.updated, run.ended) == (0, 0, 0)
    assert run.unchanged == Organisation.objects.count()
    assert snapshot() == before


def test_a_merger_in_a_newer_list_ends_the_old_municipalities_and_links_the_new_one(register, data_dir):
    merged = {"gm0344", "gm0307"}  # Utrecht and Amersfoort, merged in this invented newer list

    def merge(rows):
        template = next(r for r in rows if r["tooi_code"] == "gm0344")
        new = {
            **template,
            "tooi_code": "gm9001",
            "register_code": "GM9001",
            "name": "gemeente Eemstad",
            "name_excl_type": "Eemstad",
            "tooi_uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm9001",
        }
        return [r for r in rows if r["tooi_code"] not in merged] + [new]

    rewrite_list(data_dir, merge)
    register_path = data_dir / TOOI_GEMEENTEN
    nodes = json.loads(register_path.read_text())
    prov = "http://www.w3.org/ns/prov#"
    nodes.append(
        {
            "@id": "https://identifier.overheid.nl/tooi/id/gemeente/wzg_test",
            "@type": ["https://identifier.overheid.nl/tooi/def/ont/Samenvoeging"],
            prov + "generated": [{"@id": "https://identifier.overheid.nl/tooi/id/gemeente/gm9001"}],
            prov + "invalidated": [{"@id": f"https://identifier.overheid.nl/tooi/id/gemeente/{c}"} for c in merged],
        }
    )
    nodes.append(
        {
            "@id": "https://identifier.overheid.nl/tooi/id/gemeente/gm9001",
            "@type": ["https://identifier.overheid.nl/tooi/def/ont/Gemeente"],
            "https://identifier.overheid.nl/tooi/def/ont/organisatiecode": [{"@value": "gm9001"}],
        }
    )
    register_path.write_text(json.dumps(nodes))
    total = Organisation.objects.count()

    run = import_organisations(data_dir, today=dt.date(2027, 1, 1))

    assert (run.created, run.ended) == (1, 2)
    assert Organisation.objects.count() == total + 1  # nothing deleted
    for code in merged:
        old = Organisation.objects.get(code=code)
        assert old.end_date == dt.date(2027, 1, 1)
        assert old.successor.code == "gm9001"
    assert Domain.objects.get(name="utrecht.nl").organisation.code == "gm0344"
    assert active(OrganisationType.GEMEENTE) == 341


def test_an_organisation_missing_from_the_sources_is_ended_not_deleted(register, data_dir):
    rewrite_list(data_dir, lambda rows: [r for r in rows if r["tooi_code"] != "so0335"])
    run = import_organisations(data_dir, today=dt.date(2027, 1, 1))
    dcmr = Organisation.objects.get(code="so0335")
    assert run.ended == 1
    assert dcmr.end_date == dt.date(2027, 1, 1)
    assert dcmr.successor is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda rows: [{**r, "org_type": "dorp"} if i == 4 else r for i, r in enumerate(rows)],
            "row 6, field 'org_type'",
        ),
        (
            lambda rows: [{**r, "tooi_code": "gm12"} if i == 20 else r for i, r in enumerate(rows)],
            "row 22, field 'tooi_code'",
        ),
        (
            lambda rows: [{**r, "province_tooi_code": "pv99"} if r["tooi_code"] == "gm0363" else r for r in rows],
            "field 'province_tooi_code': province 'pv99' is not in the list",
        ),
        (lambda rows: [{**r, "name": ""} if r["tooi_code"] == "ws0155" else r for r in rows], "field 'name'"),
        (lambda rows: [*rows, rows[0]], "field 'tooi_code': 'pv22' appears twice"),
    ],
)
def test_a_bad_organisation_list_changes_nothing_and_names_file_row_and_field(register, data_dir, change, expected):
    rewrite_list(data_dir, change)
    before = snapshot()
    with pytest.raises(SourceError) as info:
        import_organisations(data_dir)
    assert sources.ORGANISATIONS_FILE in str(info.value)
    assert expected in str(info.value)
    assert snapshot() == before


def test_a_broken_tooi_file_changes_nothing(register, data_dir):
    (data_dir / TOOI_GEMEENTEN).write_text('[{"@id": "x"}, ')
    before = snapshot()
    with pytest.raises(SourceError, match=TOOI_GEMEENTEN):
        import_organisations(data_dir)
    assert snapshot() == before


def test_a_bad_end_date_in_the_tooi_register_is_located(register, data_dir):
    path = data_dir / TOOI_GEMEENTEN
    path.write_text(path.read_text().replace('"2020-12-31"', '"2020-13-31"', 1))
    with pytest.raises(SourceError, match=r"field 'einddatum': '2020-13-31' is not a date"):
        import_organisations(data_dir)


def test_a_missing_column_is_reported(register, data_dir):
    path = data_dir / sources.DOMAINS_FILE
    path.write_text(path.read_text().replace("Domain Name,", "Domain,", 1))
    with pytest.raises(SourceError, match="row 1, field 'Domain Name': column is missing"):
        import_organisations(data_dir)


def test_the_management_command_reports_the_error_and_that_nothing_was_imported(register, data_dir):
    (data_dir / sources.ORGANISATIONS_FILE).unlink()
    before = snapshot()
    with pytest.raises(
        CommandError, match=r"Nothing was imported\. .*nl_overheidsorganisaties_tooi\.csv.*cannot be read"
    ):
        call_command("import_organisations", "--data-dir", str(data_dir))
    assert snapshot() == before
