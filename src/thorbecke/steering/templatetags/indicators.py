from django import template
from django.utils.translation import gettext as _

from thorbecke.steering.indicators import Unit
from thorbecke.web.templatetags.numbers import _grouped, count, percent

register = template.Library()


@register.filter
def figure(value: float | None, unit: str) -> str:
    """An observation for people: a percentage, a count or a mean with one decimal; "no data" when the source
    has none, never 0."""
    if value is None:
        return _("no data")
    if unit == Unit.SHARE:
        return percent(value, 1)
    if unit == Unit.COUNT:
        return count(value)
    return _grouped(value, 1)
