"""The catalogue's forms: an application as its operator describes it, a request to reuse, the operator's answer, and
a priority area as the programme sets it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.ai.catalogue import own_algorithms
from thorbecke.ai.models import AiApplication, PriorityArea
from thorbecke.web.forms import DesignSystemFormMixin

CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"
QUALITY = ("quality_metric", "quality_value", "quality_method", "quality_measured_on")


class ApplicationForm(DesignSystemFormMixin, forms.ModelForm):
    repository_url = forms.URLField(
        label=_("source code repository"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = AiApplication
        fields = [
            "name",
            "purpose",
            "open_source",
            "licence",
            "repository_url",
            "model_name",
            "model_version",
            "model_origin",
            "model_licence",
            "data_provenance",
            "algorithm",
            "areas",
            *QUALITY,
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "data_provenance": forms.Textarea(attrs={"rows": 3}),
            "quality_method": forms.Textarea(attrs={"rows": 3}),
            "quality_measured_on": forms.DateInput(attrs={"type": "date"}),
            "areas": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "licence": _("For open source: the licence of the code, e.g. EUPL-1.2."),
            "model_origin": _("Who made the model and where it can be found."),
            "data_provenance": _("Which data it was trained or tuned on, and where those came from."),
            "algorithm": _("Its entry in your organisation's algorithm register."),
            "quality_metric": _("For example: accuracy, F1, share of questions answered correctly."),
            "quality_method": _("On which test set, how large, by whom."),
        }

    def __init__(self, *args: object, organisation_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Only the organisation's own register entries: an application never points at another's algorithm.
        self.fields["algorithm"].queryset = own_algorithms(organisation_id)
        self.fields["areas"].widget.attrs["class"] = CHECKBOX

    def clean(self) -> dict:
        data = super().clean()
        if data.get("open_source"):
            for name in ("licence", "repository_url"):
                if not data.get(name):
                    self.add_error(name, _("An open-source application names its licence and its repository."))
        if any(data.get(name) for name in QUALITY):
            for name in ("quality_metric", "quality_value", "quality_measured_on"):
                if not data.get(name):
                    self.add_error(name, _("A measurement names its metric, its value and its date."))
        return data


class ReuseRequestForm(DesignSystemFormMixin, forms.Form):
    motivation = forms.CharField(
        label=_("What you want to use it for"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(DesignSystemFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you decline."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you decline."))
        return data


class AreaForm(DesignSystemFormMixin, forms.ModelForm):
    source = forms.URLField(
        label=_("source (where the programme set it)"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = PriorityArea
        fields = ["slug", "name_nl", "name_en", "description_nl", "description_en", "source"]
        widgets = {
            "description_nl": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
