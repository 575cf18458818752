from django import template

from thorbecke.steering import agenda
from thorbecke.steering.models import Initiative

register = template.Library()


@register.filter
def total_cost(initiative: Initiative) -> int:
    """The initiative's cost over all its years and sources, in euros."""
    return agenda.total_cost(initiative)
