"""The critical services on a public cloud outside the EU, and who uses each hosting provider, on a landscape of
five entities whose answers were worked out by hand (in the comments)."""

import pytest
from django.utils import translation

from thorbecke.landscape.cloud_hosting import critical_on_third_country_cloud, organisations_by_hosting_provider
from thorbecke.landscape.models import Entity, Supplier
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def entity(code: str, name: str, **fields) -> Entity:
    owner = Organisation.objects.get(code=code)
    values = {"kind": "Component", "namespace": code, "source": "seed", **fields}
    return Entity.objects.create(name=name, owner=owner, **values)


@pytest.fixture
def landscape(register):
    """Utrecht: zaken (cloud, US jurisdiction, availability HIGH): counts;
    mail (cloud, EU jurisdiction, but a US supplier and data in the US, confidentiality HIGH): counts, twice over;
    web (cloud, US jurisdiction, but only MEDIUM everywhere): not critical;
    archief (own data centre, US supplier, integrity HIGH): not in the cloud.
    Amsterdam: crm (cloud, jurisdiction IE, data NL, availability HIGH): in the EU, does not count."""
    us = Supplier.objects.create(name="Amerikaanse Leverancier", country="US")
    entity("gm0344", "zaken", hosting="cloud", hosting_provider="Hyper Cloud", jurisdiction="US", availability=3)
    entity("gm0344", "mail", hosting="cloud", hosting_provider="Euro Cloud", jurisdiction="DE", data_location="US",
           supplier=us, confidentiality=3)  # fmt: skip
    entity("gm0344", "web", hosting="cloud", hosting_provider="Hyper Cloud", jurisdiction="US", availability=2,
           integrity=2, confidentiality=2)  # fmt: skip
    entity("gm0344", "archief", hosting="own", supplier=us, integrity=3)
    entity("gm0363", "crm", hosting="cloud", hosting_provider="Hyper Cloud", jurisdiction="IE", data_location="NL",
           availability=3)  # fmt: skip


def test_critical_on_third_country_cloud_with_why(landscape):
    with translation.override("en"):
        found = {
            s.entity.name: [o.text for o in s.outside] for s in critical_on_third_country_cloud(Scope.everything())
        }
    assert found == {
        "zaken": ["hosting provider under the law of US"],
        "mail": ["supplier established in US", "data stored in US"],
    }


def test_an_organisation_sees_only_its_own(landscape):
    utrecht, amsterdam = Organisation.objects.get(code="gm0344"), Organisation.objects.get(code="gm0363")
    assert {s.entity.name for s in critical_on_third_country_cloud(Scope.of_organisation(utrecht))} == {"zaken", "mail"}
    assert critical_on_third_country_cloud(Scope.of_organisation(amsterdam)) == []
    assert critical_on_third_country_cloud(Scope.nothing()) == []


def test_organisations_by_hosting_provider(landscape):
    """Hyper Cloud hosts Utrecht's zaken and web (Utrecht once) and Amsterdam's crm; Euro Cloud Utrecht's mail; the
    archive states no provider. Amsterdam's staff see only Amsterdam."""
    everything = organisations_by_hosting_provider(Scope.everything())
    assert {name: [o.code for o in orgs] for name, orgs in everything.items()} == {
        "Euro Cloud": ["gm0344"],
        "Hyper Cloud": ["gm0363", "gm0344"],
    }
    amsterdam = Scope.of_organisation(Organisation.objects.get(code="gm0363"))
    assert {n: [o.code for o in orgs] for n, orgs in organisations_by_hosting_provider(amsterdam).items()} == {
        "Hyper Cloud": ["gm0363"]
    }
