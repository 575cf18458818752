"""The public register's filters."""

from django import forms
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from thorbecke.ai.models import Algorithm, Lifecycle
from thorbecke.ai.schema import standard_schema
from thorbecke.registry.models import Organisation
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


class LongSelect(forms.Select):
    """A select of hundreds of options (every organisation) written out directly: Django renders each option through
    a template, which cost the register's page more than its queries (bench/algorithm_register.py)."""

    def render(self, name: str, value: object, attrs: dict | None = None, renderer: object = None) -> SafeString:
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) == chosen else "", label) for key, label in self.choices),
        )
        return format_html(
            "<select{}>{}</select>", flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name})), options
        )


class AlgorithmFilterForm(DesignSystemFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False, widget=LongSelect)
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes")), *zip(THEMES, THEMES, strict=True)]
    )
    status = forms.ChoiceField(label=_("Status of the algorithm"), required=False)
    category = forms.ChoiceField(
        label=_("Publication category"), required=False, choices=[("", _("All categories")), *CATEGORIES]
    )
    risk = forms.ChoiceField(label=_("AI Act risk group"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        published = Algorithm.objects.filter(organisation=OuterRef("pk"), lifecycle=Lifecycle.PUBLISHED)
        owners = Organisation.objects.filter(Exists(published)).order_by("sort_name").values_list("code", "name")
        self.fields["organisation"].choices = [("", _("All organisations")), *owners]
        statuses = standard_schema()["properties"]["status"]["enum"]
        self.fields["status"].choices = [("", _("Any status")), *zip(statuses, statuses, strict=True)]
        # Published only: the index (lifecycle, risk_group, ...) answers this without reading the table.
        published_risks = Algorithm.objects.filter(lifecycle=Lifecycle.PUBLISHED).exclude(risk_group="")
        risks = published_risks.order_by("risk_group").values_list("risk_group", flat=True)
        self.fields["risk"].choices = [("", _("Any risk group")), *((r, r) for r in risks.distinct())]

    def filters(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value} if self.is_valid() else {}
