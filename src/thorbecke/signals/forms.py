from django import forms
from django.utils.translation import gettext_lazy as _

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


class StatusFilterForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
