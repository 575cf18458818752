from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from thorbecke.registry.permissions import membership_of


def page_context(request: HttpRequest) -> dict[str, object]:
    """What every page needs: the other languages of this page and who is signed in."""
    current = get_language()
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    alternates = [
        {"code": code, "name": name, "url": translate_url(request.path, code) + query}
        for code, name in settings.LANGUAGES
        if code != current
    ]
    return {
        "alternate_languages": alternates,
        "membership": membership_of(request.user),
        "citizen_sign_in": settings.CITIZEN_SIGN_IN,
        "company_sign_in": settings.COMPANY_SIGN_IN,
    }
