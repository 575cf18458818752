from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.agreements.models import Agreement
from thorbecke.registry.models import OrganisationType
from thorbecke.web.forms import DesignSystemFormMixin


class AgreementForm(DesignSystemFormMixin, forms.ModelForm):
    applies_to = forms.MultipleChoiceField(
        label=_("Applies to"),
        choices=OrganisationType.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": len(OrganisationType.choices)}),
        help_text=_("None chosen: every organisation."),
    )
    url = forms.URLField(label=_("Web page"), max_length=300, required=False, assume_scheme="https")
    note = forms.CharField(label=_("Reason for the change"), max_length=500, help_text=_("Kept with the version."))

    class Meta:
        model = Agreement
        fields = ["version", "status", "applies_to", "mandatory_from", "check_method", "scope", "url"]
        widgets = {"mandatory_from": forms.DateInput(attrs={"type": "date"})}
