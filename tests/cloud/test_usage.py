"""Which organisations already use an offering: by a contract for it, or by a landscape that names its provider as
host; the count for everyone, the names for the programme."""

from datetime import date

import pytest

from tests.cloud.builders import offering, provider
from tests.conftest import PASSWORD
from thorbecke.cloud.models import Contract
from thorbecke.cloud.usage import brand, hosted_at, users_of
from thorbecke.landscape.models import Entity
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_landscape_host_is_the_provider_by_its_brand():
    assert brand("Leaseweb (LeaseWeb Global B.V.)") == "leaseweb"
    assert brand("Amazon Web Services — AWS European Sovereign Cloud") == "amazonwebservices"
    assert hosted_at("Leaseweb (LeaseWeb Global B.V.)", "Leaseweb Amsterdam")
    assert hosted_at("Microsoft (Azure)", "Microsoft Azure")
    assert hosted_at("Polder Cloud BV", "Polder Cloud")  # the legal form left out on both sides
    assert not hosted_at("Microsoft (Azure)", "Google Cloud")
    assert not hosted_at("Microsoft (Azure)", "")


@pytest.fixture
def used(register):
    """Utrecht holds a contract for it; Amsterdam's landscape hosts a service at "Polder Cloud Rotterdam"; Rotterdam's
    at another provider. So two organisations use it: one by contract, one by landscape."""
    polder = provider("Polder Cloud BV", "NL")
    found = offering("Polder IaaS", by=polder)
    utrecht, amsterdam, rotterdam = (Organisation.objects.get(code=c) for c in ("gm0344", "gm0363", "gm0599"))
    Contract.objects.create(organisation=utrecht, product="Polder IaaS", supplier="Polder Cloud BV", offering=found,
                            annual_value_eur=1000, starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31),
                            terms="per vCPU")  # fmt: skip
    for owner, host in ((amsterdam, "Polder Cloud Rotterdam"), (rotterdam, "Andere Wolk")):
        Entity.objects.create(kind="Component", namespace=owner.code, name="zaken", owner=owner, hosting="cloud",
                              hosting_provider=host, source="seed")  # fmt: skip
    return found


def test_users_by_contract_and_by_landscape(used):
    usage = users_of(used)
    assert [o.code for o in usage.organisations] == ["gm0363", "gm0344"]  # by sort name: Amsterdam, Utrecht
    assert (usage.count, usage.by_contract, usage.by_landscape) == (2, 1, 1)


def test_the_page_names_them_only_to_the_programme_and_counts_only_three_or_more(client, accounts, used):
    """Two users: too few to count for anyone but the programme (a count of one or two points at an organisation, and
    any editor can choose a provider's name to test). A third, by contract: 3, counted for all."""
    url = f"/en/cloud/offerings/{used.pk}/"
    anonymous = client.get(url).content.decode()
    assert "Fewer than three organisations are known to use it" in anonymous and "2 organisations" not in anonymous
    client.login(username="utrecht-editor", password=PASSWORD)
    utrecht = client.get(url).content.decode()
    assert "Your organisation is one of them." in utrecht and "gemeente Amsterdam" not in utrecht
    client.login(username="programme", password=PASSWORD)
    programme = client.get(url).content.decode()
    assert (
        "2 organisations use it" in programme and "gemeente Amsterdam" in programme and "gemeente Utrecht" in programme
    )
    Contract.objects.create(organisation=Organisation.objects.get(code="gm0518"), product="Polder IaaS",
                            supplier="Polder Cloud BV", offering=used, annual_value_eur=1, starts_on=date(2026, 1, 1),
                            ends_on=date(2027, 1, 1), terms="per vCPU")  # fmt: skip
    client.logout()
    anonymous = client.get(url).content.decode()
    assert "3 organisations use it" in anonymous and "gemeente Amsterdam" not in anonymous
