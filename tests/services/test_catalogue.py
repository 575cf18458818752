import shutil

import pytest
import yaml

from tests.conftest import shared_data_dir
from thorbecke.registry.sources import SourceError
from thorbecke.services.catalogue import CONTENT_DIR, UPL_FILE, import_catalogue
from thorbecke.services.models import Layer, Product

pytestmark = pytest.mark.django_db


def catalogue_state():
    return list(Product.objects.order_by("uri").values_list())


def test_every_upl_product_is_in_the_catalogue(register):
    assert Product.objects.count() == 1121  # 1,122 URIs in the UPL minus its placeholder row
    passport = Product.objects.get(slug="paspoort")
    assert Layer.GEMEENTE in passport.layers
    assert passport.for_citizens


def test_the_most_needed_products_have_texts_in_both_languages_with_sources(register):
    described = Product.objects.exclude(description_nl="")
    assert described.count() >= 200
    for product in described:
        assert product.title_nl and product.title_en and product.description_en, product.uri
        assert product.synonyms_nl and product.synonyms_en, product.uri
        assert product.sources, product.uri


def test_importing_twice_changes_nothing(register):
    before = catalogue_state()
    run = import_catalogue(shared_data_dir())
    assert (run.created, run.updated, run.withdrawn) == (0, 0, 0)
    assert catalogue_state() == before


def _content_copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    return content


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda e: e.update(uri="http://standaarden.overheid.nl/owms/terms/bestaatniet"), "field 'uri'"),
        (lambda e: e.update(name="iets anders"), "field 'name'"),
        (lambda e: e.pop("description_en"), "field 'description_en': is missing"),
        (lambda e: e.update(sources=[]), "field 'sources'"),
        (lambda e: e.update(synonyms_nl="geen lijst"), "field 'synonyms_nl'"),
    ],
)
def test_a_bad_text_file_changes_nothing_and_names_the_entry(register, tmp_path, change, expected):
    content = _content_copy(tmp_path)
    path = content / "product_texts_gemeente.yaml"
    entries = yaml.safe_load(path.read_text())
    change(entries[2])
    path.write_text(yaml.safe_dump(entries, allow_unicode=True))
    before = catalogue_state()
    with pytest.raises(SourceError) as info:
        import_catalogue(shared_data_dir(), content)
    assert path.name in str(info.value) and "entry 3" in str(info.value) and expected in str(info.value)
    assert catalogue_state() == before


def test_a_product_that_leaves_the_upl_is_withdrawn_not_deleted(register, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    lines = (shared_data_dir() / UPL_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    gone = "http://standaarden.overheid.nl/owms/terms/AangifteVertrekBuitenland"
    (data / UPL_FILE).write_text("".join(line for line in lines if gone not in line), encoding="utf-8")
    no_texts = tmp_path / "no-texts"
    no_texts.mkdir()
    run = import_catalogue(data, no_texts)
    assert run.withdrawn == 1
    assert Product.objects.get(uri=gone).withdrawn
