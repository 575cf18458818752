"""The demo's workforce reports (illustrative): accepted by the same checks as any report, and the national picture
they give shows a shortage, a core profile hired above the norm, and suppressed cells."""

import pytest

from thorbecke.demo.workforce_reports import seed_reports
from thorbecke.workforce import insight
from thorbecke.workforce.suppression import ALL

pytestmark = pytest.mark.django_db


def test_the_demo_reports_give_a_national_picture_with_shortages_and_suppressed_cells(register):
    said = seed_reports()
    assert "illustrative" in said[0] and said[0].startswith("18 organisations")
    year = insight.latest_year()
    cells = insight.cube(year)
    rows, total = insight.view(cells, "profile")
    assert total is not None and total.shown and all(row.shown for row in rows)
    # Central government's staff: about a third 55 or older, as the research found (32% in 2019).
    rijk = cells[(ALL, ALL, "rijk", ALL)]
    assert rijk.shown and 0.28 <= (rijk.figures.age_bands[4] + rijk.figures.age_bands[5]) / rijk.persons <= 0.36
    assert [row for row in insight.view(cells, "province", {"profile": "cwa-16458:11"})[0] if not row.shown]
    found = insight.shortages(year=year)
    assert found and found[0].to_fill[-1] > found[-1].to_fill[-1]
    assert any(s.flagged for s in insight.sourcing(cells))
    # Seeding again changes nothing: a resubmission replaces the year's lines.
    before = [(k, c.figures) for k, c in sorted(cells.items())]
    seed_reports()
    assert [(k, c.figures) for k, c in sorted(insight.cube(year).items())] == before
