"""The public register's filters."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from thorbecke.ai.register_cache import PublishedChoices, published_choices
from thorbecke.ai.schema import standard_schema
from thorbecke.web.forms import DesignSystemFormMixin

# The themes the Algoritmeregister offers (its OWMS-based list); the standard itself leaves the field open.
THEMES = [
    "Bestuur",
    "Cultuur en recreatie",
    "Economie",
    "Financiën",
    "Huisvesting",
    "Internationaal",
    "Landbouw",
    "Migratie en integratie",
    "Natuur en milieu",
    "Onderwijs en wetenschap",
    "Openbare orde en veiligheid",
    "Organisatie en bedrijfsvoering",
    "Recht",
    "Ruimte en infrastructuur",
    "Sociale zekerheid",
    "Verkeer",
    "Werk",
    "Wonen",
    "Zorg en gezondheid",
]
CATEGORIES = [("A", _("High-risk AI system (A)")), ("B", _("Impactful algorithm (B)")), ("C", _("Other algorithm (C)"))]


class DirectSelect(forms.Select):
    """A select written out directly: Django renders each option through a template, which cost the register's page
    more than its queries (bench/algorithm_register.py)."""

    def options_html(self, chosen: str) -> SafeString:
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) == chosen else "", label) for key, label in self.choices),
        )

    def render(self, name: str, value: object, attrs: dict | None = None, renderer: object = None) -> SafeString:
        chosen = "" if value is None else str(value)
        return format_html(
            "<select{}>{}</select>",
            flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name})),
            self.options_html(chosen),
        )


class OrganisationSelect(DirectSelect):
    """Every organisation with a published algorithm, from options the process wrote out once (register_cache)."""

    published: PublishedChoices | None = None  # set by the form, per request

    def options_html(self, chosen: str) -> SafeString:
        everyone = format_html('<option value=""{}>{}</option>', "" if chosen else " selected", _("All organisations"))
        options = list(self.published.organisation_options) if self.published else []
        for index, (code, name) in enumerate(self.published.organisations if self.published else ()):
            if code == chosen:
                options[index] = format_html('<option value="{}" selected>{}</option>', code, name)
        return mark_safe(everyone + "".join(options))


class OrganisationField(forms.ChoiceField):
    """One of the organisations with a published algorithm, checked against the process's set of their codes: a
    choice field's own check, and setting its 700 choices on every request, went through every one of them."""

    widget = OrganisationSelect
    published: PublishedChoices | None = None

    def valid_value(self, value: str) -> bool:
        return self.published is not None and value in self.published.organisation_codes


class AlgorithmFilterForm(DesignSystemFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    organisation = OrganisationField(label=_("Organisation"), required=False)
    theme = forms.ChoiceField(
        label=_("Theme"),
        required=False,
        choices=[("", _("All themes")), *zip(THEMES, THEMES, strict=True)],
        widget=DirectSelect,
    )
    status = forms.ChoiceField(label=_("Status of the algorithm"), required=False, widget=DirectSelect)
    category = forms.ChoiceField(
        label=_("Publication category"),
        required=False,
        choices=[("", _("All categories")), *CATEGORIES],
        widget=DirectSelect,
    )
    risk = forms.ChoiceField(label=_("AI Act risk group"), required=False, widget=DirectSelect)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        published = published_choices()
        organisation = self.fields["organisation"]
        organisation.published = organisation.widget.published = published
        statuses = standard_schema()["properties"]["status"]["enum"]
        self.fields["status"].choices = [("", _("Any status")), *zip(statuses, statuses, strict=True)]
        self.fields["risk"].choices = [("", _("Any risk group")), *((r, r) for r in published.risk_groups)]

    def filters(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value} if self.is_valid() else {}
