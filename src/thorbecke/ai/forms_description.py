"""The form over the publication standard's fields: each field's Dutch name and instructions come from the schema."""

import json

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thorbecke.ai.models import DocumentFormat
from thorbecke.ai.schema import (
    FIELD_LABELS,
    TEMPLATE_FIELDS,
    document_format,
    problems,
    standard_schema,
    template_schema,
)
from thorbecke.web.forms import DesignSystemFormMixin

LONG_TEXT = 400


def form_fields(fmt: str) -> list[tuple[str, str]]:
    """(key in the document, standard field) for every field an editor fills, in the standard's order."""
    properties = standard_schema()["properties"]
    if fmt == DocumentFormat.TEMPLATE:
        by_standard = {standard: template for template, standard in TEMPLATE_FIELDS.items()}
        pairs = [(by_standard[name], name) for name in properties if name in by_standard]
    else:
        pairs = [(name, name) for name in properties]
    return [(key, name) for key, name in pairs if properties[name].get("display") != "hidden"]


def _field(name: str, required: bool, rule: dict) -> forms.Field:
    label = FIELD_LABELS[name]
    # The instructions exist in Dutch only: shown as help on the Dutch page, the short description on both.
    help_text = rule.get("instructions") if get_language() == "nl" else ""
    if "enum" in rule:
        choices = [("", "—"), *((value, value) for value in rule["enum"])]
        return forms.ChoiceField(label=label, choices=choices, required=False, help_text=help_text)
    long = rule.get("maxLength", LONG_TEXT + 1) > LONG_TEXT and rule.get("type") == "string" and "format" not in rule
    widget = forms.Textarea(attrs={"rows": 4}) if long and name not in ("contact", "start_date", "end_date") else None
    if rule.get("type") == "array":
        help_text = _("Separate several with commas.")
    field = forms.CharField(label=label, required=False, help_text=help_text, widget=widget, strip=True)
    if required:
        field.label = _("%(label)s (required)") % {"label": label}
    return field


class _DescriptionForm(DesignSystemFormMixin, forms.Form):
    """Builds the document from the fields over the one it changes (keeping what the form does not show) and lets
    the schema decide what is wrong: each problem lands on its field."""

    def __init__(self, *args: object, document: dict, pairs: list[tuple[str, str]], **kwargs: object) -> None:
        self.document, self.pairs = document, pairs
        self.format = document_format(document)
        initial = {key: self._shown(document.get(key)) for key, _name in pairs}
        super().__init__(*args, initial=initial, **kwargs)

    @staticmethod
    def _shown(value: object) -> str:
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return "" if value is None else str(value)

    def clean(self) -> dict:
        cleaned = super().clean()
        document = json.loads(json.dumps(self.document))
        properties = standard_schema()["properties"]
        for key, name in self.pairs:
            value = cleaned.get(key, "")
            if properties[name].get("type") == "array":
                value = [part.strip() for part in value.split(",") if part.strip()]
            if value in ("", []):
                # A template marks an emptied field with "", the standard by leaving it out; never-filled stays so.
                if self.format == DocumentFormat.STANDARD:
                    document.pop(key, None)
                elif document.get(key) is not None:
                    document[key] = ""
                continue
            document[key] = value
        fields = {key for key, _name in self.pairs}
        for problem in problems(document):
            key = problem.pointer.lstrip("/").split("/")[0]
            self.add_error(key if key in fields else None, f"{problem.message}" if key in fields else str(problem))
        self.cleaned_document = document
        return cleaned


def new_document(organisation_name: str) -> dict:
    """A blank description in the standard: language and version filled in, as the standard fixes them."""
    return {"organization": organisation_name, "language": "nld", "schema": "1.0.0"}


def description_form(data: object, *, document: dict) -> _DescriptionForm:
    """The form for this document's own field names (the standard's, or a template's)."""
    fmt = document_format(document)
    pairs = form_fields(fmt)
    required = set(standard_schema()["required"]) if fmt == DocumentFormat.STANDARD else {"name"}
    rules = (template_schema() if fmt == DocumentFormat.TEMPLATE else standard_schema())["properties"]
    fields = {key: _field(name, name in required, rules[key]) for key, name in pairs}
    fields["note"] = forms.CharField(label=_("What changed (for the history)"), required=False, max_length=500)
    form_class = type("DescriptionForm", (_DescriptionForm,), fields)
    return form_class(data, document=document, pairs=pairs)
