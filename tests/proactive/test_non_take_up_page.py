"""The non-take-up page: numbers for people in the page's language, numbers in the map's markup never."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from thorbecke.proactive.models import NonTakeUp, Screening
from thorbecke.proactive.rules.schemes import SCHEMES

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
