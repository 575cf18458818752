import json

from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.web.forms import DesignSystemFormMixin


class ShareForm(DesignSystemFormMixin, forms.Form):
    bundle = forms.CharField(
        label=_("STIX 2.1 bundle (JSON)"),
        max_length=2_000_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Every object needs exactly one TLP marking in object_marking_refs. For TLP:AMBER, name the receiving "
            "organisations in x_thorbecke_recipients (TOOI codes, e.g. gm0363)."
        ),
    )

    def clean_bundle(self) -> list:
        try:
            bundle = json.loads(self.cleaned_data["bundle"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("This is not JSON: %(error)s") % {"error": exc}) from None
        if not isinstance(bundle, dict) or bundle.get("type") != "bundle":
            raise forms.ValidationError(_('Paste a STIX bundle: {"type": "bundle", "objects": [...]}.'))
        return bundle.get("objects")
