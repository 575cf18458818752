from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.web.forms import DesignSystemFormMixin


class OrganisationForm(DesignSystemFormMixin, forms.ModelForm):
    """What an organisation maintains about itself; the rest comes from the official registers."""

    class Meta:
        model = Organisation
        fields = ["oin", "contact_email"]
        help_texts = {
            "oin": _("20 positions, as issued by Logius, e.g. 00000001001234567000. Leave empty if unknown."),
            "contact_email": _("Where other organisations can reach you about the data system."),
        }


class OrganisationFilterForm(DesignSystemFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *OrganisationType.choices])
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        provinces = Organisation.objects.filter(org_type=OrganisationType.PROVINCIE, end_date__isnull=True)
        self.fields["province"].choices = [("", _("All provinces")), *((p.code, p.short_name) for p in provinces)]
