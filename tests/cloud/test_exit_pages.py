"""The pages of out of the public cloud and of contracts: who sees what, and a contract refused with the field
named, changing nothing."""

from datetime import date

import pytest

from tests.cloud.builders import offering, provider
from tests.cloud.test_contract_pooling import contract
from tests.conftest import PASSWORD, snapshot
from thorbecke.cloud.models import Contract
from thorbecke.landscape.models import Entity
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

EXIT = "/en/cloud/out-of-the-public-cloud/"
CONTRACTS = "/en/cloud/contracts/"
NEW_CONTRACT = "/en/cloud/contracts/new/"


def utrecht_on_hyper_cloud() -> Entity:
    """Utrecht's case system on a US provider's cloud, availability HIGH; and one EU SaaS offering to move to."""
    provider("Polder Cloud BV")
    offering("Polder SaaS", service_model="saas")
    owner = Organisation.objects.get(code="gm0344")
    return Entity.objects.create(kind="Component", namespace="gm0344", name="zaken", title="Zaaksysteem Utrecht",
                                 owner=owner, source="seed", hosting="cloud", hosting_provider="Hyper Cloud",
                                 jurisdiction="US", availability=3, type="kubernetes")  # fmt: skip


def test_exit_page_shows_own_services_with_why_and_the_blocker(client, accounts):
    utrecht_on_hyper_cloud()
    assert client.get(EXIT).status_code == 302  # to sign in
    client.login(username="utrecht-viewer", password=PASSWORD)
    page = client.get(EXIT).content.decode()
    assert "Zaaksysteem Utrecht" in page and "hosting provider under the law of US" in page
    assert "No migration candidate." in page  # a Kubernetes cluster asks for CaaS; the catalogue has only SaaS
    client.login(username="amsterdam-editor", password=PASSWORD)
    assert "Zaaksysteem Utrecht" not in client.get(EXIT).content.decode()
    client.login(username="programme", password=PASSWORD)
    assert "Zaaksysteem Utrecht" in client.get("/cloud/uit-de-publieke-cloud/").content.decode()


def test_exit_page_lists_candidates(client, accounts):
    entity = utrecht_on_hyper_cloud()
    entity.type = "service"
    entity.save()  # an own component: PaaS; none in the catalogue. As a supplier's: SaaS.
    from thorbecke.landscape.models import Supplier

    entity.supplier = Supplier.objects.create(name="Zaakleverancier", country="NL")
    entity.save()
    client.login(username="utrecht-editor", password=PASSWORD)
    page = client.get(EXIT).content.decode()
    assert "Migration candidates" in page and "Polder SaaS" in page


def form(**fields) -> dict:
    return {"product": "Kantoor 365", "supplier": "Hyper Cloud BV", "annual_value_eur": "1200",
            "starts_on": "2026-01-01", "ends_on": "2027-12-31", "terms": "EUR 10 per user per month",
            **fields}  # fmt: skip


def test_a_contract_is_added_for_the_own_organisation(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    assert client.post(NEW_CONTRACT, form()).status_code == 302
    added = Contract.objects.get()
    assert (added.organisation.code, added.ends_on) == ("gm0344", date(2027, 12, 31))
    assert "Kantoor 365" in client.get(CONTRACTS).content.decode()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"ends_on": "2025-12-31"}, "ends_on", "The contract cannot end before it starts."),
        ({"annual_value_eur": "-1"}, "annual_value_eur", "A value cannot be negative."),
        ({"product": ""}, "product", "This field is required."),
    ],
)
def test_bad_contracts_are_refused_with_the_field_named(client, accounts, fields, field, message):
    client.login(username="utrecht-editor", password=PASSWORD)
    before = snapshot()
    response = client.post(NEW_CONTRACT, form(**fields))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert snapshot() == before and not Contract.objects.exists()


def test_a_viewer_may_not_add(client, accounts):
    client.login(username="utrecht-viewer", password=PASSWORD)
    assert client.post(NEW_CONTRACT, form()).status_code == 403
    assert not Contract.objects.exists()


def four_holders(first_two: bool = True) -> None:
    """Kantoor 365 under different terms: Utrecht 120,000, Amsterdam 200,000, Rotterdam 30,000, Zeist 10,000: four
    organisations, 360,000 a year; so each member sees it among three others."""
    if first_two:
        contract("gm0344", "Kantoor 365", "Hyper Cloud BV", 120_000, date(2027, 12, 31), "UTRECHT-TERMS")
        contract("gm0363", "Kantoor 365", "Hyper Cloud BV", 200_000, date(2028, 6, 30), "AMSTERDAM-TERMS")
    contract("gm0599", "Kantoor 365", "Hyper Cloud BV", 30_000, date(2028, 6, 30), "ROTTERDAM-TERMS")
    contract("gm0355", "Kantoor 365", "Hyper Cloud BV", 10_000, date(2028, 6, 30), "ZEIST-TERMS")


def test_pooling_names_for_the_programme_count_and_total_for_a_member(client, accounts):
    contract("gm0344", "Kantoor 365", "Hyper Cloud BV", 120_000, date(2027, 12, 31), "UTRECHT-TERMS")
    contract("gm0363", "Kantoor 365", "Hyper Cloud BV", 200_000, date(2028, 6, 30), "AMSTERDAM-TERMS")
    client.login(username="amsterdam-editor", password=PASSWORD)
    page = client.get(CONTRACTS).content.decode()
    assert "320,000" not in page, "with one other, the total would be Utrecht's contract"
    four_holders(first_two=False)
    page = client.get(CONTRACTS).content.decode()
    assert "AMSTERDAM-TERMS" in page and "360,000" in page
    assert "UTRECHT-TERMS" not in page and "Utrecht" not in page
    client.login(username="programme", password=PASSWORD)
    page = client.get(CONTRACTS).content.decode()
    assert "UTRECHT-TERMS" in page and "AMSTERDAM-TERMS" in page and "Utrecht" in page


def test_pooling_api_as_the_reader_may_see_it(client, accounts):
    four_holders()
    assert client.get("/api/v1/cloud-contracts/pooling").status_code == 401
    client.login(username="amsterdam-editor", password=PASSWORD)
    [member] = client.get("/api/v1/cloud-contracts/pooling").json()["results"]
    assert (member["organisations"], member["totalPerYear"], member["contracts"]) == (4, 360_000, [])
    client.login(username="programme", password=PASSWORD)
    [full] = client.get("/api/v1/cloud-contracts/pooling").json()["results"]
    assert [c["organisation"] for c in full["contracts"]] == ["gm0344", "gm0363", "gm0599", "gm0355"]
    assert full["earliestEnd"] == "2027-12-31"


def exit_with_a_candidate() -> str:
    """For the accessibility run: Utrecht's cluster on a US cloud with a CaaS offering to move to, and a pooling
    opportunity; the exit page's path. Called once per language: the second call adds nothing."""
    if not Entity.objects.filter(name="zaken", namespace="gm0344").exists():
        utrecht_on_hyper_cloud()
        offering("Polder Kubernetes", service_model="caas")
        contract("gm0344", "Kantoor 365", "Hyper Cloud BV", 120_000, date(2027, 12, 31), "EUR 10 per gebruiker")
        contract("gm0363", "Kantoor 365", "Hyper Cloud BV", 200_000, date(2028, 6, 30), "EUR 12 per gebruiker")
    return "/cloud/uit-de-publieke-cloud/"
