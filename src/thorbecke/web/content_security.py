"""The Content-Security-Policy header on every response (docs/decisions/0033-csp-and-production-settings.md).

Django 5.2 has none of its own; the policy is a setting in the shape Django 6.0's SECURE_CSP takes, so that this
module can give way to django.middleware.csp.ContentSecurityPolicyMiddleware on that upgrade.
"""

from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def tile_source(url_template: str) -> str | None:
    """The source expression that lets the maps load tiles from `url_template` (`{s}` subdomains as a wildcard)."""
    parts = urlsplit(url_template)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def header_value(policy: Mapping[str, Sequence[str]]) -> str:
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Sets the header unless a view set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.value = header_value(settings.SECURE_CSP)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(HEADER, self.value)
        return response
