"""A local OpenID Connect identity provider for the demo and the tests, standing in for a DigiD broker.

It signs in the demo population's synthetic citizen numbers without any password. It exists
only when settings.DEMO_IDP is on, which `thorbecke demo` sets and `thorbecke hub` refuses;
a system check also refuses it on any host that is not loopback.
"""

import base64
import secrets
import threading
import time
from functools import lru_cache
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.checks import Error, register
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from thorbecke.services.citizens import valid_bsn

# Synthetic citizens for the demo until the synthetic population (issue 5) provides them. The
# numbers lie in the 99999xxxx range used for test persons and pass the elfproef.
DEMO_CITIZENS = [
    ("999990019", "Sanne de Vries"),
    ("999990020", "Mohammed El Amrani"),
    ("999990032", "Jan Jansen"),
    ("999990044", "Priya Ramdin"),
]
_LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
_codes: dict[str, tuple[str, str, str, float]] = {}
_codes_lock = threading.Lock()
_CODE_SECONDS = 60


@register()
def demo_idp_only_on_loopback(app_configs: object = None, **kwargs: object) -> list[Error]:
    if settings.DEMO_IDP and not set(settings.ALLOWED_HOSTS) <= _LOOPBACK:
        return [
            Error(
                "The demo identity provider signs anyone in; it may only run on loopback.",
                hint="Unset THORBECKE_DEMO_IDP and configure a real OpenID Connect provider.",
                id="thorbecke.E001",
            )
        ]
    return []


def _enabled() -> None:
    if not settings.DEMO_IDP:
        raise Http404


@lru_cache(maxsize=1)
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


def discovery(request: HttpRequest) -> JsonResponse:
    _enabled()
    issuer = settings.OIDC_ISSUER
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
            "claims_supported": ["sub", "bsn", "name"],
        }
    )


def jwks(request: HttpRequest) -> JsonResponse:
    _enabled()
    numbers = _key().public_key().public_numbers()
    return JsonResponse(
        {
            "keys": [
                {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": "demo", "n": _b64(numbers.n), "e": _b64(numbers.e)}
            ]
        }
    )


@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    _enabled()
    params = request.POST if request.method == "POST" else request.GET
    if params.get("client_id") != settings.OIDC_RP_CLIENT_ID or params.get("response_type") != "code":
        return HttpResponseBadRequest("unknown client or unsupported response type")
    redirect_uri = params.get("redirect_uri", "")
    if not redirect_uri.startswith(settings.OIDC_REDIRECT_PREFIXES):
        return HttpResponseBadRequest("redirect_uri is not registered for this client")
    if request.method == "GET":
        return render(request, "services/demo_idp.html", {"citizens": DEMO_CITIZENS, "params": params.items()})
    bsn = params.get("bsn", "")
    if not valid_bsn(bsn) or bsn not in dict(DEMO_CITIZENS):
        return HttpResponseBadRequest("unknown demo citizen")
    code = secrets.token_urlsafe(24)
    with _codes_lock:
        _codes[code] = (bsn, params.get("nonce", ""), redirect_uri, time.monotonic() + _CODE_SECONDS)
    return redirect(f"{redirect_uri}?{urlencode({'code': code, 'state': params.get('state', '')})}")


def _claims(bsn: str) -> dict[str, str]:
    return {"sub": bsn, "bsn": bsn, "name": dict(DEMO_CITIZENS)[bsn]}


@csrf_exempt
@require_http_methods(["POST"])
def token(request: HttpRequest) -> JsonResponse:
    _enabled()
    if (
        request.POST.get("client_id") != settings.OIDC_RP_CLIENT_ID
        or request.POST.get("client_secret") != settings.OIDC_RP_CLIENT_SECRET
    ):
        return JsonResponse({"error": "invalid_client"}, status=401)
    with _codes_lock:
        entry = _codes.pop(request.POST.get("code", ""), None)
    if entry is None or entry[3] < time.monotonic() or entry[2] != request.POST.get("redirect_uri"):
        return JsonResponse({"error": "invalid_grant"}, status=400)
    bsn, nonce, _uri, _expiry = entry
    now = int(time.time())
    id_token = jwt.encode(
        {
            **_claims(bsn),
            "iss": settings.OIDC_ISSUER,
            "aud": settings.OIDC_RP_CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
        },
        _key(),
        algorithm="RS256",
        headers={"kid": "demo"},
    )
    access_token = jwt.encode(
        {"sub": bsn, "iss": settings.OIDC_ISSUER, "exp": now + 300}, _key(), algorithm="RS256", headers={"kid": "demo"}
    )
    return JsonResponse({"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token})


def userinfo(request: HttpRequest) -> JsonResponse:
    _enabled()
    header = request.headers.get("Authorization", "")
    try:
        claims = jwt.decode(
            header.removeprefix("Bearer "), _key().public_key(), algorithms=["RS256"], issuer=settings.OIDC_ISSUER
        )
    except jwt.PyJWTError:
        return JsonResponse({"error": "invalid_token"}, status=401)
    return JsonResponse(_claims(claims["sub"]))
