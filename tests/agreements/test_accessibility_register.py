"""The register of accessibility statements (toegankelijkheidsverklaring.nl, 30 November 2024) as the
Digitoegankelijk agreement's measurement: real organisations on the scorecard, gaps opened through comply or
explain, idempotent, and a malformed file changes nothing."""

from datetime import date

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.conftest import snapshot
from thorbecke.agreements.accessibility_register import REGISTER_FILE, import_register
from thorbecke.agreements.catalogue import import_agreements
from thorbecke.agreements.models import Agreement, Check, Gap, Measurement, Status
from thorbecke.agreements.scorecards import scorecards
from thorbecke.registry.sources import SourceError

pytestmark = pytest.mark.django_db
COLUMNS = ["ID", "Overheidsinstantie", "Naam", "Type", "Status", "Register URL", "Primair webadres",
           "Datum akkoord organisatie"]  # fmt: skip


@pytest.fixture
def catalogue(register):
    import_agreements(settings.SHARED_DATA_DIR)


def write(path, rows, columns=COLUMNS):
    path.write_text("\n".join(";".join(row) for row in [columns, *rows]) + "\n", encoding="utf-8")
    return path


def statement(pk, organisation, status, url, agreed="1-2-2024", kind="website"):
    return [pk, organisation, f"Site {pk}", kind, status, f"https://www.toegankelijkheidsverklaring.nl/register/{pk}",
            url, agreed]  # fmt: skip


def test_the_real_register_becomes_the_agreements_measurement(client, catalogue):
    figures = import_register(settings.SHARED_DATA_DIR / REGISTER_FILE)
    assert figures["statements"] == 6986
    assert figures["register organisations"] == 1104 and figures["without organisation"] == 3
    assert figures["matched by name"] + figures["matched by domain"] + figures["unmatched"] == 1104
    assert figures["matched by name"] > 400 and figures["organisations"] > 430
    # The catalogue marks the agreement as read from this register; its status comes from the Forum's list.
    agreement = Agreement.objects.get(check_method=Check.ACCESSIBILITY)
    assert agreement.name.startswith("Digitoegankelijk") and agreement.status == Status.MANDATORY
    assert agreement.status_source

    westland = Measurement.objects.get(organisation__code="gm1783", check_key="accessibility", current=True)
    assert timezone.localtime(westland.measured_at).date() == date(2024, 11, 30)
    assert westland.verdict == "fail"  # its statement: B - voldoet gedeeltelijk
    [site] = [s for s in westland.evidence["statements"] if s["url"] == "https://www.gemeentewestland.nl/"]
    assert site["status"] == "B" and site["register"].endswith("/register/96")
    assert westland.evidence["source_date"] == "2024-11-30"

    # The command writes nothing new the second time; comply or explain opens the gaps through its one path.
    call_command("import_accessibility_register")
    assert Measurement.objects.filter(check_key="accessibility").count() == figures["organisations"]
    assert Gap.objects.filter(agreement=agreement).count() == figures["fails"] > 0
    assert figures["meets"] == Measurement.objects.filter(check_key="accessibility", verdict="pass").count()
    rows = {row.organisation.code: row.lights["accessibility"] for row in scorecards()}
    assert rows["gm1783"] == "fails"
    page = client.get("/en/agreements/organisations/gm1783/").content.decode()
    assert "www.gemeentewestland.nl" in page and "partly compliant" in page and "30 November 2024" in page

    before = (Measurement.objects.count(), Gap.objects.count(), agreement.versions.count())
    assert import_register(settings.SHARED_DATA_DIR / REGISTER_FILE) == figures
    assert (Measurement.objects.count(), Gap.objects.count(), agreement.versions.count()) == before


def test_verdicts_follow_the_statuses_and_the_command_reports_figures(catalogue, tmp_path, capsys):
    path = write(tmp_path / "register_2024-11-30.csv", [
        statement("1", "Gemeente Utrecht", "A - Voldoet volledig", "https://www.utrecht.nl/"),
        statement("2", "Gemeente Utrecht", "A - voldoet volledig", ""),
        statement("3", "Gemeente Amsterdam", "A - Voldoet volledig", "https://www.amsterdam.nl/"),
        statement("4", "Gemeente Amsterdam", "C - eerste maatregelen genomen", "https://data.amsterdam.nl/"),
        statement("5", "Stichting Nergens", "D - voldoet niet", "https://nergens.example/"),
        statement("6", "", "D - voldoet niet", ""),  # the real register has three statements without one
    ])  # fmt: skip
    call_command("import_accessibility_register", "--file", str(path))
    out = capsys.readouterr().out
    assert "6 statements of 3 organisations" in out and "2 matched (2 by name, 0 by website)" in out
    assert "1 not matched" in out
    verdicts = dict(Measurement.objects.filter(check_key="accessibility").values_list("organisation__code", "verdict"))
    assert verdicts == {"gm0344": "pass", "gm0363": "fail"}
    [problem] = Measurement.objects.get(organisation__code="gm0363", check_key="accessibility").problems
    assert "data.amsterdam.nl" in problem and "C" in problem


@pytest.mark.parametrize(
    ("columns", "row", "where"),
    [
        ([c for c in COLUMNS if c != "Status"], None, "row 1, field 'Status'"),
        (COLUMNS, statement("9", "Gemeente Utrecht", "E - onbekend", ""), "row 3, field 'Status'"),
        (COLUMNS, statement("9", "Gemeente Utrecht", "A - voldoet volledig", "", agreed="31-2-2024"),
         "row 3, field 'Datum akkoord organisatie'"),
        (COLUMNS, statement("9", "Gemeente Utrecht", "A - voldoet volledig", "", kind="brochure"),
         "row 3, field 'Type'"),
    ],
)  # fmt: skip
def test_a_malformed_register_names_file_row_and_field_and_changes_nothing(catalogue, tmp_path, columns, row, where):
    good = statement("1", "Gemeente Amsterdam", "D - voldoet niet", "https://www.amsterdam.nl/")
    rows = [good] if row is None else [good, row]
    if row is None:
        rows = [[value for column, value in zip(COLUMNS, good, strict=True) if column in columns]]
    path = write(tmp_path / "register_2024-11-30.csv", rows, columns)
    before = (snapshot(), list(Measurement.objects.values_list("pk", flat=True)))
    with pytest.raises(SourceError) as raised:
        import_register(path)
    assert str(path) in str(raised.value) and where in str(raised.value)
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_accessibility_register", "--file", str(path))
    assert (snapshot(), list(Measurement.objects.values_list("pk", flat=True))) == before


def test_a_register_without_a_date_in_its_name_is_refused(catalogue, tmp_path):
    path = write(tmp_path / "register.csv", [statement("1", "Gemeente Utrecht", "A - voldoet volledig", "")])
    with pytest.raises(SourceError, match="file name"):
        import_register(path)
