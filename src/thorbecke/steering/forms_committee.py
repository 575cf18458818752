"""The programme's forms for the Steering Committee's record: a meeting (with the organisations present by their
register codes and the agenda one item a line), a decision, an action."""

import re

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.forms import OrganisationCodeField
from thorbecke.registry.models import Organisation
from thorbecke.steering.models import Action, Decision, Initiative
from thorbecke.web.forms import DesignSystemFormMixin


class MeetingForm(DesignSystemFormMixin, forms.Form):
    held_on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("title"), max_length=200)
    present = forms.CharField(
        label=_("members present"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The register codes of the organisations present, separated by spaces, commas or lines."),
    )
    items = forms.CharField(
        label=_("agenda"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One item a line.")
    )

    def clean_present(self) -> list[Organisation]:
        codes = list(dict.fromkeys(code.lower() for code in re.split(r"[\s,;]+", self.cleaned_data["present"]) if code))
        found = {o.code: o for o in Organisation.objects.filter(code__in=codes, end_date__isnull=True)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(
                _("No current organisation has the code %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [found[code] for code in codes]

    def clean_items(self) -> list[str]:
        items = [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
        if any(len(item) > 300 for item in items):
            raise forms.ValidationError(_("An agenda item is at most 300 characters."))
        return items


class DecisionForm(DesignSystemFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "reasoning", "priority", "goal", "initiative", "confidential"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "reasoning": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "confidential": _(
                "Only the programme and the organisations it concerns (the initiative's owner, the actions' owners) "
                "will see it."
            )
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = Initiative.objects.select_related("organisation").order_by("title")
        self.fields["goal"].label_from_instance = lambda goal: goal.title(get_language() or "nl")


class ActionForm(DesignSystemFormMixin, forms.ModelForm):
    organisation = OrganisationCodeField(label=_("owner"))

    class Meta:
        model = Action
        fields = ["text", "organisation", "deadline", "confidential"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "deadline": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"confidential": _("Only the programme and the owner's staff will see it.")}
