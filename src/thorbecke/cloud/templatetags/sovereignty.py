"""Cloud codes and the Sovereignty Score for people. Scores: up to two decimals, as the weights make them
(11.25), in the page's language (11,25 in Dutch), without trailing zeros (75, not 75.00)."""

from django import template
from django.utils.formats import number_format

from thorbecke.cloud import taxonomy

register = template.Library()


@register.filter
def points(value: float | None) -> str:
    if value is None:
        return "-"
    rounded = round(value, 2)
    decimals = next(d for d in (0, 1, 2) if round(rounded, d) == rounded)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def term(code: str, section: str) -> str:
    """A code's name in the current definitions, in the page's language; the code itself when it is not there."""
    return taxonomy.current().name(section, code)
