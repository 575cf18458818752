"""Signing in at the front door through OpenID Connect: people with DigiD, companies with eHerkenning.

mozilla-django-oidc handles one provider, read from the `OIDC_*` settings; eHerkenning is the same flow with the
`EHERKENNING_OIDC_*` settings, its own start and callback addresses and its own backend. The callback says which
provider it serves, so a backend never sends one provider's code to the other.
"""

from django.conf import settings
from django.core.checks import Error
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_from_path
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

DIGID, EHERKENNING = "digid", "eherkenning"
_PREFIX = {DIGID: "", EHERKENNING: "EHERKENNING_"}
_OWN = {"OIDC_AUTHENTICATION_CALLBACK_URL": {DIGID: "oidc_authentication_callback",
                                             EHERKENNING: "eherkenning_authentication_callback"}}  # fmt: skip


def provider_setting(provider: str, attr: str, *default: object) -> object:
    """A setting of mozilla-django-oidc as this provider has it."""
    if attr in _OWN:
        return _OWN[attr][provider]
    prefixed = _PREFIX[provider] + attr
    if prefixed != attr and hasattr(settings, prefixed):
        return getattr(settings, prefixed)
    return import_from_settings(attr, *default)


def provider_of(request: HttpRequest) -> str:
    return getattr(request, "sign_in_provider", DIGID)


class ProviderBackend(OIDCAuthenticationBackend):
    """A backend for one provider: its settings, and only the callbacks of that provider."""

    provider = DIGID

    def get_settings(self, attr: str, *default: object) -> object:  # type: ignore[override]
        return provider_setting(self.provider, attr, *default)

    def authenticate(self, request: HttpRequest | None, **kwargs: object):  # noqa: ANN201 - a user or None
        if request is None or provider_of(request) != self.provider:
            return None
        return super().authenticate(request, **kwargs)


class SignInStart(OIDCAuthenticationRequestView):
    """The start of a sign-in: asks the provider for the page's language (`ui_locales`, OpenID Connect Core)."""

    provider = DIGID

    def get_settings(self, attr: str, *default: object) -> object:  # type: ignore[override]
        return provider_setting(self.provider, attr, *default)

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        # The start address has no language prefix; the page the person came from has.
        language = get_language_from_path(request.GET.get("next", "")) or settings.LANGUAGE_CODE
        return {"ui_locales": language}


class EHerkenningSignInStart(SignInStart):
    provider = EHERKENNING


class SignInCallback(OIDCAuthenticationCallbackView):
    provider = DIGID

    def get_settings(self, attr: str, *default: object) -> object:  # type: ignore[override]
        return provider_setting(self.provider, attr, *default)

    def get(self, request: HttpRequest) -> HttpResponse:
        request.sign_in_provider = self.provider  # type: ignore[attr-defined]
        return super().get(request)


class EHerkenningSignInCallback(SignInCallback):
    provider = EHERKENNING


_LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def demo_idp_only_on_loopback(app_configs: object = None, **kwargs: object) -> list[Error]:
    """The demo's identity stand-ins sign anyone in: a hub that trusts them may only answer on loopback."""
    if settings.DEMO_IDP and not set(settings.ALLOWED_HOSTS) <= _LOOPBACK:
        return [
            Error(
                "The demo identity providers sign anyone in; they may only be trusted on loopback.",
                hint="Unset THORBECKE_DEMO_IDP and configure a real OpenID Connect provider.",
                id="thorbecke.E001",
            )
        ]
    return []
