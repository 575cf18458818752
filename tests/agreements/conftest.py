"""The real local websites the measurement tests share: one configured well, one badly."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.agreements.servers import make_pki, redirecting, serve, site
from thorbecke.agreements.checks.base import Target

GOOD_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}


def security_txt(expires: datetime) -> str:
    return f"Contact: mailto:security@gemeente.example\nExpires: {expires:%Y-%m-%dT%H:%M:%SZ}\n"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def good(pki):
    txt = security_txt(datetime.now(UTC) + timedelta(days=180))
    https, _ = serve(site(GOOD_HEADERS, txt), pki["good"])
    plain, _ = serve(redirecting(https))
    return Target("localhost", https, plain, str(pki["ca"]))


@pytest.fixture(scope="module")
def bad(pki):
    headers = {"Strict-Transport-Security": "max-age=600"}
    txt = security_txt(datetime.now(UTC) - timedelta(days=3))
    https, _ = serve(site(headers, txt), pki["good"])
    plain, _ = serve(redirecting(None))
    return Target("localhost", https, plain, str(pki["ca"]))
