import json
from datetime import date

import numpy as np
import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from django.conf import settings

from thorbecke.landscape import analysis, cyclonedx, graph
from thorbecke.landscape.building_blocks import import_building_blocks
from thorbecke.landscape.catalog import read_csv, read_cyclonedx
from thorbecke.landscape.importer import import_drafts
from thorbecke.landscape.models import Entity, Supplier
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.geo import get_locator
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def test_what_depends_on_a_shared_building_block_reaches_citizen_services_and_organisations(landscape):
    national = graph.current()
    failed = national.failing(entity="component:shared/zaaksysteem-saas")
    result = analysis.impact(national, failed)
    described = analysis.describe(national, result, Scope.everything())
    # Utrecht and Amsterdam use the SaaS case system; Groningen has its own supplier.
    assert sorted(row["organisation"] for row in described["organisations"]) == [
        "gm0344",
        "gm0363",
        "rijk-ministerie-van-binnenlandse-zaken",
    ]
    assert sorted(described["citizen_services"]) == [
        "component:gm0344/parkeervergunning",
        "component:gm0363/parkeervergunning",
    ]
    # The ministry owns the shared entity and serves the whole country: every address counts.
    everyone = get_locator().addresses_affected({"rijk-x"})
    assert described["addresses_affected"] == everyone
    assert [wave["first"] for wave in described["recovery_order"]] == [
        ["component:shared/zaaksysteem-saas"],
        ["component:gm0344/zaken", "component:gm0363/zaken"],
        ["component:gm0344/parkeervergunning", "component:gm0363/parkeervergunning"],
    ]


def test_addresses_count_the_areas_of_the_organisations_hit():
    locator = get_locator()
    utrecht, amsterdam = locator.addresses_affected({"gm0344"}), locator.addresses_affected({"gm0363"})
    assert 150_000 < utrecht < 250_000 and 300_000 < amsterdam < 450_000  # CBS PC4 address counts
    assert locator.addresses_affected({"gm0344", "gm0363"}) == utrecht + amsterdam
    assert locator.addresses_affected({"gm0344", "pv26"}) == locator.addresses_affected({"pv26"})  # Utrecht is in it


def test_a_supplier_failure_takes_down_its_own_and_its_shared_entities(landscape):
    national = graph.current()
    supplier = Supplier.objects.get(name="Zaakleverancier BV")
    failed = national.failing(supplier=supplier.pk)
    assert sorted(national.nodes[i].ref for i in failed) == [
        "component:gm0344/zaken",
        "component:gm0363/zaken",
        "component:shared/zaaksysteem-saas",
    ]
    groningen = Organisation.objects.get(code="gm0014").pk
    assert groningen not in analysis.impact(national, failed).organisations
    assert national.failing(provider="azure", region="WestEurope").size == 1


def test_supplier_concentration_gives_shares_and_hhi(landscape):
    (row,) = analysis.concentration(Scope.everything())
    assert row["function"] == "zaaksysteem" and row["organisations"] == 3
    assert [(s["supplier"], s["organisations"]) for s in row["suppliers"]] == [
        ("Zaakleverancier BV", 2),
        ("Andere Leverancier", 1),
    ]
    assert row["hhi"] == round((200 / 3) ** 2 + (100 / 3) ** 2)  # 5,556: highly concentrated


def test_dependence_outside_the_eu_and_legacy(landscape):
    rows = analysis.outside_eu(Scope.everything())
    assert rows == [{"kind": "hosting", "name": "Azure", "country": "US", "organisations": 3}]
    legacy = analysis.legacy(Scope.everything(), today=date(2025, 1, 1))
    first = legacy[0]
    assert (first["entity"].ref, first["past"], first["criticality"]) == (
        "component:gm0014/zaken",
        False,
        3,
    )
    assert all(row["past"] for row in analysis.legacy(Scope.everything(), today=date(2026, 1, 1)))


def test_single_points_of_failure_are_shared_entities_hitting_several_organisations(landscape):
    refs = [row["ref"] for row in analysis.single_points_of_failure()]
    assert set(refs) == {"component:shared/digid", "component:shared/zaaksysteem-saas"}


def test_the_cyclonedx_export_is_valid_and_imports_again(landscape):
    api = "kind,name,supplier,supplier-country,providesApis\nAPI,zaken-api,Zaakleverancier BV,NL,\n"
    api += "Component,zaken-adapter,,,api:zaken-api\n"
    import_drafts(landscape["gm0344"], read_csv(api), "csv")
    bom = cyclonedx.export(landscape["gm0344"])
    assert bom["services"][0]["provider"]["name"] == "Zaakleverancier BV"
    text = json.dumps(bom)
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    refs = {c["bom-ref"] for c in bom["components"]}
    assert {"component:gm0344/zaken", "component:shared/digid", "resource:gm0344/zaken-db"} <= refs
    zaken = next(d for d in bom["dependencies"] if d["ref"] == "component:gm0344/zaken")
    assert zaken["dependsOn"] == ["component:shared/zaaksysteem-saas", "resource:gm0344/zaken-db"]
    assert len(read_cyclonedx(text)) == len(bom["components"]) + len(bom["services"])


def test_the_national_building_blocks_come_from_the_shared_data(register):
    result = import_building_blocks(settings.SHARED_DATA_DIR)
    assert result.created == 21 + 5  # 26 rows name 21 provisions; five blocks are outside the GDI model
    digikoppeling = Entity.objects.get(namespace="shared", name="digikoppeling")
    assert digikoppeling.owner.code == "rijk-logius" and digikoppeling.maintainer == "Logius"
    assert Entity.objects.get(namespace="shared", name="brp").owner.code == "rijk-rijksdienst-voor-identiteitsgegevens"
    assert import_building_blocks(settings.SHARED_DATA_DIR).created == 0


def test_dependents_of_many_failed_nodes_at_once_match_one_by_one(landscape):
    national = graph.current()
    nodes = np.arange(len(national.nodes))
    together = national.dependents(nodes[:3])
    apart = np.logical_or.reduce([national.dependents(np.array([n])) for n in nodes[:3]])
    assert (together == apart).all()


def test_an_import_with_the_same_supplier_name_shares_the_supplier(landscape):
    drafts = read_cyclonedx(
        json.dumps(
            {"bomFormat": "CycloneDX", "components": [{"name": "x", "supplier": {"name": "Zaakleverancier BV"}}]}
        )
    )
    import_drafts(landscape["gm0014"], drafts, "cyclonedx")
    assert Supplier.objects.filter(name="Zaakleverancier BV").count() == 1
