"""The query of a paged list without its page number, so that the pager's links keep the list's filters."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_without_page(context: template.Context) -> str:
    query = context["request"].GET.copy()
    query.pop("page", None)
    return query.urlencode()
