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
