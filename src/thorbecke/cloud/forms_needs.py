"""Registering and changing an organisation's cloud need. Bad input is refused with the field named, and nothing is
stored: dates the wrong way round, no volume, a negative budget, a code the definitions do not have, and the
contradictions a need can hold in itself (checked in ``clean``; each has a test in tests/cloud/test_needs.py)."""

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from thorbecke.cloud import taxonomy
from thorbecke.cloud.framework import TOP, framework
from thorbecke.cloud.models import Certification, Need
from thorbecke.cloud.models.demand import DataTerritory, KeysHeld
from thorbecke.web.forms import DesignSystemFormMixin


def level_field_name(code: str) -> str:
    """``SOV-1`` as a form field's name, ``minimum_sov_1``, which a template can address."""
    return "minimum_" + code.lower().replace("-", "_")


class NeedForm(DesignSystemFormMixin, forms.ModelForm):
    service_model = forms.ChoiceField(label=capfirst(_("service model")))
    classification = forms.ChoiceField(label=capfirst(_("classification of the data")))
    known_certifications = forms.MultipleChoiceField(
        label=capfirst(_("certifications required")), required=False,
        help_text=_("Schemes held by offerings in the catalogue; an offering must hold each, valid on the first day."),
    )  # fmt: skip
    other_certifications = forms.CharField(
        label=capfirst(_("other certifications required")), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Schemes not yet in the catalogue, one per line."),
    )  # fmt: skip

    class Meta:
        model = Need
        fields = ["title", "workload", "service_model", "classification", "data_territory", "keys",
                  "minimum_availability", "exit_terms", "volume", "unit", "starts_on", "ends_on",
                  "budget_eur"]  # fmt: skip
        widgets = {
            "workload": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        instance = kwargs.get("instance")
        tax = taxonomy.current()
        objectives = framework().objectives
        level_choices = [("", _("no minimum"))] + [(str(v), f"SEAL-{v}") for v in range(1, TOP + 1)]
        schemes = sorted(set(Certification.objects.values_list("scheme", flat=True)))
        if isinstance(instance, Need) and instance.pk:
            initial = kwargs.setdefault("initial", {})
            for objective in objectives:
                initial[level_field_name(objective.code)] = str((instance.minimum_levels or {}).get(objective.code, ""))
            held = list(instance.certifications or [])
            initial["known_certifications"] = [s for s in held if s in schemes]
            initial["other_certifications"] = "\n".join(s for s in held if s not in schemes)
        super().__init__(*args, **kwargs)
        self.fields["service_model"].choices = [("", _("Choose a service model")), *tax.choices("service_models")]
        self.fields["classification"].choices = [("", _("Choose a classification")), *tax.choices("classifications")]
        self.fields["known_certifications"].choices = [(s, s) for s in schemes]
        for objective in objectives:
            field = forms.TypedChoiceField(
                label=_("Minimum level: %(code)s %(name)s") % {"code": objective.code, "name": objective.name},
                choices=level_choices, coerce=int, empty_value=0, required=False,
            )  # fmt: skip
            field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
            self.fields[level_field_name(objective.code)] = field
        levels = [level_field_name(o.code) for o in objectives]
        rest = ["minimum_availability", "exit_terms", "known_certifications", "other_certifications"]
        self.order_fields([*self.Meta.fields[:6], *levels, *rest])

    def level_fields(self) -> list:
        return [self[level_field_name(o.code)] for o in framework().objectives]

    def clean_budget_eur(self) -> Decimal | None:
        budget = self.cleaned_data.get("budget_eur")
        if budget is not None and budget < 0:
            raise forms.ValidationError(_("A budget cannot be negative."))
        return budget

    def clean_volume(self) -> int:
        volume = self.cleaned_data.get("volume")
        if volume is None or volume < 1:
            raise forms.ValidationError(_("The volume is at least 1."))
        return volume

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The need cannot end before it starts."))
        territory, keys = data.get("data_territory"), data.get("keys")
        if territory in (DataTerritory.NL, DataTerritory.EU) and keys == KeysHeld.ANY:
            # Keys held outside the EU open the data to that country's law (the CLOUD Act reaches a key holder),
            # whatever country the data is stored in: the territory would be undone by the keys.
            self.add_error("keys", _("EU-only data with keys that may be held outside the EU: choose keys held by "
                                     "you or by a provider in the EU, or data stored anywhere."))  # fmt: skip
        term = taxonomy.current().term("classifications", data.get("classification") or "")
        if term is not None and territory == DataTerritory.ANY:
            public = {"dutch-public", "eu-public", "third-country-public"}
            if not public & set(term.allowed_deployments):
                self.add_error("data_territory", _("%(classification)s allows no public cloud, so its data cannot "
                                                   "be stored anywhere: choose the Netherlands or the EU.")
                               % {"classification": term.name})  # fmt: skip
        return data

    def certifications(self) -> list[str]:
        other = [line.strip() for line in self.cleaned_data.get("other_certifications", "").splitlines()]
        return list(dict.fromkeys([*self.cleaned_data.get("known_certifications", []), *(s for s in other if s)]))

    def minimum_levels(self) -> dict[str, int]:
        levels = {o.code: self.cleaned_data.get(level_field_name(o.code)) or 0 for o in framework().objectives}
        return {code: level for code, level in levels.items() if level > 0}

    def save(self, commit: bool = True) -> Need:
        need = super().save(commit=False)
        need.minimum_levels = self.minimum_levels()
        need.certifications = self.certifications()
        need.taxonomy_version = taxonomy.current().version
        if commit:
            need.save()
        return need
