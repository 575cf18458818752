"""The public steering dashboard (issue 25 item 6): the priorities and their indicators, a page per priority with
each indicator's trend and its figures per type of organisation and per province, charts drawn by the hub with the
numbers in a table beside them and "no data" said as such; and the programme's "compute now"."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import PASSWORD
from tests.steering.test_indicators import _publish, computed_indicators
from thorbecke.steering import charts, definitions, periods
from thorbecke.steering.compute import compute
from thorbecke.steering.models import Indicator, Observation

CODE = "ai-algorithms-published"


def test_the_trend_runs_from_the_oldest_month_on_the_left_and_breaks_where_there_is_no_data():
    trend = charts.trend(
        [("2026-01", 0.25), ("2026-02", 0.5), ("2026-03", None), ("2026-04", 1.0), ("2026-05", 0.75)],
        "share",
        target=0.9,
    )
    assert trend.view_box == "0 0 480 200" and trend.top == 1.0
    xs = [float(p.x) for p in trend.points]
    assert xs == sorted(xs) and xs[0] == charts.LEFT and xs[-1] == charts.WIDTH - charts.RIGHT
    assert trend.points[2].y == "", "no data has no point, not a point at 0"
    assert len(trend.segments) == 2, "the line breaks at the month without data"
    base, top = float(trend.base_y), float(trend.top_y)
    assert float(trend.points[1].y) == pytest.approx((base + top) / 2), "50% of a share is half way up"
    assert float(trend.points[3].y) == top
    assert float(trend.target_y) == pytest.approx(base - 0.9 * (base - top))


def test_a_count_reads_against_a_round_top_and_a_lone_month_is_a_dot():
    assert charts.top_of([3, 17, None], "count") == 20
    assert charts.top_of([3, 17], "count", target=60) == 100
    assert charts.top_of([0, None], "mean") == 1.0
    assert charts.top_of([0.2], "share") == 1.0
    trend = charts.trend([("2026-01", 7.0)], "count")
    assert trend.segments == [] and trend.points[0].y


def test_bars_are_on_one_scale_from_zero_and_no_data_is_no_bar():
    bars = charts.bars([("a", "A", 10.0), ("b", "B", None), ("c", "C", 5.0)], "count", target=None)
    widths = [float(b.width) for b in bars.bars]
    assert widths[1] == 0 and bars.bars[1].value is None
    assert widths[0] == pytest.approx(2 * widths[2])
    assert bars.target_x == "" and bars.height == "78"
    with_target = charts.bars([("a", "A", 0.5)], "share", target=0.8)
    assert float(with_target.target_x) - charts.BAR_LABEL == pytest.approx(
        0.8 * (charts.WIDTH - charts.BAR_LABEL - charts.BAR_VALUE)
    )


def test_coordinates_are_never_localised():
    """In Dutch a number in a template gets a decimal comma; the geometry is made as strings beforehand."""
    with translation.override("nl"):
        trend = charts.trend([("2026-01", 1 / 3), ("2026-02", 2 / 3)], "share", target=0.55)
    assert "," not in trend.target_y and all("," not in p.y for p in trend.points)
    assert re.fullmatch(r"[\d.]+,[\d.]+ [\d.]+,[\d.]+", trend.segments[0])


@pytest.fixture
def figures(register):
    """Two months: last month no data anywhere, this month Utrecht's algorithms; a target set by the programme."""
    definitions.sync()
    Indicator.objects.filter(code=CODE).update(target=10, target_year=2030)
    this_month = periods.of(timezone.localdate())
    _publish("gm0344", "Eerste")
    _publish("gm0344", "Tweede")
    compute([periods.shift(this_month, -1), this_month])
    return this_month


@pytest.mark.django_db
def test_the_landing_page_shows_every_priority_and_its_indicators_in_both_languages(client, figures):
    nl = client.get("/sturing/").content.decode()
    for priority in ("Cloud", "Data", "AI", "Interventies"):
        assert priority in nl
    assert 'href="/sturing/ai/"' in nl and "Algoritmes in het Algoritmeregister" in nl
    assert 'href="/sturing/"' in nl, "the site's navigation links the dashboard"
    en = client.get("/en/steering/").content.decode()
    assert "Steering dashboard" in en and 'href="/en/steering/ai/"' in en
    assert "Compute now" not in en, "only the programme sees the action"


