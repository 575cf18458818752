from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.accounts import record_membership_change
from thorbecke.registry.models import Membership, Organisation, OrganisationType, Role
from thorbecke.registry.oin import TEST_OIN_PREFIX
from thorbecke.registry.permissions import assignable_roles, membership_change_refusal
from thorbecke.web.forms import DesignSystemFormMixin


class OrganisationForm(DesignSystemFormMixin, forms.ModelForm):
    """What an organisation maintains about itself; the rest comes from the official registers, and its OIN from the
    national programme (OinForm)."""

    class Meta:
        model = Organisation
        fields = ["contact_email"]
        help_texts = {"contact_email": _("Where other organisations can reach you about the data system.")}


class OinForm(DesignSystemFormMixin, forms.ModelForm):
    """The national programme sets an OIN it has checked against the OIN register, and says how."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the OIN was verified, e.g. the OIN register entry checked and when."),
    )

    class Meta:
        model = Organisation
        fields = ["oin"]
        help_texts = {"oin": _("20 positions, as issued by Logius, e.g. 00000001001234567000. Empty removes it.")}

    def clean_oin(self) -> str:
        oin = self.cleaned_data["oin"]
        # The demo derives its nodes' OINs in this range from their codes (exchange.enrolment.test_oin): one given by
        # hand could name another organisation's node.
        if oin.startswith(TEST_OIN_PREFIX):
            raise forms.ValidationError(
                _("OINs starting with %(prefix)s are test numbers; they are not assigned."),
                params={"prefix": TEST_OIN_PREFIX},
            )
        if oin == self.instance.oin:
            raise forms.ValidationError(_("This is already the organisation's OIN."))
        holder = Organisation.objects.filter(oin=oin).exclude(pk=self.instance.pk).first() if oin else None
        if holder is not None:
            raise forms.ValidationError(_("%(name)s already has this OIN."), params={"name": holder.name})
        return oin


class OrganisationFilterForm(DesignSystemFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *OrganisationType.choices])
    province = forms.ChoiceField(label=_("Province"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        provinces = Organisation.objects.filter(org_type=OrganisationType.PROVINCIE, end_date__isnull=True)
        self.fields["province"].choices = [("", _("All provinces")), *((p.code, p.short_name) for p in provinces)]


class MembershipForm(DesignSystemFormMixin, forms.ModelForm):
    """An administrator sets a colleague's role, or ends their access; what they may do, permissions decides."""

    active = forms.BooleanField(label=_("May sign in"), required=False)

    class Meta:
        model = Membership
        fields = ["role"]

    def __init__(self, *args: object, actor: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.old_role, self.old_active = self.instance.role, self.instance.user.is_active
        allowed = assignable_roles(actor, self.instance)
        self.fields["role"].choices = [c for c in Role.choices if c[0] in allowed]
        self.fields["active"].initial = self.instance.user.is_active
        self.fields["active"].widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"

    def clean(self) -> dict:
        cleaned = super().clean()
        if "role" in cleaned:  # the instance keeps its old role until _post_clean
            refusal = membership_change_refusal(self.actor, self.instance, cleaned["role"], cleaned["active"])
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned

    @transaction.atomic
    def save(self, commit: bool = True) -> Membership:
        membership = super().save(commit)
        membership.user.is_active = self.cleaned_data["active"]
        if commit:
            membership.user.save(update_fields=["is_active"])
            if (self.old_role, self.old_active) != (membership.role, membership.user.is_active):
                record_membership_change(membership, self.actor, self.old_role, self.old_active)
        return membership


class OrganisationCodeField(forms.ModelChoiceField):
    """A current organisation typed as its register code (gm0363, in any case): where a form names one organisation
    among all of them and a list of some 740 would be longer than the code."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("help_text", _("Its code in the register, e.g. gm0363."))
        super().__init__(
            queryset=Organisation.objects.filter(end_date__isnull=True),
            to_field_name="code",
            widget=forms.TextInput,
            error_messages={"invalid_choice": _("No current organisation has this code.")},
            **kwargs,
        )

    def to_python(self, value: object) -> Organisation | None:
        return super().to_python(value.strip().lower() if isinstance(value, str) else value)
