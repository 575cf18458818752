"""The framework's texts are Markdown; their links are shown as links, everything else as plain text."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Matched after escaping, so neither part can carry markup; only http(s) targets become links.
MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s\"<>]+)\)")


@register.filter
def with_links(text: str) -> SafeString:
    return mark_safe(MARKDOWN_LINK.sub(r'<a class="utrecht-link" href="\2">\1</a>', escape(text)))
