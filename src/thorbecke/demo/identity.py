"""Stand-ins for DigiD and eHerkenning: two OpenID Connect providers for the demo and the tests.

They run in a server of their own (`identity_server`), never inside the hub: the hub's sign-in callback asks the
provider's token endpoint for the person, and a hub served by one worker with one thread (the demo on SQLite)
would wait on itself. The DigiD stand-in signs in the demo's synthetic citizens by citizen number (claim `bsn`),
the eHerkenning one the demo's companies by KVK number (claim `kvk`), without any password. They answer only
when settings.DEMO_IDP is on, which `thorbecke demo` sets and `thorbecke hub` refuses; a system check refuses it
on any host that is not loopback.
"""

import base64
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import jwt
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from thorbecke.caches import process_cache
from thorbecke.population.source import demo_citizens
from thorbecke.services.citizens import valid_bsn
from thorbecke.services.companies import valid_kvk
from thorbecke.services.sign_in import provider_setting

COMPANIES_FILE = Path(__file__).parent / "data" / "companies.yaml"
_CODE_SECONDS = 60


@dataclass(frozen=True)
class Provider:
    slug: str
    name: str
    claim: str
    heading: object
    explanation: object

    def accounts(self) -> dict[str, str]:
        """Who can sign in: number -> name."""
        if self.claim == "bsn":
            return {p["burgerservicenummer"]: p["naam"]["volledigeNaam"] for p in demo_citizens()}
        return {c["kvkNummer"]: c["naam"] for c in demo_companies()}

    def valid(self, number: str) -> bool:
        return (valid_bsn if self.claim == "bsn" else valid_kvk)(number) and number in self.accounts()


PROVIDERS = {
    "digid": Provider(
        "digid",
        "DigiD",
        "bsn",
        _("Sign in with DigiD (demo)"),
        _("This stands in for DigiD in the demo. Choose a synthetic person; no real data is involved."),
    ),
    "eherkenning": Provider(
        "eherkenning",
        "eHerkenning",
        "kvk",
        _("Sign in with eHerkenning (demo)"),
        _(
            "This stands in for eHerkenning in the demo. Choose a made-up company by its KVK number; "
            "no real data is involved."
        ),
    ),
}


@process_cache()
def demo_companies() -> list[dict[str, str]]:
    """The demo's companies, as the KVK's Basisprofiel names their fields, with the municipality they are in."""
    return yaml.safe_load(COMPANIES_FILE.read_text(encoding="utf-8"))["bedrijven"]


_codes: dict[str, tuple[str, str, str, str, float]] = {}
_codes_lock = threading.Lock()


def _provider(slug: str) -> Provider:
    if not settings.DEMO_IDP or slug not in PROVIDERS:
        raise Http404
    return PROVIDERS[slug]


def _registered_redirect_uri(provider: Provider) -> str:
    """The one address this provider sends codes to: the hub's callback for it, compared whole. A prefix would let
    `http://127.0.0.1:8000@evil.example/cb` through, and the code with it."""
    name = provider_setting(provider.slug, "OIDC_AUTHENTICATION_CALLBACK_URL")
    return settings.PUBLIC_URL + reverse(str(name), urlconf="thorbecke.hub.urls")


def _issuer(provider: Provider) -> str:
    return f"{settings.DEMO_IDP_URL}/{provider.slug}"


@process_cache()
def _key() -> rsa.RSAPrivateKey:
    path = settings.DATA_DIR / "demo-idp-key.pem"
    if not path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        path.chmod(0o600)
    return serialization.load_pem_private_key(path.read_bytes(), password=None)  # type: ignore[return-value]


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def discovery(request: HttpRequest, provider: str) -> JsonResponse:
    found = _provider(provider)
    issuer = _issuer(found)
    return JsonResponse(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "userinfo_endpoint": f"{issuer}/userinfo",
            "jwks_uri": f"{issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "ui_locales_supported": ["nl", "en"],
            "claims_supported": ["sub", found.claim, "name"],
        }
    )


