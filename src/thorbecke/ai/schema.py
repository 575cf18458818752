"""The Algoritmeregister publication standard 1.0.0 and the register tool's template fields (decision 0035).

A description is kept exactly as it was given. One in the standard's own field names is checked against the
standard's JSON Schema. One in the register tool's template fields (``goal``, ``lawful_basis``, ``source_data``...,
as the 27 example descriptions are) is checked against a schema derived from the standard through TEMPLATE_FIELDS:
each template field carries the constraints of the standard field it fills; a template may leave fields empty.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

from thorbecke.ai.models import DocumentFormat
from thorbecke.caches import process_cache

SCHEMA_FILE = "algoritmeregister_publicatiestandaard_v1.0.0.schema.json"
EXAMPLES_FILE = "algoritmeregister_voorbeeldbeschrijvingen_v1.0.json"

# Template field -> the standard's field it fills (the register tool's v1.0 API names, MinBZK/Algoritmeregister).
TEMPLATE_FIELDS = {
    "name": "name",
    "organization": "organization",
    "description_short": "description_short",
    "category": "theme",
    "status": "status",
    "begin_date": "start_date",
    "end_date": "end_date",
    "contact_email": "contact",
    "website": "link",
    "publication_category": "publication_category",
    "url": "source_link",
    "goal": "purpose_and_impact",
    "proportionality": "considerations",
    "human_intervention": "human_intervention",
    "risks": "risk_management",
    "lawful_basis": "legal_basis",
    "lawful_basis_link": "legal_basis_link",
    "process_index_url": "processing_register_link",
    "impacttoetsen": "impact_assessments",
    "iama_description": "impact_assessment_explanation",
    "source_data": "data",
    "source_data_link": "data_source_link",
    "methods_and_models": "technical_operation",
    "provider": "supplier",
    "publiccode": "source_code_link",
    "lang": "language",
    "standard_version": "schema",
    "source_id": "source_id",
    "tags": "search_terms",
}
# Lists of {title, link} the template keeps beside its text fields; the standard has one title and link each.
TEMPLATE_GROUPINGS = ("lawful_basis_grouping", "source_data_grouping", "impacttoetsen_grouping")
# The standard names its fields in Dutch only; these are the English names, the Dutch ones are the schema's.
FIELD_LABELS = {
    "name": _lazy("Name"),
    "description_short": _lazy("Short description"),
    "organization": _lazy("Organisation"),
    "theme": _lazy("Theme"),
    "status": _lazy("Status"),
    "start_date": _lazy("Start date"),
    "end_date": _lazy("End date"),
    "contact": _lazy("Contact details"),
    "link": _lazy("Link to public page"),
    "publication_category": _lazy("Publication category"),
    "source_link": _lazy("Link to source registration"),
    "purpose_and_impact": _lazy("Purpose and impact"),
    "considerations": _lazy("Considerations"),
    "human_intervention": _lazy("Human intervention"),
    "risk_management": _lazy("Risk management"),
    "legal_basis": _lazy("Legal basis"),
    "legal_basis_link": _lazy("Link to legal basis"),
    "legal_basis_title": _lazy("Title of legal basis"),
    "processing_register_link": _lazy("Link to processing register"),
    "impact_assessments": _lazy("Impact assessments"),
    "impact_assessment_link": _lazy("Link to impact assessment"),
    "impact_assessment_explanation": _lazy("Explanation of impact assessments"),
    "data": _lazy("Data"),
    "data_source_link": _lazy("Link to data sources"),
    "data_source_title": _lazy("Title of data source"),
    "technical_operation": _lazy("Technical operation"),
    "supplier": _lazy("Supplier"),
    "source_code_link": _lazy("Link to source code"),
    "language": _lazy("Language"),
    "schema": _lazy("Schema"),
    "source_id": _lazy("Source id"),
    "search_terms": _lazy("Search terms"),
}
CATEGORY_LABELS = {
    "Algemene informatie": _lazy("General information"),
    "Verantwoord gebruik": _lazy("Responsible use"),
    "Werking": _lazy("Operation"),
    "Metadata": _lazy("Metadata"),
}
CATEGORY_LETTER = re.compile(r"\(Categorie ([ABC])\)")


@process_cache()
def standard_schema() -> dict:
    return json.loads((Path(settings.SHARED_DATA_DIR) / SCHEMA_FILE).read_text(encoding="utf-8"))


def example_descriptions() -> list[dict]:
    return json.loads((Path(settings.SHARED_DATA_DIR) / EXAMPLES_FILE).read_text(encoding="utf-8"))


def _short(value: str) -> str:
    return value.split(" (Categorie")[0]


def _template_property(standard_name: str, rule: dict) -> dict:
    rule = {key: value for key, value in rule.items() if key not in ("display", "example")}
    if standard_name == "publication_category":
        rule["enum"] = [_short(value) for value in rule["enum"]]
    elif standard_name == "language":
        rule = {"enum": ["NLD", "nld"]}
    elif standard_name == "schema":
        rule = {"const": "1.0"}
    return rule


@process_cache(version=standard_schema)
def template_schema() -> dict:
    standard = standard_schema()
    properties = {
        template: _template_property(field, standard["properties"][field])
        for template, field in TEMPLATE_FIELDS.items()
    }
    grouping = {
        "type": ["array", "null"],
        "items": {"type": "object", "properties": {"title": {"type": ["string", "null"]}}},
    }
    properties.update(dict.fromkeys(TEMPLATE_GROUPINGS, grouping))
    return {"type": "object", "required": ["name"], "properties": properties}


def document_format(document: dict) -> str:
    """The standard names its version in ``schema``; the template tool in ``standard_version``."""
    if "standard_version" in document and "schema" not in document:
        return DocumentFormat.TEMPLATE
    return DocumentFormat.STANDARD


@dataclass(frozen=True)
class Problem:
    pointer: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer} ({self.field}): {self.message}"


def _filled(document: dict) -> dict:
    """A template leaves a field it does not fill as null or an empty string."""
    return {key: value for key, value in document.items() if value is not None and value != ""}


def field_label(key: str, fmt: str = DocumentFormat.STANDARD) -> str:
    name = TEMPLATE_FIELDS.get(key, key) if fmt == DocumentFormat.TEMPLATE else key
    return str(FIELD_LABELS.get(name, key))


def _message(error: ValidationError) -> str:
    kind, rule = error.validator, error.validator_value
    if kind == "required":
        return _("this field is required")
    if kind == "maxLength":
        return _("at most %(max)d characters (now %(now)d)") % {"max": rule, "now": len(error.instance)}
    if kind in ("enum", "const"):
        choices = rule if kind == "enum" else [rule]
        return _("must be one of: %(choices)s") % {"choices": ", ".join(str(choice) for choice in choices)}
    if kind == "pattern":
        return _("must be a year and month, like 2023-01")
    if kind == "type":
        names = {"string": _("text"), "array": _("a list"), "object": _("an object"), "null": _("empty")}
        wanted = [rule] if isinstance(rule, str) else rule
        return _("must be %(type)s") % {"type": _(" or ").join(str(names.get(t, t)) for t in wanted)}
    return error.message


def problems(document: object) -> list[Problem]:
    """What is wrong with a description, each with the JSON pointer of its field, in the active language."""
    if not isinstance(document, dict):
        return [Problem("", "", _("a description must be a JSON object"))]
    fmt = document_format(document)
    if fmt == DocumentFormat.TEMPLATE:
        validator, checked = Draft7Validator(template_schema()), _filled(document)
    else:
        validator, checked = Draft7Validator(standard_schema()), document
    found = []
    for error in sorted(validator.iter_errors(checked), key=lambda e: [str(p) for p in e.absolute_path]):
        path = [str(part) for part in error.absolute_path]
        if error.validator == "required":
            path.append(re.search(r"'(.+?)'", error.message).group(1))
        pointer = "/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in path)
        found.append(Problem(pointer, field_label(path[0], fmt) if path else "", _message(error)))
    return found


def standard_view(document: dict) -> dict:
    """The description in the standard's field names, for display, filters and search; the stored one is unchanged."""
    if document_format(document) == DocumentFormat.STANDARD:
        return document
    view = {TEMPLATE_FIELDS[key]: value for key, value in _filled(document).items() if key in TEMPLATE_FIELDS}
    for key, title_field, link_field in (
        ("lawful_basis_grouping", "legal_basis_title", "legal_basis_link"),
        ("source_data_grouping", "data_source_title", "data_source_link"),
    ):
        first = next(iter(document.get(key) or []), None)
        if first and first.get("title"):
            view.setdefault(title_field, str(first["title"]).strip())
            if first.get("link"):
                view.setdefault(link_field, str(first["link"]).strip())
    return view


def category_letter(value: str) -> str:
    """A, B or C from either form of the publication category."""
    found = CATEGORY_LETTER.search(value or "")
    if found:
        return found.group(1)
    for full in standard_schema()["properties"]["publication_category"]["enum"]:
        if _short(full) == value:
            return CATEGORY_LETTER.search(full).group(1)
    return ""
