from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from thorbecke.registry.permissions import membership_of

# Characters a path may hold as they are (RFC 3986's pchar, and "/"); "%" keeps what is already encoded.
_PATH_CHARACTERS = "/%:@!$&'()*+,;=-._~"


def local_path(path: str) -> str:
    """`path` as a link that stays on this site whatever the request's path was: a browser reads `//host/x` and
    `/\\host/x` (and `/<tab>/host`, dropping the tab) as another site, so everything outside a path's characters
    is percent-encoded and the path starts with exactly one slash."""
    return "/" + quote(path, safe=_PATH_CHARACTERS).lstrip("/")


def page_context(request: HttpRequest) -> dict[str, object]:
    """What every page needs: the other languages of this page and who is signed in."""
    current = get_language()
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    alternates = [
        {"code": code, "name": name, "url": local_path(translate_url(request.path, code)) + query}
        for code, name in settings.LANGUAGES
        if code != current
    ]
    return {
        "alternate_languages": alternates,
        "membership": membership_of(request.user),
        "citizen_sign_in": settings.CITIZEN_SIGN_IN,
        "company_sign_in": settings.COMPANY_SIGN_IN,
    }
