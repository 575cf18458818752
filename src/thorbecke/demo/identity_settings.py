"""Settings of the demo identity server: the hub's, serving only the identity providers' pages.

Its cookies have names of their own: a browser sends cookies by host, not by port, so a CSRF cookie of the same
name would overwrite the hub's.
"""

from thorbecke.hub.settings import *  # noqa: F403 - the same data folder, keys, languages and static files

ROOT_URLCONF = "thorbecke.demo.identity_urls"
WSGI_APPLICATION = "thorbecke.demo.identity_wsgi.application"
INSTALLED_APPS = [*INSTALLED_APPS, "thorbecke.demo"]  # noqa: F405
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "thorbecke.web.content_security.ContentSecurityPolicyMiddleware",
]
# The hub's policy, but the choice of account is posted here and then sent on to the hub's callback: a redirect
# after a form's post is held to form-action as well.
SECURE_CSP = {**SECURE_CSP, "img-src": ["'self'", "data:"], "form-action": ["'self'", PUBLIC_URL]}  # noqa: F405
CSRF_COOKIE_NAME = "demo_idp_csrftoken"
SESSION_COOKIE_NAME = "demo_idp_sessionid"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
# The stand-ins answer on plain HTTP beside the hub, even when the hub itself is served over HTTPS.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = DEMO_IDP_URL.startswith("https://")  # noqa: F405
SECURE_HSTS_SECONDS = 0
