import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from thorbecke.ai.exchange_format import export_csv, export_json, import_descriptions
from thorbecke.ai.models import Algorithm, AlgorithmVersion, Lifecycle
from thorbecke.ai.register import DescriptionRefused, move, save_description
from thorbecke.ai.schema import example_descriptions, standard_schema
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def standard_description(**changes: object) -> dict:
    """A complete description in the standard's field names, from the schema's own examples."""
    schema = standard_schema()
    document = {}
    for field in schema["required"]:
        rule = schema["properties"][field]
        example = rule.get("const") or rule.get("example")
        document[field] = json.loads(example) if rule.get("type") == "array" else example
    document["publication_category"] = "Impactvolle algoritmes (Categorie B)"
    document["status"] = "In gebruik"
    document.update(changes)
    return document


@pytest.fixture
def utrecht(register):
    return Organisation.objects.get(code="gm0344")


def test_the_27_examples_import_validate_and_export_unchanged(utrecht):
    examples = example_descriptions()
    assert len(examples) == 27
    imported = import_descriptions(json.dumps(examples), utrecht)
    assert len(imported) == 27
    stored = Algorithm.objects.filter(pk__in=[a.pk for a in imported]).order_by("pk")
    assert export_json(stored) == examples
    assert {a.document_format for a in stored} == {"template-1.0"}
    amsterdam = stored.get(document__id="gemeente-amsterdam-meldingen-openbare-ruimte")
    assert amsterdam.name == "Meldingen openbare ruimte"
    assert amsterdam.publication_category == "B" and amsterdam.themes == "|Openbare orde en veiligheid|"


def test_a_standard_description_round_trips(utrecht):
    document = standard_description()
    [algorithm] = import_descriptions(document, utrecht)
    algorithm.refresh_from_db()
    assert export_json([algorithm]) == [document]
    assert algorithm.document_format == "standard-1.0.0" and algorithm.lifecycle == Lifecycle.CONCEPT
    assert algorithm.versions.count() == 1


def test_a_malformed_description_is_refused_whole_with_the_field_named(utrecht):
    good, bad = standard_description(), standard_description(status="Soms", start_date="januari")
    del bad["contact"]
    with translation.override("nl"), pytest.raises(DescriptionRefused) as refused:
        import_descriptions([good, bad], utrecht)
    pointers = {problem.pointer: problem for problem in refused.value.problems}
    assert set(pointers) == {"/1/status", "/1/start_date", "/1/contact"}
    assert pointers["/1/contact"].field == "Contactgegevens"
    assert "verplicht" in pointers["/1/contact"].message
    assert Algorithm.objects.count() == 0
    with translation.override("en"), pytest.raises(DescriptionRefused) as refused:
        import_descriptions(bad, utrecht)
    assert "this field is required" in str(refused.value)


def test_a_template_field_too_long_is_named_by_its_own_pointer(utrecht):
    example = dict(example_descriptions()[0], goal="x" * 2500)
    with pytest.raises(DescriptionRefused) as refused:
        import_descriptions(example, utrecht)
    [problem] = refused.value.problems
    assert problem.pointer == "/goal" and problem.field == "Doel en impact"


def test_not_json_is_refused(utrecht):
    with pytest.raises(DescriptionRefused):
        import_descriptions(b"{not json", utrecht)


def test_every_change_and_lifecycle_step_is_a_version(utrecht, accounts):
    editor = accounts["utrecht-editor"]
    algorithm = save_description(standard_description(), organisation=utrecht, user=editor, note="first")
    save_description(standard_description(name="Nieuwe naam"), algorithm=algorithm, user=editor, note="renamed")
    move(algorithm, "publish", editor)
    move(algorithm, "retract", editor, "wrong figures")
    with pytest.raises(ValueError):
        move(algorithm, "retract", editor)
    versions = list(AlgorithmVersion.objects.filter(algorithm=algorithm).order_by("number"))
    assert [(v.number, v.lifecycle, v.previous_lifecycle, v.note) for v in versions] == [
        (1, "concept", "", "first"),
        (2, "concept", "", "renamed"),
        (3, "published", "concept", ""),
        (4, "retracted", "published", "wrong figures"),
    ]
    assert versions[1].document["name"] == "Nieuwe naam" and versions[0].author == editor
    algorithm.refresh_from_db()
    assert algorithm.name == "Nieuwe naam"


def test_csv_has_the_stable_id_and_url_per_row(utrecht):
    algorithms = import_descriptions(example_descriptions()[:3], utrecht)
    rows = list(csv.DictReader(io.StringIO(export_csv(algorithms, lambda a: f"https://x/{a.public_id}/"))))
    assert [row["id"] for row in rows] == [str(a.public_id) for a in algorithms]
    assert rows[0]["url"] == f"https://x/{algorithms[0].public_id}/"
    assert rows[0]["name"] == "Dataprotector" and rows[0]["supplier"] == "BMconsultants BV"


def test_the_import_command(utrecht, tmp_path):
    path = tmp_path / "examples.json"
    path.write_text(json.dumps(example_descriptions()), encoding="utf-8")
    out = io.StringIO()
    call_command("import_algorithms", str(path), "--organisation", "gm0344", stdout=out)
    assert "27" in out.getvalue() and Algorithm.objects.filter(organisation=utrecht).count() == 27
    path.write_text(json.dumps({"name": 5}), encoding="utf-8")
    with pytest.raises(CommandError, match="/name"):
        call_command("import_algorithms", str(path), "--organisation", "gm0344")
    assert Algorithm.objects.count() == 27
