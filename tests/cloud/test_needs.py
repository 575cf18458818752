"""An organisation's cloud needs: its list, registering one (bad input refused with the field named, nothing stored),
one need's page with its matches explained or what blocks a match, changing and removing one, and the API."""

import pytest

from tests.cloud.builders import need, offering, provider
from tests.conftest import PASSWORD, snapshot
from thorbecke.cloud.models import Need, Offering

pytestmark = pytest.mark.django_db


def form(**fields) -> dict:
    """A valid need, as the form posts it: IaaS for internal data in the EU, SOV-1 at least SEAL-2."""
    values = {
        "title": "Rekenkracht voor het zaaksysteem", "workload": "Het zaaksysteem.", "service_model": "iaas",
        "classification": "intern", "data_territory": "eu", "keys": "eu", "minimum_sov_1": "2", "exit_terms": "on",
        "known_certifications": [], "other_certifications": "ISO/IEC 27001\n", "volume": "10", "unit": "vCPU",
        "starts_on": "2027-01-01", "ends_on": "2027-12-31", "budget_eur": "10000",
    }  # fmt: skip
    values.update(fields)
    return {k: v for k, v in values.items() if v is not None}


def sign_in(client, who: str) -> None:
    client.login(username=who, password=PASSWORD)


def test_staff_see_their_own_needs_and_the_programme_every_one(client, accounts):
    need(title="Utrechts archief")
    amsterdam = need("gm0363", title="Amsterdams archief").organisation
    sign_in(client, "utrecht-viewer")
    page = client.get("/cloud/behoeften/").content.decode()
    assert "Utrechts archief" in page and "Amsterdams archief" not in page
    assert "/cloud/behoeften/nieuw/" not in page  # a viewer registers nothing
    client.logout()
    sign_in(client, "programme")
    page = client.get("/en/cloud/needs/").content.decode()
    assert "Utrechts archief" in page and "Amsterdams archief" in page and amsterdam.name in page


