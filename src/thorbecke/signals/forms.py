from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation
from thorbecke.signals.models import Status
from thorbecke.web.forms import DesignSystemFormMixin


class StatusForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done or decided; the reporter sees this note."),
    )


class ForwardForm(DesignSystemFormMixin, forms.Form):
    organisation = forms.CharField(
        label=_("Organisation code"), max_length=100, help_text=_("For example gm0363 or ws0155, as in the register.")
    )
    note = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_organisation(self) -> Organisation:
        code = self.cleaned_data["organisation"].strip()
        found = Organisation.objects.filter(code=code, end_date__isnull=True).first()
        if found is None:
            raise forms.ValidationError(_("There is no current organisation with this code."))
        return found


class StatusFilterForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