@pytest.mark.django_db
def test_a_priority_page_draws_the_trend_and_bars_with_the_numbers_beside_them(client, figures):
    page = client.get("/en/steering/ai/").content.decode()
    indicators = Indicator.objects.filter(priority="ai").count()
    assert page.count('role="img"') == 3 * indicators, "per indicator: trend, per type, per province"
    assert 'aria-labelledby="trend-ai-algorithms-published"' in page
    assert "The dashed line is the target, 10 in 2030." in page and "thorbecke-chart__target" in page
    assert "A gap in the line is a month without data." in page
    # Beside each chart, a table with the same numbers: the country per month, then the latest month's areas.
    assert re.search(r'scope="row">Municipality</th><td class="utrecht-table__cell">2</td>', page)
    assert re.search(r'scope="row">Water board</th><td class="utrecht-table__cell">no data</td>', page)
    assert re.search(r'scope="row">provincie Utrecht</th><td class="utrecht-table__cell">2</td>', page)
    assert re.search(r'scope="row">provincie Fryslân</th><td class="utrecht-table__cell">no data</td>', page)
    assert "gemeente Utrecht" not in page, "the dashboard shows no organisation's row"
    assert client.get("/en/steering/sport/").status_code == 404


@pytest.mark.django_db
def test_coordinates_stay_points_on_the_dutch_page(client, figures):
    Indicator.objects.filter(code=CODE).update(target=2.2)
    page = client.get("/sturing/ai/").content.decode()
    for attribute in re.findall(r'(?:points|x|y|x1|y1|x2|y2|cx|cy|width|height)="([^"]*)"', page.split("<svg", 1)[1]):
        assert "," not in attribute.replace(" ", "") or re.fullmatch(r"([\d.]+,[\d.]+ ?)+", attribute), attribute
    assert 'class="thorbecke-chart__target" x1="56" y1="101.6"' in page


@pytest.mark.django_db
def test_the_indicator_page_has_the_trend_the_breakdowns_and_the_downloads(client, figures):
    page = client.get(f"/en/steering/indicators/{CODE}/").content.decode()
    assert page.count('role="img"') == 3
    for href in (
        f"/api/v1/indicators/{CODE}/observations/csv",
        f"/api/v1/indicators/{CODE}/observations/jsonstat",
        f"/api/v1/indicators/{CODE}/dcat",
    ):
        assert f'href="{href}"' in page
        assert client.get(href).status_code == 200


@pytest.mark.django_db
def test_an_indicator_never_computed_says_so(client, register):
    definitions.sync()
    page = client.get("/en/steering/ai/").content.decode()
    assert "Not computed yet." in page and 'role="img"' not in page


@pytest.mark.django_db
def test_the_dashboard_reads_only_the_summed_rows(client, figures, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/en/steering/ai/")
    with django_assert_max_num_queries(6):
        client.get("/en/steering/")


@pytest.mark.django_db
def test_the_programme_computes_now_and_is_told_what_was_stored(client, accounts):
    definitions.sync()
    computed_indicators()
    Observation.objects.all().delete()
    client.login(username="programme", password=PASSWORD)
    assert "Compute now" in client.get("/en/steering/").content.decode()
    response = client.post("/en/steering/compute/", follow=True)
    assert response.redirect_chain == [("/en/steering/", 302)]
    assert "observations stored for the last 12 months." in response.content.decode()
    months = set(Observation.objects.values_list("period", flat=True))
    assert months == set(periods.last(12))
    with translation.override("nl"):
        assert reverse("steering:compute-now") == "/sturing/berekenen/"


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["utrecht-admin", "utrecht-editor", "amsterdam-admin", None])
def test_only_the_programme_may_compute_now(client, accounts, username):
    definitions.sync()
    if username:
        client.login(username=username, password=PASSWORD)
    response = client.post("/en/steering/compute/")
    assert response.status_code == 403 if username else "sign-in" in response["Location"]
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_the_dashboard_leads_to_every_part_of_the_steering(client):
    nl = client.get("/sturing/").content.decode()
    for href in ("/sturing/doelen/", "/sturing/toezeggingen/", "/sturing/stuurgroep/voortgang/", "/sturing/stuurgroep/",
                 "/sturing/investeringsagenda/", "/sturing/gegevensknelpunten/", "/sturing/wetgeving/",
                 "/sturing/indicatoren/"):  # fmt: skip
        assert f'href="{href}"' in nl, href
    assert "Sturen als één overheid" in nl
