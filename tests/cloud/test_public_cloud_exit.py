"""Out of the public cloud: the constraints derived from a critical service on a third-country cloud, and its
migration candidates, on a catalogue whose answers were worked out by hand (in the comments)."""

import pytest
from django.utils import translation

from tests.cloud.builders import offering, provider
from thorbecke.cloud.public_cloud_exit import exits
from thorbecke.landscape.models import Entity, Supplier
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def catalogue(register):
    """Scores by the framework's weights (summing to 100) x level / 4: all at 4 -> 100, at 3 -> 75, at 2 -> 50,
    at 1 -> 25. Polder (SaaS, NL, 100), Euro (SaaS, DE, keys with an EU provider, 75), Klein (SaaS, NL, only up to
    intern, 50), Vierde (SaaS, NL, 25), Hyper (SaaS, processed in the US: fails the territory), Vast (SaaS, no exit
    terms), Rekenkracht (IaaS, NL, 100)."""
    nl, de, us = provider("Polder Cloud BV"), provider("EuroWolk GmbH", "DE"), provider("Hyper Cloud Inc.", "US")
    offering("Polder", by=nl, service_model="saas")
    offering("Euro", [3] * 8, by=de, service_model="saas", deployment="eu-public", data_locations=["DE"],
             processing_locations=["DE"], key_holder="provider-eu")  # fmt: skip
    offering("Klein", [2] * 8, by=nl, service_model="saas", classification="intern")
    offering("Vierde", [1] * 8, by=nl, service_model="saas")
    offering("Hyper", by=us, service_model="saas", deployment="third-country-public", data_locations=["US"],
             processing_locations=["US"], key_holder="provider-third-country")  # fmt: skip
    offering("Vast", by=nl, service_model="saas", exit_extraction=False)
    offering("Rekenkracht", by=nl)


def entity(name: str, **fields) -> Entity:
    utrecht = Organisation.objects.get(code="gm0344")
    values = {"kind": "Component", "namespace": "gm0344", "source": "seed", "hosting": "cloud", "jurisdiction": "US",
              **fields}  # fmt: skip
    return Entity.objects.create(name=name, owner=utrecht, **values)


def by_name() -> dict:
    return {e.service.entity.name: e for e in exits(Scope.everything())}


def test_a_suppliers_confidential_service_moves_to_eu_saas(catalogue):
    """A component from a supplier -> saas; confidentiality HIGH -> departementaal-vertrouwelijk. Klein is allowed
    only up to intern, Vierde passes at 25, Hyper stores in the US, Vast has no exit terms: Polder (100), Euro
    (75), Vierde (25)."""
    entity("zaken", supplier=Supplier.objects.create(name="Zaakleverancier", country="US"), confidentiality=3)
    found = by_name()["zaken"]
    assert (found.constraints.service_model, found.constraints.classification) == (
        "saas",
        "departementaal-vertrouwelijk",
    )
    assert (found.constraints.data_territory, found.constraints.keys, found.constraints.exit_terms) == (
        "eu",
        "eu",
        True,
    )
    assert [m.name for m in found.result.matches] == ["Polder", "Euro", "Vierde"]
    assert found.result.total == 3
    assert "keys held by Provider in the EU" in found.result.matches[1].passes


def test_top_three_of_four(catalogue):
    """Confidentiality MEDIUM -> intern: Klein passes too. Four pass (100, 75, 50, 25); the top three are shown."""
    entity("formulieren", supplier=Supplier.objects.create(name="Formulieren BV", country="US"), confidentiality=2,
           availability=3)  # fmt: skip
    found = by_name()["formulieren"]
    assert found.constraints.classification == "intern"
    assert [m.name for m in found.result.matches] == ["Polder", "Euro", "Klein"]
    assert found.result.total == 4


def test_own_component_with_nothing_to_move_to_is_blocked(catalogue):
    """A component of its own -> paas; confidentiality not stated -> intern. No PaaS offering: blocked at the first
    gate."""
    entity("website", type="website", availability=3)
    found = by_name()["website"]
    assert found.constraints.service_model == "paas"
    assert found.constraints.classification == "intern"
    assert found.result.matches == []
    assert found.result.blocked_by.gate == "service_model"
    assert found.result.blocker == "No offering that is Platform as a Service."


def test_resources_and_clusters(catalogue):
    """A database (Resource) -> iaas, confidentiality LOW -> openbaar: Rekenkracht. A Kubernetes cluster -> caas."""
    entity("zaken-db", kind="Resource", type="database", integrity=3, confidentiality=1)
    entity("cluster", kind="Resource", type="kubernetes", availability=3)
    found = by_name()
    assert found["zaken-db"].constraints.classification == "openbaar"
    assert [m.name for m in found["zaken-db"].result.matches] == ["Rekenkracht"]
    assert found["cluster"].constraints.service_model == "caas"
