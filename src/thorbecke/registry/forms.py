from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Membership, Organisation, OrganisationType, Role
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


class MembershipForm(DesignSystemFormMixin, forms.ModelForm):
    """An administrator sets a colleague's role, or ends their access."""

    active = forms.BooleanField(label=_("May sign in"), required=False)

    class Meta:
        model = Membership
        fields = ["role"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Only the national programme appoints programme members; an organisation cannot.
        self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.PROGRAMME or self.instance.role == c[0]]
        self.fields["active"].initial = self.instance.user.is_active
        self.fields["active"].widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"

    def save(self, commit: bool = True) -> Membership:
        membership = super().save(commit)
        membership.user.is_active = self.cleaned_data["active"]
        if commit:
            membership.user.save(update_fields=["is_active"])
        return membership
