from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.web.browser import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the setup installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def identity_server(live_server):
    """The demo's DigiD and eHerkenning stand-ins in their own server, as `thorbecke demo` runs them."""
    from thorbecke.demo import identity_server as server
    from thorbecke.exchange.group import free_port

    url = f"http://127.0.0.1:{free_port()}"
    process = server.start(
        url, {"THORBECKE_PUBLIC_URL": live_server.url, "THORBECKE_OIDC_CLIENT_SECRET": "test-secret"}
    )
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def demo_idp(identity_server, live_server, settings):
    """The hub trusts the stand-ins, as `thorbecke demo` configures it."""
    settings.DEMO_IDP = settings.CITIZEN_SIGN_IN = settings.COMPANY_SIGN_IN = True
    settings.DEMO_IDP_URL = identity_server
    settings.OIDC_REDIRECT_PREFIXES = (live_server.url,)
    for prefix, provider in (("", "digid"), ("EHERKENNING_", "eherkenning")):
        issuer = f"{identity_server}/{provider}"
        setattr(settings, f"{prefix}OIDC_RP_CLIENT_SECRET", "test-secret")
        for name, path in (("AUTHORIZATION", "authorize"), ("TOKEN", "token"), ("USER", "userinfo"), ("JWKS", "jwks")):
            setattr(settings, f"{prefix}OIDC_OP_{name}_ENDPOINT", f"{issuer}/{path}")
