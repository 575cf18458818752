"""A small landscape on the real register: two municipalities, a province and a water board using
shared building blocks and SaaS from two suppliers."""

import pytest

from thorbecke.landscape.catalog import read_backstage
from thorbecke.landscape.importer import import_drafts
from thorbecke.registry.models import Organisation

SHARED = """
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: digid
  namespace: shared
  title: DigiD
spec: {type: service, lifecycle: production, owner: logius}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: zaaksysteem-saas
  namespace: shared
  annotations:
    thorbecke.nl/function: zaaksysteem
    thorbecke.nl/supplier: Zaakleverancier BV
    thorbecke.nl/supplier-country: NL
    thorbecke.nl/hosting: cloud
    thorbecke.nl/hosting-provider: Azure
    thorbecke.nl/hosting-region: westeurope
    thorbecke.nl/jurisdiction: US
spec: {type: service, lifecycle: production, owner: vendor}
"""


def municipality_catalog(saas: bool = True) -> str:
    """An organisation's catalog-info.yaml: a citizen service on a case system on a database."""
    case_system = (
        "  dependsOn:\n    - component:shared/zaaksysteem-saas\n    - resource:zaken-db\n"
        if saas
        else "  dependsOn:\n    - resource:zaken-db\n"
    )
    return f"""
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: parkeervergunning
  title: Parkeervergunning aanvragen
  annotations:
    thorbecke.nl/upl-product: http://standaarden.overheid.nl/owms/terms/parkeervergunning
spec:
  type: website
  lifecycle: production
  owner: team-parkeren
  dependsOn:
    - component:zaken
    - component:shared/digid
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: zaken
  annotations:
    thorbecke.nl/function: zaaksysteem
    thorbecke.nl/supplier: {"Zaakleverancier BV" if saas else "Andere Leverancier"}
    thorbecke.nl/availability: high
    thorbecke.nl/end-of-support: "2025-06-30"
spec:
  type: service
  lifecycle: production
  owner: team-zaken
{case_system}---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: zaken-db
spec: {{type: database, owner: team-zaken}}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-zaken
spec: {{type: team, children: []}}
"""


@pytest.fixture
def landscape(register):
    programme = Organisation.objects.get(code="rijk-ministerie-van-binnenlandse-zaken")
    import_drafts(programme, read_backstage(SHARED)[0], "test")
    for code, saas in (("gm0344", True), ("gm0363", True), ("gm0014", False)):
        drafts, skipped = read_backstage(municipality_catalog(saas))
        import_drafts(Organisation.objects.get(code=code), drafts, "test", skipped)
    return {o.code: o for o in Organisation.objects.filter(code__in=["gm0344", "gm0363", "gm0014"])}
