"""Numbers for people follow the page's language; the filters in web/templatetags/numbers.py."""

import pytest
from django.utils import translation

from thorbecke.web.templatetags.numbers import count, money, percent


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ("€\u00a01.105.493", "12.345", "12,5%", "€\u00a012,50", "-€\u00a03")),
        ("en", ("€1,105,493", "12,345", "12.5%", "€12.50", "-€3")),
    ],
)
def test_numbers_follow_the_language(language, expected):
    with translation.override(language):
        shown = (money(1105493.4), count(12345), percent(0.125, 1), money(12.5, 2), money(-3.2))
    assert shown == expected


def test_nothing_known_shows_a_dash():
    assert (money(None), count(None), percent(None)) == ("-", "-", "-")


def test_a_whole_percentage_rounds():
    with translation.override("nl"):
        assert (percent(0.4567), percent(1)) == ("46%", "100%")


@pytest.mark.parametrize(("language", "expected"), [("nl", "pagina 1.234 van 5.000"), ("en", "page 1,234 of 5,000")])
def test_the_pager_shows_page_numbers_for_people(language, expected):
    from django.contrib.auth.models import AnonymousUser
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/?page=1234")
    request.user = AnonymousUser()  # the hub's context processor reads it
    page = Paginator(range(50_000), 10).page(1_234)
    with translation.override(language):
        html = render_to_string("web/pager.html", {"page": page}, request=request)
    assert expected in html
    assert "page=1233" in html and "page=1235" in html  # the links' numbers are markup: never grouped


def test_every_page_of_text_formats_its_numbers():
    """Every template that says "page N of M" (the pager and the captions of paged tables) formats N and M."""
    import re
    from pathlib import Path

    import thorbecke

    raw = re.compile(r"(?:number=page\.number|total=page\.paginator\.num_pages)(?!\|count)")
    found = [
        f"{template.parent.name}/{template.name}: {setting}"
        for template in Path(thorbecke.__file__).parent.rglob("templates/**/*.html")
        for setting in raw.findall(template.read_text())
    ]
    assert found == []
