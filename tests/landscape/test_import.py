import pytest

from tests.landscape.conftest import municipality_catalog
from thorbecke.landscape import graph
from thorbecke.landscape.catalog import CatalogError, read_backstage, read_csv
from thorbecke.landscape.importer import import_drafts
from thorbecke.landscape.models import Entity, Relation, Supplier
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def stored() -> list[tuple]:
    entities = list(Entity.objects.order_by("pk").values_list("pk", "namespace", "name", "function", "owner_id"))
    relations = sorted(Relation.objects.values_list("source_id", "target_id", "type"))
    return [*entities, *relations, *Supplier.objects.order_by("pk").values_list("name", "country")]


def test_shared_building_blocks_are_one_node_that_many_depend_on(landscape):
    digid = Entity.objects.get(namespace="shared", name="digid")
    users = Relation.objects.filter(target=digid).values_list("source__owner__code", flat=True)
    assert sorted(users) == ["gm0014", "gm0344", "gm0363"]
    assert Entity.objects.filter(name="digid").count() == 1
    assert Supplier.objects.filter(name="Zaakleverancier BV").count() == 1


def test_importing_the_same_file_again_changes_nothing(landscape):
    before = stored()
    drafts, _ = read_backstage(municipality_catalog())
    result = import_drafts(landscape["gm0344"], drafts, "test")
    assert (result.created, result.updated) == (0, 3)
    assert stored() == before


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # An unknown reference: the first two rows are fine, the third is not.
        (
            "kind,name,dependsOn\nResource,db1,\nComponent,app,resource:db1\nComponent,app2,component:nergens\n",
            "row 4, dependsOn: component:gm0344/nergens is not in the landscape",
        ),
        # Writing into another organisation's namespace.
        ("kind,name\nComponent,app\n", None),
    ],
)
def test_a_bad_row_changes_nothing_and_is_named(landscape, text, words):
    before = stored()
    drafts = read_csv(text)
    if words is None:
        drafts[0].namespace = "gm0363"
        words = "'gm0363' is another organisation's"
    with pytest.raises(CatalogError, match=words):
        import_drafts(landscape["gm0344"], drafts, "csv")
    assert stored() == before


def test_nobody_takes_over_another_organisations_shared_entity(landscape):
    before = stored()
    drafts = read_csv("kind,name,function\nComponent,digid,overgenomen\n")
    drafts[0].namespace = "shared"
    utrecht = landscape["gm0344"]
    with pytest.raises(CatalogError, match="shared entries are created and changed by the national programme"):
        import_drafts(utrecht, drafts, "csv", scope=Scope.of_organisation(utrecht))
    assert stored() == before


def test_cycles_are_reported_and_recovery_still_has_an_order(landscape):
    utrecht = landscape["gm0344"]
    drafts = read_csv(
        "kind,name,dependsOn\nComponent,a,component:b\nComponent,b,component:c\n"
        "Component,c,component:a resource:zaken-db\n"
    )
    import_drafts(utrecht, drafts, "csv")
    national = graph.current()
    assert national.cycles(owner=utrecht.pk) == [["component:gm0344/a", "component:gm0344/b", "component:gm0344/c"]]
    failed = national.failing(entity="resource:gm0344/zaken-db")
    waves, cycles = national.recovery_waves(national.dependents(failed))
    refs = [[national.nodes[i].ref for i in wave] for wave in waves]
    assert refs[0] == ["resource:gm0344/zaken-db"]
    position = {ref: n for n, wave in enumerate(refs) for ref in wave}
    assert position["component:gm0344/a"] == position["component:gm0344/b"] == position["component:gm0344/c"] > 0
    assert position["component:gm0344/zaken"] < position["component:gm0344/parkeervergunning"]
    assert len(cycles) == 1


def test_the_graph_is_rebuilt_when_the_landscape_changes(landscape):
    first = graph.current()
    assert graph.current() is first
    import_drafts(landscape["gm0344"], read_csv("kind,name\nResource,extra\n"), "csv")
    second = graph.current()
    assert second is not first and "resource:gm0344/extra" in second.by_ref


def test_organisations_are_real_register_entries(landscape):
    assert Organisation.objects.get(code="gm0344").landscape_entities.count() == 3
