from django import template

from thorbecke.web.templatetags.numbers import measure

register = template.Library()

# An observation for people: a percentage, a count or a mean with one decimal; "no data" when the source has none,
# never 0 (the same figures as the gap page shows for a commitment).
register.filter("figure", measure)
