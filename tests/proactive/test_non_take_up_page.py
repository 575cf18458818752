"""The non-take-up page: numbers for people in the page's language, numbers in the map's markup never."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from thorbecke.proactive.models import NonTakeUp, Screening
from thorbecke.proactive.rules.schemes import SCHEMES
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(register):
    screening = Screening.objects.create(period="2026-01", source="pop", results="out", persons=1234567)
    scheme = SCHEMES[0].key
    NonTakeUp.objects.create(
        screening=screening,
        scheme=scheme,
        gemeente="GM0344",
        entitled=23456,
        receiving=11000,
        unclaimed_per_month=1105493.4,
    )
    NonTakeUp.objects.create(
        screening=screening, scheme=scheme, gemeente="GM0363", entitled=1000, receiving=875, unclaimed_per_month=0
    )


@pytest.mark.parametrize(
    ("language", "money", "count", "share"),
    [("nl", "€\u00a01.105.493", "23.456", "53,1%"), ("en", "€1,105,493", "23,456", "53.1%")],
)
def test_figures_are_shown_in_the_language_and_the_map_is_not(client, figures, language, money, count, share):
    with translation.override(language):
        page = client.get(reverse("proactive:non-take-up"))
    html = page.content.decode()
    assert page.status_code == 200
    assert money in html and count in html and share in html
    assert "1.234.567" in html if language == "nl" else "1,234,567" in html
    view_box = re.search(r'<svg viewBox="([^"]*)"[^>]*role="img"', html).group(1)
    assert "," not in view_box and re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", view_box)
    paths = re.findall(r'<path d="([^"]*)"', html)
    assert paths and all(re.fullmatch(r"[MZ0-9., -]+", d) for d in paths)


@pytest.fixture
def small_cells(register):
    """Four municipalities for one scheme: two large; in GM0599 (in this test) four entitled of whom one
    receives it, so that three people's missed amounts would be published together; in GM0518 few receive
    it, and its entitled minus not receiving would give those few away."""
    screening = Screening.objects.create(period="2026-02", source="pop", results="out", persons=500000)
    scheme = SCHEMES[0].key
    for gemeente, entitled, receiving, unclaimed in [
        ("GM0344", 400, 300, 9100.0),
        ("GM0363", 900, 600, 27300.0),
        ("GM0599", 4, 1, 273.33),
        ("GM0518", 50, 3, 4277.0),
    ]:
        NonTakeUp.objects.create(
            screening=screening,
            scheme=scheme,
            gemeente=gemeente,
            entitled=entitled,
            receiving=receiving,
            unclaimed_per_month=unclaimed,
        )
    return scheme


def test_small_cells_are_suppressed_and_the_totals_do_not_give_them_away(client, small_cells):
    """Threat: anyone reads over the API or the page that in a municipality three people miss € 273.33 a
    month together, or differences the national total against the municipalities shown to find it."""
    answer = client.get(f"/api/v1/proactive/non-take-up?scheme={small_cells}").json()["results"]
    rows = {row["gemeente"]: row for row in answer}
    for hidden in ("GM0599", "GM0518"):
        assert rows[hidden] | {"period": "-"} == {
            "scheme": small_cells, "gemeente": hidden, "suppressed": True, "entitled": None, "receiving": None,
            "notReceiving": None, "unclaimedPerMonth": None, "period": "-",
        }  # fmt: skip
    assert (rows["GM0344"]["entitled"], rows["GM0344"]["suppressed"]) == (400, False)
    # The national figures count only what is shown: total minus the rows shown reveals nothing.
    with translation.override("en"):
        html = client.get(reverse("proactive:non-take-up"), {"scheme": small_cells}).content.decode()
    text = re.sub(r"<svg.*?</svg>", "", html, flags=re.DOTALL)  # the map's coordinates are numbers too
    assert "1,300" in text and "1,354" not in text and "1,304" not in text  # 400 + 900 entitled
    assert "36,400" in text and "€273" not in text and "4,277" not in text  # € 9,100 + 27,300
    for leaked in (">4<", ">3<", ">47<", ">1<"):
        assert leaked not in text.replace(" ", "")
    assert "suppressed" in text  # the page says why two municipalities have no figures
    # The map gives no rate for a suppressed municipality either.
    hidden_names = set(Organisation.objects.filter(code__in=["gm0599", "gm0518"]).values_list("name", flat=True))
    titles = re.findall(r"<title>([^<]*)</title>", html)
    on_map = [t for t in titles if t.split(":")[0] in hidden_names | {"GM0599", "GM0518"}]
    assert on_map and not [t for t in on_map if "%" in t]
