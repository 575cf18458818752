"""The register's search: common names, abbreviations and ceased organisations are found; water boards
are found under the provinces they overlap."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def found(client, language: str = "nl", **query: str) -> list[str]:
    with translation.override(language):
        page = client.get(reverse("registry:list"), query)
    assert page.status_code == 200
    return page.content.decode()


def names(html: str) -> list[str]:
    return re.findall(r'<a class="utrecht-link" href="[^"]*/(?:organisaties|organisations)/[^"/]+/">([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Den Bosch", "gemeente &#x27;s-Hertogenbosch"),
        ("den bosch", "gemeente &#x27;s-Hertogenbosch"),
        ("DUO", "Dienst Uitvoering Onderwijs"),
        ("UWV", "Uitvoeringsinstituut Werknemersverzekeringen"),
        ("Weesp", "gemeente Weesp"),
    ],
)
def test_common_names_abbreviations_and_ceased_organisations_are_found(client, register, query, name):
    assert name in names(found(client, q=query))


@pytest.mark.parametrize(
    ("language", "note"),
    [("nl", "opgeheven, opgevolgd door gemeente Amsterdam"), ("en", "ceased, succeeded by gemeente Amsterdam")],
)
def test_a_ceased_organisation_says_who_succeeded_it(client, register, language, note):
    assert note in found(client, language, q="Weesp")


def test_a_search_puts_current_organisations_before_ceased_ones(client, register):
    listed = names(found(client, q="Amsterdam"))
    assert listed[0] == "gemeente Amsterdam"


def test_water_boards_are_found_in_the_provinces_they_overlap(client, register):
    listed = names(found(client, type="waterschap", province="pv26"))
    assert sorted(listed) == [
        "waterschap Amstel, Gooi en Vecht",
        "waterschap Hoogheemraadschap De Stichtse Rijnlanden",
        "waterschap Rivierenland",
        "waterschap Vallei en Veluwe",
    ]


def test_the_api_filters_water_boards_by_province_too(client, register):
    body = client.get("/api/v1/organisations", {"type": "waterschap", "province": "pv29"}).json()
    assert [r["name"] for r in body["results"]] == ["waterschap Scheldestromen"]