def jwks(request: HttpRequest, provider: str) -> JsonResponse:
    _provider(provider)
    numbers = _key().public_key().public_numbers()
    return JsonResponse(
        {
            "keys": [
                {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "demo", "n": _b64(numbers.n), "e": _b64(numbers.e)}
            ]
        }
    )


def _language(params: object) -> str:
    """The first of the relying party's `ui_locales` (OpenID Connect Core 3.1.2.1) that this page speaks."""
    wanted = str(params.get("ui_locales", "")).split()  # type: ignore[attr-defined]
    return next((code for code in wanted if code in ("nl", "en")), settings.LANGUAGE_CODE)


@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest, provider: str) -> HttpResponse:
    found = _provider(provider)
    params = request.POST if request.method == "POST" else request.GET
    if params.get("client_id") != settings.OIDC_RP_CLIENT_ID or params.get("response_type") != "code":
        return HttpResponseBadRequest("unknown client or unsupported response type")
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri != _registered_redirect_uri(found):
        return HttpResponseBadRequest("redirect_uri is not registered for this client")
    number = params.get("account", "")
    with translation.override(_language(params)):
        if request.method == "GET" or not found.valid(number):
            return render(
                request,
                "demo/sign_in.html",
                {
                    "provider": found,
                    "accounts": found.accounts().items(),
                    "chosen": number or next(iter(found.accounts())),
                    "error": request.method == "POST",
                    "params": [(k, v) for k, v in params.items() if k not in ("csrfmiddlewaretoken", "account")],
                },
                status=400 if request.method == "POST" else 200,
            )
    code = secrets.token_urlsafe(24)
    with _codes_lock:
        _codes[code] = (found.slug, number, params.get("nonce", ""), redirect_uri, time.monotonic() + _CODE_SECONDS)
    return redirect(f"{redirect_uri}?{urlencode({'code': code, 'state': params.get('state', '')})}")


def _claims(provider: Provider, number: str) -> dict[str, str]:
    return {"sub": number, provider.claim: number, "name": provider.accounts()[number]}


@csrf_exempt
@require_http_methods(["POST"])
def token(request: HttpRequest, provider: str) -> JsonResponse:
    found = _provider(provider)
    if (
        request.POST.get("client_id") != settings.OIDC_RP_CLIENT_ID
        or request.POST.get("client_secret") != settings.OIDC_RP_CLIENT_SECRET
    ):
        return JsonResponse({"error": "invalid_client"}, status=401)
    with _codes_lock:
        entry = _codes.pop(request.POST.get("code", ""), None)
    if (
        entry is None
        or entry[0] != found.slug
        or entry[4] < time.monotonic()
        or entry[3] != request.POST.get("redirect_uri")
    ):
        return JsonResponse({"error": "invalid_grant"}, status=400)
    _slug, number, nonce, _uri, _expiry = entry
    now = int(time.time())
    issuer = _issuer(found)
    id_token = jwt.encode(
        {**_claims(found, number), "iss": issuer, "aud": settings.OIDC_RP_CLIENT_ID, "iat": now, "exp": now + 300,
         "nonce": nonce},
        _key(),
        algorithm="RS256",
        headers={"kid": "demo"},
    )  # fmt: skip
    access_token = jwt.encode(
        {"sub": number, "iss": issuer, "exp": now + 300}, _key(), algorithm="RS256", headers={"kid": "demo"}
    )
    return JsonResponse({"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token})


def userinfo(request: HttpRequest, provider: str) -> JsonResponse:
    found = _provider(provider)
    header = request.headers.get("Authorization", "")
    try:
        claims = jwt.decode(
            header.removeprefix("Bearer "), _key().public_key(), algorithms=["RS256"], issuer=_issuer(found)
        )
    except jwt.PyJWTError:
        return JsonResponse({"error": "invalid_token"}, status=401)
    return JsonResponse(_claims(found, claims["sub"]))
