"""The uniform definitions as data: the repository's file parses, every bad shape is refused with its field named,
and the programme publishes versions, each once."""

import copy

import pytest
from django.utils import translation

from thorbecke.cloud import taxonomy
from thorbecke.cloud.models import TaxonomyVersion
from thorbecke.registry.models import Organisation

PROGRAMME = "rijk-ministerie-van-binnenlandse-zaken"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def content() -> dict:
    """A fresh copy of the repository's definitions, to break one field of."""
    return copy.deepcopy(taxonomy.in_repository().content)


def refused(raw: dict) -> taxonomy.TaxonomyError:
    with pytest.raises(taxonomy.TaxonomyError) as caught:
        taxonomy.parse(raw)
    return caught.value


def test_the_repositorys_definitions_parse_with_every_section_sourced():
    found = taxonomy.in_repository()
    assert found.version == "2026.1"
    assert set(found.sections) == set(taxonomy.SECTIONS)
    assert {"jurisdictions", "support"} <= set(taxonomy.SECTIONS)
    assert found.codes("classifications") == [
        "openbaar", "intern", "departementaal-vertrouwelijk", "stg-confidentieel", "stg-geheim", "stg-zeer-geheim",
    ]  # fmt: skip
    assert [t.rank for t in found.terms("classifications")] == [0, 1, 2, 3, 4, 5]
    # Public cloud stops at Departmental Confidential (Kamerstuk 26643 nr. 904); state secrets stay off it.
    assert "eu-public" in found.term("classifications", "departementaal-vertrouwelijk").allowed_deployments
    assert found.term("classifications", "stg-confidentieel").allowed_deployments == (
        "own-data-centre",
        "government-shared",
    )
    assert "26643 nr. 904" in found.term("classifications", "intern").source
    # Our own readings say so in their source.
    assert found.term("classifications", "stg-geheim").source.startswith("Derived")
    for section in taxonomy.SECTIONS:
        for term in found.terms(section):
            assert term.name_nl and term.name_en and term.text_nl and term.text_en and term.source


@pytest.mark.parametrize(
    "breaking, field",
    [
        (lambda c: c["service_models"][1].pop("code"), "service_models[1].code"),
        (lambda c: c["deployments"][0]["nl"].pop("text"), "deployments[0].nl.text"),
        (lambda c: c["territories"][2].pop("en"), "territories[2].en"),
        (lambda c: c["key_holders"][1]["en"].update(name="  "), "key_holders[1].en.name"),
        (lambda c: c["support"][0].pop("source"), "support[0].source"),
        (lambda c: c["jurisdictions"][2].update(code=c["jurisdictions"][0]["code"]), "jurisdictions[2].code"),
        (lambda c: c["classifications"][2]["allowed_deployments"].append("moon-base"),
         "classifications[2].allowed_deployments"),
        (lambda c: c["classifications"][1]["rule"].pop("nl"), "classifications[1].rule.nl"),
        (lambda c: c["classifications"][3].update(rank=-1), "classifications[3].rank"),
        (lambda c: c["classifications"][3].update(rank=1), "classifications"),  # two at rank 1: out of order
        (lambda c: c["key_holders"][2].update(code="provider-us"), "key_holders"),  # a fixed code changed
        (lambda c: c["territories"].reverse(), "territories"),  # fixed codes in another order
        (lambda c: c.pop("support"), "support"),
        (lambda c: c.update(version=""), "version"),
    ],
)  # fmt: skip
def test_every_bad_shape_is_refused_with_its_field_named(breaking, field):
    raw = content()
    breaking(raw)
    assert refused(raw).field == field


def test_not_yaml_is_refused():
    with pytest.raises(taxonomy.TaxonomyError) as caught:
        taxonomy.load_text("version: [2026.1\nservice_models: {")
    assert caught.value.field == "taxonomy"
    with pytest.raises(taxonomy.TaxonomyError) as caught:
        taxonomy.load_text("- just a list")
    assert caught.value.field == "taxonomy"


@pytest.mark.django_db
def test_publishing_stores_the_version_once(register):
    programme = Organisation.objects.get(code=PROGRAMME)
    draft = taxonomy.in_repository()
    assert taxonomy.current() == draft and not taxonomy.is_published(draft)
    row = taxonomy.publish(draft, programme)
    assert (row.version, row.digest, row.published_by) == ("2026.1", draft.digest, programme)
    assert taxonomy.is_published(draft)
    with pytest.raises(taxonomy.AlreadyPublished):
        taxonomy.publish(draft, programme)
    assert TaxonomyVersion.objects.count() == 1


@pytest.mark.django_db
def test_current_is_the_newest_published_else_the_repositorys(register):
    programme = Organisation.objects.get(code=PROGRAMME)
    assert taxonomy.current().version == "2026.1"  # nothing published: the repository's
    newer = content()
    newer["version"] = "2026.2"
    newer["service_models"] = newer["service_models"][:1]
    taxonomy.publish(taxonomy.parse(newer), programme)
    assert taxonomy.current().version == "2026.2"
    assert taxonomy.current().codes("service_models") == ["iaas"]
    older = content()
    older["version"] = "2026.0"
    taxonomy.publish(taxonomy.parse(older), programme)
    # The newest publication stands, whatever its number.
    assert taxonomy.current().version == "2026.0"
