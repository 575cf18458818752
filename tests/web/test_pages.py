import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_dutch_is_the_default_and_english_is_complete(client, register):
    dutch = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl"' in dutch and "Wat heeft u nodig van de overheid?" in dutch
    assert "Levensgebeurtenissen" in dutch
    english = client.get("/en/").content.decode()
    assert '<html lang="en"' in english and "What do you need from the government?" in english
    assert "Life events" in english


def test_the_language_link_leads_to_the_same_page_in_the_other_language(client, register):
    dutch = client.get("/organisaties/gm0363/?x=1").content.decode()
    assert 'href="/en/organisations/gm0363/?x=1" hreflang="en"' in dutch
    english = client.get("/en/organisations/gm0363/").content.decode()
    assert 'href="/organisaties/gm0363/" hreflang="nl"' in english


def language_links(page: str) -> list[str]:
    """The addresses of the links to this page in another language, as a browser reads them: HTML entities
    decoded, tabs and newlines dropped and backslashes taken for slashes (the URL Standard's "special" schemes)."""
    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            attributes = dict(attrs)
            if "hreflang" in attributes:
                found.append(re.sub(r"[\t\n\r]", "", attributes["href"] or "").strip().replace("\\", "/"))

    Links().feed(page)
    return found


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/x",
        "///evil.example/x",
        "/\\evil.example/x",
        "/\\/evil.example/x",
        "/\t/evil.example/x",
        "/\n/evil.example",
        "//evil.example/%2e%2e/x",
        "//javascript:alert(1)//",
        "/https://evil.example/",
    ],
)
def test_the_404_pages_language_link_stays_on_this_site(client, register, path):
    # The path as it arrives, not as the test client would parse it (it would take //evil.example for a host).
    response = client.get("/", PATH_INFO=path, QUERY_STRING="q=1")
    links = language_links(response.content.decode())
    assert response.status_code == 404 and len(links) == 2, path
    for link in links:
        assert link.startswith("/") and not link.startswith("//"), (path, link)
        assert urljoin("https://hub.example/nl/", link).startswith("https://hub.example/"), (path, link)


def test_unknown_pages_and_organisations_get_a_readable_404(client, register):
    response = client.get("/organisaties/gm9999/")
    assert response.status_code == 404 and "Pagina niet gevonden" in response.content.decode()
    response = client.get("/en/nothing-here/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_invalid_filters_on_the_list_fall_back_to_the_whole_register(client, register):
    response = client.get("/organisaties/", {"type": "dorp", "province": "pv99", "page": "veel"})
    assert response.status_code == 200
    assert "464 organisaties gevonden" in response.content.decode()


def test_wrong_credentials_are_explained_and_do_not_sign_in(client, accounts):
    response = client.post("/aanmelden/", {"username": "utrecht-editor", "password": "fout-wachtwoord"})
    assert response.status_code == 200
    assert "De gebruikersnaam of het wachtwoord klopt niet." in response.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post("/aanmelden/", {"username": "utrecht-editor", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"]


def test_sign_out_needs_a_post(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    assert client.get("/afmelden/").status_code == 405
    assert client.post("/afmelden/").status_code == 302
    assert "_auth_user_id" not in client.session