def test_an_editor_registers_a_need_with_its_minimums_and_certifications(client, accounts):
    sign_in(client, "utrecht-editor")
    assert "/cloud/behoeften/nieuw/" in client.get("/cloud/behoeften/").content.decode()
    response = client.post("/cloud/behoeften/nieuw/", form(known_certifications=[]))
    made = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cloud/behoeften/{made.pk}/"
    assert made.organisation.code == "gm0344"
    assert made.minimum_levels == {"SOV-1": 2}  # the seven left at "no minimum" are not stored
    assert made.certifications == ["ISO/IEC 27001"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_on": "2026-12-31"}, "ends_on"),  # until before from
        ({"volume": "0"}, "volume"),
        ({"budget_eur": "-1"}, "budget_eur"),
        ({"classification": "geheim-ish"}, "classification"),  # not in the taxonomy
        ({"service_model": "faas"}, "service_model"),
        ({"data_territory": "nl", "keys": "any"}, "keys"),  # NL-only data, keys anyone may hold
        ({"data_territory": "eu", "keys": "any"}, "keys"),
        # stg-confidentieel allows own data centres and government-shared clouds only: no data "anywhere".
        ({"classification": "stg-confidentieel", "data_territory": "any", "keys": "customer"}, "data_territory"),
        ({"minimum_sov_3": "5"}, "minimum_sov_3"),  # SEAL runs 0 to 4
        ({"minimum_availability": "100.5"}, "minimum_availability"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_stored(client, accounts, fields, field):
    sign_in(client, "utrecht-editor")
    before = snapshot()
    response = client.post("/en/cloud/needs/new/", form(**fields))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'href="#id_{field}"' in response.content.decode()
    assert snapshot() == before


def test_classification_that_allows_public_cloud_may_keep_data_anywhere(client, accounts):
    sign_in(client, "utrecht-editor")
    response = client.post("/cloud/behoeften/nieuw/", form(data_territory="any", keys="any"))
    assert response.status_code == 302


def two_offerings() -> None:
    """Two EU offerings for Utrecht's need (IaaS, internal data, EU, keys in the EU, SOV-1 >= 2, exit terms,
    10 vCPU for 12 months, budget 10,000):
    - Noord: all levels 4, 50 a vCPU a month: 50 x 10 x 12 = 6,000, within budget; score 100.
    - Zuid: levels 3 (score 75), 30 a month: 3,600.
    Ranked by score first: Noord (100), then Zuid (75), though Zuid is cheaper."""
    if Offering.objects.filter(name="Noord").exists():
        return
    eu = provider("EuroWolk GmbH", "DE")
    offering("Noord", by=eu, deployment="eu-public", data_locations=["DE"], processing_locations=["DE"],
             key_holder="provider-eu", price_eur=50)  # fmt: skip
    offering("Zuid", [3] * 8, by=eu, deployment="eu-public", data_locations=["DE"], processing_locations=["DE"],
             key_holder="provider-eu", price_eur=30)  # fmt: skip


@pytest.fixture
def supply(register):
    two_offerings()


def secret_need() -> Need:
    """Utrecht's need, private to its staff and the programme: its title and the certificate it requires (which its
    page and the API's funnel name) are the secrets the read matrix looks for."""
    found = Need.objects.filter(title="Geheime cloudbehoefte").first()
    return found or utrecht_need(certifications=["Geheim keurmerk"])


def matched_need() -> Need:
    """Utrecht's need with both offerings matched, for the pages' accessibility run."""
    two_offerings()
    return Need.objects.filter(title="Gematchte behoefte").first() or utrecht_need(title="Gematchte behoefte")


def utrecht_need(**fields) -> Need:
    values = {"title": "Geheime cloudbehoefte", "minimum_levels": {"SOV-1": 2}, "exit_terms": True,
              "budget_eur": 10000, **fields}  # fmt: skip
    return need(**values)


def test_a_needs_page_ranks_its_matches_with_why_and_what_they_lack(client, accounts, supply):
    mine = utrecht_need()
    sign_in(client, "utrecht-viewer")
    page = client.get(f"/en/cloud/needs/{mine.pk}/").content.decode()
    assert page.index("Noord") < page.index("Zuid")
    assert "€6,000" in page and "€3,600" in page  # cost for the period
    assert "SOV-1 at SEAL-3, minimum SEAL-2" in page  # Zuid, why it passes
    assert "SOV-1, SOV-2, SOV-3, SOV-4, SOV-5, SOV-6, SOV-7, SOV-8 only at SEAL-3" in page  # and what it lacks
    assert "Sovereignty Score: 100 ·" in page and "Sovereignty Score: 75 ·" in page  # the scores, as people write them
    noord = Offering.objects.get(name="Noord")
    assert f'href="/en/cloud/offerings/{noord.pk}/"' in page  # each offering links to its page in the catalogue


def test_no_match_is_answered_with_the_blocker_the_funnel_and_the_nearest(client, accounts, supply):
    # Both offerings hold their data in Germany: a need for data in the Netherlands only has none left at that gate.
    mine = utrecht_need(data_territory="nl")
    sign_in(client, "programme")
    page = client.get(f"/en/cloud/needs/{mine.pk}/").content.decode()
    assert "No offering that is" in page
    assert "keeping data in the Netherlands" in page
    assert "Offerings left after each condition" in page
    assert "data stored or processed in DE" in page  # what the nearest fail
    assert f'href="/en/cloud/offerings/{Offering.objects.get(name="Zuid").pk}/"' in page


def test_another_organisation_gets_404(client, accounts, supply):
    mine = utrecht_need()
    sign_in(client, "amsterdam-editor")
    for url in (f"/cloud/behoeften/{mine.pk}/", f"/cloud/behoeften/{mine.pk}/wijzigen/",
                f"/cloud/behoeften/{mine.pk}/verwijderen/", f"/api/v1/cloud-needs/{mine.pk}/matches"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(f"/cloud/behoeften/{mine.pk}/verwijderen/").status_code == 404
    assert Need.objects.filter(pk=mine.pk).exists()


def test_the_owner_changes_and_removes_a_need_after_confirming(client, accounts):
    mine = utrecht_need()
    sign_in(client, "utrecht-editor")
    edit = client.get(f"/cloud/behoeften/{mine.pk}/wijzigen/").content.decode()
    assert 'value="2" selected' in edit  # SOV-1's minimum shown as stored
    assert client.post(f"/cloud/behoeften/{mine.pk}/wijzigen/", form(title="Nieuw", volume="20")).status_code == 302
    mine.refresh_from_db()
    assert (mine.title, mine.volume) == ("Nieuw", 20)
    assert "Remove the need" in client.get(f"/en/cloud/needs/{mine.pk}/remove/").content.decode()
    assert Need.objects.filter(pk=mine.pk).exists()  # asking is not removing
    assert client.post(f"/cloud/behoeften/{mine.pk}/verwijderen/").status_code == 302
    assert not Need.objects.filter(pk=mine.pk).exists()


def test_a_viewer_and_the_programme_do_not_remove_it(client, accounts):
    mine = utrecht_need()
    for who in ("utrecht-viewer", "programme"):
        sign_in(client, who)
        assert client.post(f"/cloud/behoeften/{mine.pk}/verwijderen/").status_code == 403
        client.logout()
    assert Need.objects.filter(pk=mine.pk).exists()


def test_the_api_answers_the_ranked_matches_or_the_blocker(client, accounts, supply):
    mine = utrecht_need()
    assert client.get(f"/api/v1/cloud-needs/{mine.pk}/matches").status_code == 401
    sign_in(client, "utrecht-viewer")
    body = client.get(f"/api/v1/cloud-needs/{mine.pk}/matches").json()
    assert body["total"] == 2 and [m["offering"] for m in body["matches"]] == ["Noord", "Zuid"]
    assert body["matches"][1]["costEur"] == 3600 and body["matches"][1]["sovereigntyScore"] == 75
    assert body["blockedBy"] is None and body["blocker"] == ""
    blocked = utrecht_need(data_territory="nl", title="NL")
    body = client.get(f"/api/v1/cloud-needs/{blocked.pk}/matches").json()
    assert body["total"] == 0 and body["blockedBy"] == "territory"
    assert [s["left"] for s in body["funnel"]][:3] == [2, 2, 0]
    assert {n["offering"] for n in body["near"]} == {"Noord", "Zuid"}
    assert client.get("/api/v1/cloud-needs/999999/matches").status_code == 404


def test_a_bad_change_is_refused_and_the_need_kept_as_it_was(client, accounts):
    mine = utrecht_need()
    sign_in(client, "utrecht-editor")
    before = snapshot()
    response = client.post(f"/cloud/behoeften/{mine.pk}/wijzigen/", form(title="Nieuw", ends_on="2026-06-30"))
    assert response.status_code == 400 and "ends_on" in response.context["form"].errors
    assert snapshot() == before
