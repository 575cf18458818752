"""The catalogue's pages: the public list and one offering (its sovereignty table computed by hand), adding a
provider and an offering, and every kind of bad input refused with its field named and nothing stored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cloud.builders import offering, provider
from tests.cloud.test_haven import output
from tests.conftest import PASSWORD, snapshot
from thorbecke.cloud.models import Certification, Offering, Provider, SovereigntyAssessment

pytestmark = pytest.mark.django_db


def state() -> tuple:
    return (snapshot(), list(Provider.objects.values_list()), list(Offering.objects.values_list()),
            list(Certification.objects.values_list()), list(SovereigntyAssessment.objects.values_list()),
            list(Offering.runs_on.through.objects.values_list()))  # fmt: skip


def offering_form(provider_pk: int, **changes) -> dict:
    data = {
        "provider": str(provider_pk), "name": "Polder Compute", "description": "Virtuele machines in Nederland.",
        "service_model": "iaas", "deployment": "dutch-public", "data_locations": "NL", "processing_locations": "nl",
        "key_holder": "customer", "support_territory": "nl", "classification": "intern", "price_eur": "12.50",
        "price_unit": "vCPU", "exit_extraction": "on", "exit_formats": "OVF", "exit_notice_days": "30",
        "certificates-TOTAL_FORMS": "1", "certificates-INITIAL_FORMS": "0",
        "certificates-0-scheme": "ISO/IEC 27001", "certificates-0-scope": "Alle diensten",
        "certificates-0-issuer": "Certificeerder BV",
        "certificates-0-expires_on": (timezone.localdate() + timedelta(days=365)).isoformat(),
    }  # fmt: skip
    for n in range(1, 9):
        data[f"sov{n}_level"] = "3"
        data[f"sov{n}_evidence"] = f"Bewijs voor SOV-{n}"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def polder(accounts):
    return provider("Polder Cloud BV", "NL", added_by="gm0344")


@pytest.fixture
def hyper(accounts):
    return provider("Hyper Cloud Ireland", "IE", chain=[{"name": "Hyper Cloud Inc.", "country": "US"}])


def test_the_list_is_public_and_searchable(client, polder):
    offering("Polder Compute", by=polder, description="Virtuele machines met GPU.")
    offering("Polder Opslag", [2] * 8, by=polder, certificates={"BSI C5": timezone.localdate() - timedelta(days=3)})
    page = client.get("/en/cloud/offerings/?q=gpu").content.decode()
    assert "1 offering found" in page and "Polder Compute" in page and "Polder Opslag" not in page
    page = client.get("/cloud/aanbod/?sort=name").content.decode()
    assert "Polder Opslag" in page and "BSI C5" in page


def test_one_offering_shows_the_score_computed_and_what_it_inherits(client, polder):
    # Base at levels 2; Top all 4 but runs on Base: effective 2 everywhere, score sum(weight x 2 / 4) = 50.
    # SOV-5 (weight 20): 20 x 2 / 4 = 10.
    base = offering("Base", [2] * 8, by=polder)
    top = offering("Top", by=polder, runs_on=[base], certificates={"BSI C5": timezone.localdate() - timedelta(days=1)})
    page = client.get(f"/en/cloud/offerings/{top.pk}/").content.decode()
    assert "20 \u00d7 2 \u00f7 4 = 10" in page and "<strong>50</strong>" in page
    assert f'(from <a class="utrecht-link" href="/en/cloud/offerings/{base.pk}/">' in page
    assert "expired: does not count in matching" in page
    assert "Whose law reaches it" in page


def test_staff_add_a_provider_and_an_offering_as_their_own(client, accounts, polder):
    client.login(username="utrecht-editor", password=PASSWORD)
    response = client.post("/en/cloud/providers/new/", {"name": "Wolk BV", "kvk_number": "12345678", "country": "nl",
                                                         "ownership_chain": "Wolk Holding BV, NL"})  # fmt: skip
    assert response.status_code == 302
    wolk = Provider.objects.get(name="Wolk BV")
    assert wolk.country == "NL" and wolk.ownership_chain == [{"name": "Wolk Holding BV", "country": "NL"}]
    assert wolk.added_by.code == "gm0344"
    response = client.post("/en/cloud/offerings/new/", offering_form(wolk.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    made = Offering.objects.get(name="Polder Compute")
    assert made.added_by.code == "gm0344" and made.processing_locations == ["NL"]
    assert made.assessments.count() == 8 and made.certifications.get().issuer == "Certificeerder BV"
    # Another organisation may not change it; its owner may.
    client.login(username="amsterdam-editor", password=PASSWORD)
    assert client.get(f"/en/cloud/offerings/{made.pk}/edit/").status_code == 403
    client.login(username="utrecht-admin", password=PASSWORD)
    form = offering_form(wolk.pk, name="Polder Compute 2", runs_on=None)
    assert client.post(f"/en/cloud/offerings/{made.pk}/edit/", form).status_code == 302
    assert Offering.objects.get(pk=made.pk).name == "Polder Compute 2"


def test_a_caas_offering_with_a_haven_result(client, accounts, polder):
    client.login(username="utrecht-editor", password=PASSWORD)
    form = offering_form(polder.pk, service_model="caas", haven_output=output())
    assert client.post("/en/cloud/offerings/new/", form).status_code == 302
    made = Offering.objects.get(name="Polder Compute")
    assert made.haven["compliant"] is True and len(made.haven["checks"]) == 16 and made.haven_checked_at


@pytest.mark.parametrize(
    ("url", "changes", "field"),
    [
        ("providers/new/", {"kvk_number": "1234567"}, "kvk_number"),
        ("providers/new/", {"kvk_number": "87654321"}, "kvk_number"),  # already used
        ("providers/new/", {"country": "XX"}, "country"),
        ("providers/new/", {"ownership_chain": "Moeder, Nederland"}, "ownership_chain"),
        ("offerings/new/", {"certificates-0-expires_on": "2020-01-01"}, "certificates-0-expires_on"),
        ("offerings/new/", {"data_locations": "NL, Holland"}, "data_locations"),
        ("offerings/new/", {"processing_locations": "ZZ"}, "processing_locations"),
        ("offerings/new/", {"sov5_level": "2", "sov5_evidence": " "}, "sov5_evidence"),
        ("offerings/new/", {"classification": "geheim-ish"}, "classification"),
        ("offerings/new/", {"service_model": "faas"}, "service_model"),
        ("offerings/new/", {"haven_output": "not a result"}, "haven_output"),  # and not caas
        ("offerings/new/", {"service_model": "caas", "haven_output": "kubectl get nodes"}, "haven_output"),
        ("offerings/new/", {"name": "Bestaand"}, "name"),  # the provider has an offering of this name
    ],
)
def test_bad_input_is_refused_with_the_field_named(client, accounts, polder, url, changes, field):
    offering("Bestaand", by=polder)
    provider("Bestaande BV", kvk_number="87654321")
    client.login(username="utrecht-editor", password=PASSWORD)
    base = (offering_form(polder.pk) if url.startswith("offerings") else
            {"name": "Nieuw BV", "kvk_number": "", "country": "NL", "ownership_chain": ""})  # fmt: skip
    before = state()
    response = client.post(f"/en/cloud/{url}", {**base, **changes})
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in response.content.decode()
    assert state() == before


@pytest.mark.parametrize(
    ("deployment", "key_holder", "locations", "field"),
    [
        ("dutch-public", "customer", "NL", "deployment"),  # owned in the US
        ("eu-public", "customer", "IE", "deployment"),  # owned in the US
        ("third-country-public", "provider-eu", "IE", "key_holder"),  # the CLOUD Act reaches its keys
    ],
)
def test_the_ownership_chain_decides_deployment_and_key_holder(client, accounts, hyper, deployment, key_holder,
                                                               locations, field):  # fmt: skip
    client.login(username="programme", password=PASSWORD)
    before = state()
    form = offering_form(hyper.pk, deployment=deployment, key_holder=key_holder, data_locations=locations,
                         processing_locations=locations)  # fmt: skip
    response = client.post("/en/cloud/offerings/new/", form)
    assert response.status_code == 400 and f'id="id_{field}-error"' in response.content.decode()
    assert state() == before


def test_third_country_public_for_an_eu_chain_only_with_data_outside_the_eu(client, accounts, polder):
    # Decision 0052: Polder's chain is all NL; "third-country public" is refused while its data stays in the EU,
    # and accepted once it is processed in the US.
    client.login(username="utrecht-editor", password=PASSWORD)
    form = offering_form(polder.pk, deployment="third-country-public")
    assert client.post("/en/cloud/offerings/new/", form).status_code == 400
    form["processing_locations"] = "NL, US"
    assert client.post("/en/cloud/offerings/new/", form).status_code == 302


def test_an_offering_may_not_run_on_itself_down_the_chain(client, accounts, polder):
    a = offering("A", by=polder)
    b = offering("B", by=polder, runs_on=[a])
    client.login(username="utrecht-editor", password=PASSWORD)
    before = state()
    response = client.post(f"/en/cloud/offerings/{a.pk}/edit/", offering_form(polder.pk, name="A", runs_on=[b.pk]))
    assert response.status_code == 400 and 'id="id_runs_on-error"' in response.content.decode()
    assert state() == before
