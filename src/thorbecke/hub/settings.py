"""Django settings for the Thorbecke hub.

Everything that differs between a laptop demo and a national deployment comes from
environment variables, so the same code runs both (see docs/decisions/0002-databases.md).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from thorbecke.locations import PACKAGE_DIR, REPO_ROOT, shared_data_dir
from thorbecke.web.content_security import tile_source

DATA_DIR = Path(os.environ.get("THORBECKE_DATA_DIR", REPO_ROOT / "var"))
SHARED_DATA_DIR = shared_data_dir()
NODE_MODULES_DIR = Path(os.environ.get("THORBECKE_NODE_MODULES", REPO_ROOT / "node_modules"))
# What is computed from content alone (passage embeddings, the report classifier's weights), under a
# hash of that content and the model: shared by every data folder on the machine, like pip's cache.
CACHE_DIR = Path(
    os.environ.get("THORBECKE_CACHE_DIR")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "thorbecke"
)

DEBUG = os.environ.get("THORBECKE_DEBUG", "") == "1"


def _secret_key() -> str:
    """A key from the environment, or one generated once and kept in the data folder."""
    if key := os.environ.get("THORBECKE_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("THORBECKE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
# A tile server for the maps (a URL template such as https://tiles.example/{z}/{x}/{y}.png) and its
# attribution; without one, the maps show the outline of the provinces from ../shared/data.
# The government's public base map, PDOK's BRT-Achtergrondkaart (WMTS, Web Mercator, no key). Without
# internet the browser finds the tiles failing and draws the boundaries from the shared data instead;
# an empty value or "none" draws those boundaries without trying tiles at all.
MAP_TILES_URL = os.environ.get(
    "THORBECKE_MAP_TILES_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
if MAP_TILES_URL.strip().lower() in ("", "none"):
    MAP_TILES_URL = ""
MAP_TILES_ATTRIBUTION = os.environ.get(
    "THORBECKE_MAP_TILES_ATTRIBUTION", '<a href="https://www.kadaster.nl/">Kadaster</a> (BRT-Achtergrondkaart, PDOK)'
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "thorbecke.web",
    "thorbecke.registry",
    "thorbecke.agreements",
    "thorbecke.services",
    "thorbecke.exchange",
    "thorbecke.signals",
    "thorbecke.landscape",
    "thorbecke.soc",
    "thorbecke.ai",
    "thorbecke.proactive",
    "thorbecke.steering",
    "thorbecke.cloud",
    "thorbecke.workforce",
    "mozilla_django_oidc",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "thorbecke.web.content_security.ContentSecurityPolicyMiddleware",
    "thorbecke.web.api.ApiVersionMiddleware",
]

ROOT_URLCONF = "thorbecke.hub.urls"
WSGI_APPLICATION = "thorbecke.hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thorbecke.hub.context.page_context",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("THORBECKE_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'thorbecke.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers carry on while the importer writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# People sign in with OpenID Connect (the route DigiD brokers offer), companies likewise with eHerkenning. Outside
# the demo the providers are configured by the operator; THORBECKE_DEMO_IDP=1 (set only by `thorbecke demo`)
# trusts the demo's stand-ins for both, served by a server of their own at THORBECKE_DEMO_IDP_URL: never by the
# hub itself, whose sign-in would then wait on its own server.
DEMO_IDP = os.environ.get("THORBECKE_DEMO_IDP", "") == "1"
DEMO_IDP_URL = os.environ.get("THORBECKE_DEMO_IDP_URL", "http://127.0.0.1:8001").rstrip("/")
PUBLIC_URL = os.environ.get("THORBECKE_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# The hub's own node in the data system (its node.json); unset means the hub is not connected.
HUB_NODE = os.environ.get("THORBECKE_HUB_NODE", "")
OIDC_ISSUER = os.environ.get("THORBECKE_OIDC_ISSUER", f"{DEMO_IDP_URL}/digid" if DEMO_IDP else "")
OIDC_RP_CLIENT_ID = os.environ.get("THORBECKE_OIDC_CLIENT_ID", "thorbecke-hub")
OIDC_RP_CLIENT_SECRET = os.environ.get("THORBECKE_OIDC_CLIENT_SECRET", "demo-secret" if DEMO_IDP else "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid"
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("THORBECKE_OIDC_AUTHORIZE_URL", f"{OIDC_ISSUER}/authorize")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("THORBECKE_OIDC_TOKEN_URL", f"{OIDC_ISSUER}/token")
OIDC_OP_USER_ENDPOINT = os.environ.get("THORBECKE_OIDC_USERINFO_URL", f"{OIDC_ISSUER}/userinfo")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("THORBECKE_OIDC_JWKS_URL", f"{OIDC_ISSUER}/jwks")
OIDC_AUTHENTICATE_CLASS = "thorbecke.services.sign_in.SignInStart"
OIDC_CALLBACK_CLASS = "thorbecke.services.sign_in.SignInCallback"
# Seconds the hub waits for an identity provider's token, key and user endpoints before the sign-in fails.
OIDC_TIMEOUT = 10
CITIZEN_SIGN_IN = bool(OIDC_ISSUER)
EHERKENNING_OIDC_ISSUER = os.environ.get(
    "THORBECKE_EHERKENNING_ISSUER", f"{DEMO_IDP_URL}/eherkenning" if DEMO_IDP else ""
)
EHERKENNING_OIDC_RP_CLIENT_ID = os.environ.get("THORBECKE_EHERKENNING_CLIENT_ID", OIDC_RP_CLIENT_ID)
EHERKENNING_OIDC_RP_CLIENT_SECRET = os.environ.get("THORBECKE_EHERKENNING_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET)
EHERKENNING_OIDC_OP_AUTHORIZATION_ENDPOINT = f"{EHERKENNING_OIDC_ISSUER}/authorize"
EHERKENNING_OIDC_OP_TOKEN_ENDPOINT = f"{EHERKENNING_OIDC_ISSUER}/token"
EHERKENNING_OIDC_OP_USER_ENDPOINT = f"{EHERKENNING_OIDC_ISSUER}/userinfo"
EHERKENNING_OIDC_OP_JWKS_ENDPOINT = f"{EHERKENNING_OIDC_ISSUER}/jwks"
COMPANY_SIGN_IN = bool(EHERKENNING_OIDC_ISSUER)
AUTHENTICATION_BACKENDS = [
    # ModelBackend, refusing a throttled staff sign-in before it spends a password hash on it (decision 0029).
    "thorbecke.registry.sign_in_throttle.ThrottledModelBackend",
    "thorbecke.services.citizens.CitizenBackend",
    "thorbecke.services.companies.CompanyBackend",
]

LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "services:home"
LOGOUT_REDIRECT_URL = "services:home"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "web" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# The NL Design System CSS is installed from npm by the setup; served under vendor/.
STATICFILES_DIRS = [
    ("vendor/utrecht", NODE_MODULES_DIR / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/leaflet", NODE_MODULES_DIR / "leaflet" / "dist"),
]
WHITENOISE_USE_FINDERS = True

# Security: cookies, HTTPS and the Content-Security-Policy (docs/decisions/0033-csp-and-production-settings.md).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Staff sessions last a working day; citizens' and companies' sessions are shorter and end with the browser
# (thorbecke.services.sessions decides by how the person signed in).
SESSION_ENGINE = "thorbecke.services.sessions"
SESSION_COOKIE_AGE = 8 * 60 * 60
CITIZEN_SESSION_AGE = 30 * 60
# HTTPS when the hub's public address is https (THORBECKE_HTTPS=1 or 0 says so outright): cookies only over
# HTTPS, and HSTS. The demo on http://127.0.0.1 keeps plain HTTP.
HTTPS = os.environ.get("THORBECKE_HTTPS", "1" if PUBLIC_URL.startswith("https://") else "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("THORBECKE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("THORBECKE_HSTS_SUBDOMAINS", "") == "1"
# Behind a reverse proxy that ends TLS: trust its X-Forwarded-Proto, so that the hub knows a request came over
# HTTPS (the sign-in's callback address is built from it). Only when the proxy sets that header itself.
if os.environ.get("THORBECKE_PROXY_HTTPS_HEADER", "") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL]
# Scripts and styles only from the hub itself (no inline ones), images also from the maps' tile server; no
# frames, no <base>, forms only to the hub. The sign-in leaves for the identity provider by a link, not a form.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *filter(None, [tile_source(MAP_TILES_URL)])],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

API_CONTACT = {
    "name": os.environ.get("THORBECKE_API_CONTACT_NAME", "Thorbecke hub"),
    "email": os.environ.get("THORBECKE_API_CONTACT_EMAIL", ""),
    "url": os.environ.get("THORBECKE_API_CONTACT_URL", ""),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("THORBECKE_LOG_LEVEL", "WARNING")},
}

# Mail to citizens (report updates): SMTP when a host is configured; otherwise written to files in the
# data folder, so the demo never loses a message and never needs a mail server.
if os.environ.get("THORBECKE_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["THORBECKE_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("THORBECKE_SMTP_PORT", "587"))
    EMAIL_USE_TLS = True
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
# Scans of organisations' hosts go through Celery on this broker when it is set (a national hub:
# e.g. redis://127.0.0.1:6379/0, workers started with `celery -A thorbecke.hub.celery worker`);
# without it they run in the process that asks for them.
CELERY_BROKER_URL = os.environ.get("THORBECKE_CELERY_BROKER", "")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-host leaves the host to another worker
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # hosts are slow: never hold some back while another worker idles
# The population proactive services screen, and where a life event's household is read (the demo makes one).
THORBECKE_POPULATION = Path(os.environ.get("THORBECKE_POPULATION", DATA_DIR / "population"))
# The mail and DNS measurements ask this resolver ("host:port"; the system's resolver when empty), giving each
# question this many seconds a nameserver.
THORBECKE_DNS_RESOLVER = os.environ.get("THORBECKE_DNS_RESOLVER") or None
THORBECKE_DNS_TIMEOUT = float(os.environ.get("THORBECKE_DNS_TIMEOUT", "5"))
# DNSSEC's chain of trust starts from these DS records ("<owner> DS <tag> <algorithm> <digest type> <digest>",
# separated by commas); unset, from the IANA root's keys (ROOT_TRUST_ANCHORS in agreements/checks/mail/resolver.py).
# A test or a closed network sets its own root here.
THORBECKE_DNS_TRUST_ANCHORS = (
    tuple(anchor.strip() for anchor in os.environ.get("THORBECKE_DNS_TRUST_ANCHORS", "").split(",") if anchor.strip())
    or None
)
# The tools the TLS and API checks run: sslyze from a virtual environment of its own (it pins an older
# `cryptography` than the hub's; `make setup` makes it) and Spectral from node_modules.
SSLYZE = Path(os.environ.get("THORBECKE_SSLYZE") or REPO_ROOT / ".venv-sslyze" / "bin" / "sslyze")
THORBECKE_SPECTRAL = Path(os.environ.get("THORBECKE_SPECTRAL") or NODE_MODULES_DIR / ".bin" / "spectral")
# The days an organisation has to answer a gap in a mandatory agreement (with a plan or an explanation), when it
# opens and again after a rejected explanation, before it escalates to the programme.
THORBECKE_GAP_ANSWER_DAYS = int(os.environ.get("THORBECKE_GAP_ANSWER_DAYS", "42"))

DEFAULT_FROM_EMAIL = os.environ.get("THORBECKE_MAIL_FROM", "noreply@thorbecke.invalid")

# Mosca's z: the year a cryptographically relevant quantum computer is assumed to exist. The default is the
# end date of the EU's coordinated roadmap for the transition to post-quantum cryptography (June 2025),
# by which it asks member states to have migrated as much as feasible; it is an assumption, not a forecast.
PQC_QUANTUM_YEAR = int(os.environ.get("THORBECKE_PQC_QUANTUM_YEAR", "2035"))
