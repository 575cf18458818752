"""An organisation's workforce report: checked whole, refused with its field named, stored at once, replaced whole
by a resubmission; and the national picture, shortages and sourcing built from the protected cube."""

import pytest

from thorbecke.registry.models import Organisation
from thorbecke.workforce import insight, publication, reports
from thorbecke.workforce.competences import ModelError
from thorbecke.workforce.models import CoreProfile, WorkforceReport, WorkforceReportLine
from thorbecke.workforce.suppression import ALL

pytestmark = pytest.mark.django_db
YEAR = 2026


def line(code: str = "6", level: int = 3, headcount: int = 10, **more: object) -> dict:
    """A consistent line: the persons all 35 to 44, nobody hired, no vacancies, no outflow, unless told."""
    found = {name: 0 for name in reports.FIELDS}
    found.update(scheme="cwa-16458", code=code, level=level, headcount=headcount, fte=str(headcount),
                 age35to44=headcount, externalFte="0")  # fmt: skip
    found.update(more)
    return found


def stored() -> list[tuple]:
    return list(WorkforceReportLine.objects.order_by("pk").values_list("report__organisation__code", "code",
                                                                     "headcount", "fte"))  # fmt: skip


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def test_a_report_is_stored_with_its_lines(register):
    utrecht = org("gm0344")
    report = reports.submit(utrecht, YEAR, [line("6", 3, 12, age35to44=8, age55to64=4, fte="10.5", outflowYear2=1)])
    assert (report.organisation, report.year) == (utrecht, YEAR)
    (stored_line,) = report.lines.all()
    assert (stored_line.headcount, str(stored_line.fte), stored_line.age_55_64, stored_line.outflow_2) == (
        12, "10.50", 4, 1,
    )  # fmt: skip
    assert reports.as_fields(stored_line)["age55to64"] == 4


def test_a_resubmission_replaces_the_years_lines(register):
    utrecht = org("gm0344")
    reports.submit(utrecht, YEAR, [line("6"), line("12")])
    reports.submit(utrecht, YEAR, [line("27", headcount=3)])
    assert WorkforceReport.objects.count() == 1
    assert stored() == [("gm0344", "27", 3, 3)]


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([line(), line(headcount=-1)], "lines[1].headcount"),
        ([line(age35to44=9, age55to64=-1)], "lines[0].age55to64"),
        ([line(headcount=10, age35to44=7, age55to64=2)], "lines[0].age65plus"),  # 9 in the bands, 10 persons
        ([line(externalHeadcount=11)], "lines[0].externalHeadcount"),
        ([line(fte="11")], "lines[0].fte"),
        ([line(externalFte="10.01")], "lines[0].externalFte"),
        ([line(vacancies=2, vacanciesOver90Days=3)], "lines[0].vacanciesOver90Days"),
        ([line(outflowYear1=4, outflowYear2=4, outflowYear3=3)], "lines[0].outflowYear3"),  # 11 of 10
        ([line(code="99")], "lines[0].code"),
        ([line(scheme="kwiv-2099")], "lines[0].scheme"),
        ([line(level=6)], "lines[0].level"),
        ([line(level=True)], "lines[0].level"),
        ([line(), line()], "lines[1].level"),  # the same profile and level twice
        ([line(vacancies="3.5")], "lines[0].vacancies"),
        ([line(fte="1.234")], "lines[0].fte"),
        ([{**line(), "salary": 1}], "lines[0].salary"),
        ([{k: v for k, v in line().items() if k != "outflowYear5"}], "lines[0].outflowYear5"),
        (["not a line"], "lines[0]"),
        ([], "lines"),
        ("lines", "lines"),
    ],
)
def test_a_wrong_report_is_refused_with_its_field_named_and_nothing_changes(register, lines, field):
    utrecht = org("gm0344")
    reports.submit(utrecht, YEAR, [line("6")])
    before = stored()
    with pytest.raises(ModelError) as refused:
        reports.submit(utrecht, YEAR, lines)
    assert refused.value.field == field
    assert stored() == before


def test_the_boundaries_themselves_are_accepted(register):
    # All staff external, all vacancies long-open, all staff leaving within five years, fte equal to headcount.
    reports.submit(org("gm0344"), YEAR, [line(externalHeadcount=10, externalFte="10", vacancies=2,
                                              vacanciesOver90Days=2, outflowYear1=5, outflowYear5=5)])  # fmt: skip
    assert WorkforceReportLine.objects.get().external_headcount == 10


def test_a_wrong_year_is_refused(register):
    with pytest.raises(ModelError) as refused:
        reports.submit(org("gm0344"), 1999, [line()])
    assert refused.value.field == "year"


def test_a_csv_upload_is_read_by_its_header_and_refused_by_row_and_column(register):
    header = reports.template_csv()
    assert header.startswith("scheme,code,level,headcount,fte,ageUnder25")
    row = ",".join(str(line(headcount=4)[name]) for name in reports.FIELDS)
    lines = reports.read_csv(header + row + "\r\n")
    reports.check_csv(YEAR, lines)
    assert reports.check(YEAR, lines)[1][0].counts["headcount"] == 4
    bad = row.replace("cwa-16458,6,3,4,4,0,0,4", "cwa-16458,6,3,4,4,0,0,5")
    with pytest.raises(ModelError) as refused:
        reports.check_csv(YEAR, reports.read_csv(header + row + "\r\n" + bad.replace(",6,", ",12,") + "\r\n"))
    # Outside a request the hub speaks Dutch.
    assert "Rij 3, kolom age65plus: De leeftijdsklassen tellen op tot 5, niet tot het aantal personen 4." in str(
        refused.value
    )
    with pytest.raises(ModelError) as refused:
        reports.read_csv("scheme,code\r\ncwa-16458,6\r\n")
    assert refused.value.field == "file" and "kolom level ontbreekt" in str(refused.value)


