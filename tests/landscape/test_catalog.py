import json

import pytest

from tests.landscape.conftest import SHARED, municipality_catalog
from thorbecke.landscape.catalog import CatalogError, read_backstage, read_csv, read_cyclonedx


def test_a_backstage_catalog_imports_as_it_is_with_the_kinds_we_keep():
    drafts, skipped = read_backstage(municipality_catalog())
    assert [d.name for d in drafts] == ["parkeervergunning", "zaken", "zaken-db"]
    assert skipped == 1  # the Group
    zaken = drafts[1]
    assert (zaken.function, zaken.supplier, zaken.availability) == ("zaaksysteem", "Zaakleverancier BV", 3)
    assert zaken.end_of_support.isoformat() == "2025-06-30"
    assert ("dependsOn", "resource:zaken-db") in zaken.relations
    assert read_backstage(SHARED)[0][1].jurisdiction == "US"


@pytest.mark.parametrize(
    ("text", "where", "field"),
    [
        ("kind: Component\nmetadata: {name: 'bad name!'}\n", "document 1", "metadata.name"),
        ("kind: Component\n", "document 1", "metadata"),
        (
            "kind: Component\nmetadata: {name: a, annotations: {thorbecke.nl/availability: extreme}}\n",
            "document 1 (component:a)",
            "availability",
        ),
        (
            "kind: Component\nmetadata: {name: a}\n---\n"
            "kind: Component\nmetadata: {name: b}\nspec: {dependsOn: [zaken]}",
            "document 2 (component:b)",
            "spec.dependsOn",
        ),
        ("kind: Component\nmetadata: {name: a}\n---\nkind: Component\nmetadata: {name: a}\n", "document 2", "name"),
        ("kind: [unclosed\n", "catalog-info.yaml", "YAML"),
    ],
)
def test_a_bad_document_is_named_with_its_field(text, where, field):
    with pytest.raises(CatalogError) as caught:
        read_backstage(text)
    assert caught.value.where.startswith(where) and caught.value.field_name == field


def test_a_csv_sheet_names_its_bad_row():
    good = "kind,name,supplier,supplier-country,dependsOn\nComponent,zaken,Leverancier,NL,resource:db;component:x\n"
    (draft,) = read_csv(good)
    assert draft.relations == [("dependsOn", "resource:db"), ("dependsOn", "component:x")]
    with pytest.raises(CatalogError, match=r"row 3, end-of-support: '31-12-2025' is not a date"):
        read_csv("kind,name,end-of-support\nResource,db,2025-12-31\nResource,db2,31-12-2025\n")
    with pytest.raises(CatalogError, match="unknown columns colour"):
        read_csv("kind,name,colour\n")
    with pytest.raises(CatalogError, match="row 2, supplier-country"):
        read_csv("kind,name,supplier-country\nComponent,a,Nederland\n")


def test_a_cyclonedx_sbom_becomes_components_with_their_dependencies():
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "metadata": {"component": {"type": "application", "name": "Zaken", "version": "2.1", "bom-ref": "app"}},
        "components": [
            {
                "type": "library",
                "name": "log4j-core",
                "version": "2.17.1",
                "bom-ref": "log4j",
                "supplier": {"name": "Apache Software Foundation", "address": {"country": "US"}},
            },
        ],
        "dependencies": [{"ref": "app", "dependsOn": ["log4j"]}],
    }
    app, library = read_cyclonedx(json.dumps(bom))
    assert (app.name, library.name, library.supplier_country) == ("Zaken-2.1", "log4j-core-2.17.1", "US")
    assert app.relations == [("dependsOn", "component:log4j-core-2.17.1")]
    bom["dependencies"] = [{"ref": "app", "dependsOn": ["missing"]}]
    with pytest.raises(CatalogError, match=r"dependencies\[0\], dependsOn: 'missing' is no bom-ref"):
        read_cyclonedx(json.dumps(bom))
    with pytest.raises(CatalogError, match="bomFormat"):
        read_cyclonedx('{"bomFormat": "SPDX"}')
