"""The demo's workforce reports (illustrative): accepted by the same checks as any report, and the national picture
they give shows a shortage, a core profile hired above the norm, and suppressed cells."""

import pytest

from thorbecke.demo.workforce_reports import seed_reports
from thorbecke.workforce import insight, publication
from thorbecke.workforce.suppression import ALL

pytestmark = pytest.mark.django_db


def test_the_demo_reports_give_a_national_picture_with_shortages_and_suppressed_cells(register):
    said = seed_reports()
    assert "illustrative" in said[0] and said[0].startswith("18 organisations reported 2025")
    assert "not yet published" in said[1]
    year = insight.latest_year()
    assert year == 2025 and insight.years() == [2025], "this year's reports wait for the programme"
    cells = insight.cube(year)
    rows, total = insight.view(cells, "profile")
    assert total is not None and total.shown and all(row.shown for row in rows)
    # Government's IT staff: nearly a third 55 or older (central government: 32% in 2019, the research found). The
    # central government's own row hides it: its three ministries' older bands are hidden with the water boards'. Per
    # profile the older bands are hidden too: with 18 organisations, 36 of their age bands could otherwise be worked
    # out from the margins (decision 0057).
    assert total.share_55_plus is not None and 0.28 <= total.share_55_plus <= 0.36
    assert [row for row in insight.view(cells, "province", {"profile": "cwa-16458:11"})[0] if not row.shown]
    found = insight.shortages(year=year)
    assert found and found[0].most > found[-1].most
    assert any(s.flagged for s in insight.sourcing(cells))
    # Seeding again changes nothing: the published year stays as it is, this year's resubmission replaces its lines.
    before = [(k, c.figures) for k, c in sorted(cells.items())]
    assert len(seed_reports()) == 2
    assert [(k, c.figures) for k, c in sorted(insight.cube(year).items())] == before
    # This year, published, is a cube of its own.
    publication.publish(2026)
    assert insight.years() == [2026, 2025]
    assert insight.cube(2026)[(ALL, ALL, ALL, ALL)].figures.headcount > total.figures.headcount