# The national picture: six organisations in three layers (hand-counted below).
#   Developer (6) at e-3: Utrecht 4, Amersfoort 4, Rotterdam 4 (municipalities); province Utrecht 2; BZK 6, Logius 6.
#   Data Scientist (27) at e-3: BZK 3, Logius 2: two organisations, so hidden.
def national() -> None:
    """Six organisations' reports of YEAR, published; once per database."""
    if publication.closed(YEAR) is not None:
        return

    def developers(n: int, external: int = 0, vacancies: int = 0, long: int = 0, outflow: int = 0) -> dict:
        return line("6", 3, n, externalHeadcount=external, externalFte=str(external), vacancies=vacancies,
                    vacanciesOver90Days=long, outflowYear1=outflow, age35to44=n - 1, age55to64=1)  # fmt: skip

    reports.submit(org("gm0344"), YEAR, [developers(4, external=1, vacancies=2, long=1, outflow=1)])
    reports.submit(org("gm0307"), YEAR, [developers(4, vacancies=1)])
    reports.submit(org("gm0599"), YEAR, [developers(4, external=2)])
    reports.submit(org("pv26"), YEAR, [developers(2)])
    bzk, logius = org("rijk-ministerie-van-binnenlandse-zaken"), org("rijk-logius")
    reports.submit(bzk, YEAR, [developers(6, vacancies=3, long=3), line("27", 3, 3, vacancies=1)])
    reports.submit(logius, YEAR, [developers(6, external=3, outflow=2), line("27", 3, 2)])
    publication.publish(YEAR)


def test_the_views_are_slices_of_the_one_protected_cube(register):
    national()
    cells = insight.cube(YEAR)
    rows, total = insight.view(cells, "profile")
    by_code = {row.key[0]: row for row in rows}
    developer = by_code["cwa-16458:6"]
    assert developer.shown and developer.figures.headcount == 26
    assert developer.figures.vacancies == 6 and developer.figures.vacancies_long == 4
    assert developer.share_external == pytest.approx(6 / 26)
    assert not by_code["cwa-16458:27"].shown and by_code["cwa-16458:27"].figures.headcount == 0
    # The whole country (31) less the developers (26) would give the hidden 5 away: with no other shown profile to
    # hide beside them, the total is hidden instead.
    assert total is not None and not total.shown
    layers, _total = insight.view(cells, "layer")
    shown = {row.key[2]: row.figures.headcount for row in layers if row.shown}
    # Municipalities 12 from three; the province (2, one organisation) is hidden, and with it the next smallest.
    assert shown == {"gemeente": 12}
    provinces, _total = insight.view(cells, "province", {"profile": "cwa-16458:6"})
    # Utrecht: 4 + 4 + 2 from three organisations, shown; Rotterdam alone and the two central ones are hidden, and
    # together (16 persons from three organisations) they are a safe rest of the profile's total.
    assert {row.key[3]: row.shown for row in provinces} == {"pv26": True, "pv28": False, "": False}
    assert next(row for row in provinces if row.key[3] == "pv26").figures.headcount == 10


def test_an_organisation_sees_its_own_figures_beside_the_national_ones(register):
    national()
    utrecht = org("gm0344")
    rows, _total = insight.view(insight.cube(YEAR), "profile", own=insight.own_figures(utrecht, YEAR))
    developer = next(row for row in rows if row.key[0] == "cwa-16458:6")
    assert developer.own is not None and developer.own.headcount == 4 and developer.figures.headcount == 26


def test_shortages_add_open_vacancies_and_cumulative_outflow_and_rank_the_profiles(register):
    national()
    (developer,) = insight.shortages(year=YEAR)  # the data scientists are hidden
    # 6 open vacancies; outflow 1 (Utrecht) + 2 (Logius) in year 1, none after. Those 3 retiring persons from two
    # organisations are a hidden part, and each year's positions to fill would give them away: all hidden.
    assert developer.to_fill == (None, None, None, None, None)
    assert developer.most == 6  # ranked by what is shown: the open vacancies
    assert developer.hard_to_fill is True  # 4 of 6 open longer than 90 days
    own = insight.shortages(org("rijk-ministerie-van-binnenlandse-zaken"), YEAR)
    assert [(s.profile, s.to_fill[0]) for s in own] == [("cwa-16458:6", 3), ("cwa-16458:27", 1)]
    assert insight.shortages(org("gm0363"), YEAR) == []  # no report


def test_ranking_puts_most_positions_to_fill_first_and_long_open_vacancies_break_ties():
    one = insight.Shortage("a:1", "1", 10, 2, 0, (2, 3, 3, 3, 4))
    two = insight.Shortage("a:2", "2", 10, 4, 1, (4, 4, 4, 4, 4))
    three = insight.Shortage("a:3", "3", 10, 1, 0, (1, 2, 4, 6, 9))
    assert [s.profile for s in insight.rank([one, two, three])] == ["a:3", "a:2", "a:1"]


def test_a_core_profile_hired_above_the_roemernorm_is_flagged(register):
    national()
    CoreProfile.objects.create(scheme="cwa-16458", code="6", reason="Software is core to our services.")
    (developer, *_rest) = insight.sourcing(insight.cube(YEAR))
    assert developer.row.key[0] == "cwa-16458:6" and developer.core is not None
    assert developer.above_norm and developer.flagged  # 6 of 26 external: 23%, above 10%
    assert insight.ROEMERNORM == 0.10


def test_the_margin_is_the_cubes_all(register):
    national()
    cells = insight.cube(YEAR)
    assert (ALL, ALL, "gemeente", ALL) in cells
