"""Numbers for people, in the page's language: nl "€ 1.105.493", "12.345", "12,5%"; en "€1,105,493",
"12,345", "12.5%". Numbers in markup (SVG coordinates, data- attributes, JSON) never go through these:
they stay as Python writes them, so a Dutch decimal comma can never reach a viewBox."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext

register = template.Library()

# Between "€" and the amount in Dutch; no-break, so the sign never wraps away from its number.
NO_BREAK_SPACE = "\u00a0"


def _grouped(value: float | int, decimals: int) -> str:
    return number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def count(value: int | float | None) -> str:
    """A whole number with thousands grouped: 12.345 / 12,345."""
    return "-" if value is None else _grouped(value, 0)


@register.filter
def money(value: int | float | None, decimals: int = 0) -> str:
    """Euros: € 1.105.493 in Dutch (sign, space, amount), €1,105,493 in English."""
    if value is None:
        return "-"
    amount = _grouped(abs(value), decimals)
    sign = "-" if value < 0 and amount.strip("0,.") else ""
    space = NO_BREAK_SPACE if (get_language() or "nl").startswith("nl") else ""
    return f"{sign}€{space}{amount}"


@register.filter
def percent(fraction: float | None, decimals: int = 0) -> str:
    """A share given as a fraction (0.125) as a percentage: 12,5% / 12.5%."""
    return "-" if fraction is None else f"{_grouped(fraction * 100, decimals)}%"


@register.filter
def measure(value: float | None, unit: str) -> str:
    """A measured figure by its unit (steering.indicators.Unit: "share", "count" or "mean"): a percentage with one
    decimal, a whole number, or a mean with one decimal; "no data" when the source has none, never 0."""
    if value is None:
        return gettext("no data")
    if unit == "share":
        return percent(value, 1)
    if unit == "count":
        return count(value)
    return _grouped(value, 1)
