"""Registering a cloud contract. Bad input is refused with the field named: an end before the start, a negative
value."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.cloud.models import Contract, Offering
from thorbecke.web.forms import DesignSystemFormMixin


class ContractForm(DesignSystemFormMixin, forms.ModelForm):
    offering = forms.ModelChoiceField(
        Offering.objects.select_related("provider"), required=False, label=_("Offering in the catalogue"),
        help_text=_("Where the product is in the catalogue: contracts for the same offering are compared as one."),
    )  # fmt: skip

    class Meta:
        model = Contract
        fields = ["product", "supplier", "offering", "annual_value_eur", "starts_on", "ends_on", "terms"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "terms": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_annual_value_eur(self) -> object:
        value = self.cleaned_data["annual_value_eur"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("A value cannot be negative."))
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The contract cannot end before it starts."))
        return cleaned
