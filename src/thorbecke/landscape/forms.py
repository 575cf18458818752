from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.landscape.models import Supplier
from thorbecke.web.forms import DesignSystemFormMixin

MAX_UPLOAD = 20 * 1024 * 1024


class ImportForm(DesignSystemFormMixin, forms.Form):
    FORMATS = [
        ("backstage", _("Backstage catalog-info.yaml")),
        ("csv", _("CSV sheet")),
        ("cyclonedx", _("CycloneDX SBOM (JSON)")),
        ("cbom", _("CycloneDX CBOM: the cryptographic inventory (JSON)")),
    ]
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    file = forms.FileField(
        label=_("File"),
        help_text=_("At most 20 MB. Entities in the file are added or updated; the file replaces their relations."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None


class ExerciseForm(DesignSystemFormMixin, forms.Form):
    FAILURES = [
        ("entity", _("A building block or application")),
        ("supplier", _("A supplier")),
        ("hosting", _("A hosting provider (or one region of it)")),
    ]
    title = forms.CharField(label=_("Title"), max_length=200)
    failure = forms.ChoiceField(label=_("What fails"), choices=FAILURES)
    entity = forms.CharField(
        label=_("Entity reference"),
        max_length=200,
        required=False,
        help_text=_("For example component:shared/digid."),
    )
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.all(), required=False)
    provider = forms.CharField(label=_("Hosting provider"), max_length=100, required=False)
    region = forms.CharField(label=_("Region"), max_length=64, required=False, help_text=_("Empty: all regions."))
    notes = forms.CharField(label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict:
        data = super().clean()
        needed = {"entity": "entity", "supplier": "supplier", "hosting": "provider"}.get(data.get("failure", ""))
        if needed and not data.get(needed):
            self.add_error(needed, _("Say what fails."))
        return data

    def scenario(self) -> dict[str, object]:
        data = self.cleaned_data
        if data["failure"] == "entity":
            return {"failure": "entity", "entity": data["entity"].strip()}
        if data["failure"] == "supplier":
            return {"failure": "supplier", "supplier": data["supplier"].pk, "supplier_name": data["supplier"].name}
        return {"failure": "hosting", "provider": data["provider"].strip(), "region": data["region"].strip()}
