"""The investment agenda's forms: an initiative as its owner describes it, with its costs, expected effects, phases
and co-funders as rows (Django inline formsets), and the status the programme gives it. A row in error is refused
with its field named and nothing is saved (``views_agenda.initiative_form``)."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.forms import OrganisationCodeField
from thorbecke.steering.forms_goals import named_indicators
from thorbecke.steering.models import CoFunding, Cost, ExpectedEffect, Indicator, Initiative, Phase, Status
from thorbecke.web.forms import DesignSystemFormMixin


class InitiativeForm(DesignSystemFormMixin, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["title", "description", "language", "priority", "theme"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "theme": _(
                "Initiatives of different organisations on the same theme in the same years are shown as a chance "
                "to fund or procure together."
            ),
        }


class CostForm(DesignSystemFormMixin, forms.ModelForm):
    class Meta:
        model = Cost
        fields = ["year", "source", "amount"]


class EffectForm(DesignSystemFormMixin, forms.ModelForm):
    indicator = forms.ModelChoiceField(
        label=_("indicator"),
        queryset=Indicator.objects.all(),
        to_field_name="code",
    )

    class Meta:
        model = ExpectedEffect
        fields = ["indicator", "change", "by_year"]
        help_texts = {"change": _("In percentage points for a share, in the indicator's unit otherwise.")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        named_indicators(self.fields["indicator"])


class PhaseForm(DesignSystemFormMixin, forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["name", "start", "end"]
        help_texts = {"start": _("As YYYY-MM."), "end": _("As YYYY-MM.")}

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:  # YYYY-MM sorts as text in time order
            self.add_error("end", _("A phase cannot end before it starts."))
        return data


class CoFundingForm(DesignSystemFormMixin, forms.ModelForm):
    organisation = OrganisationCodeField(label=_("co-funder"))

    class Meta:
        model = CoFunding
        fields = ["organisation", "share"]


class Rows(BaseInlineFormSet):
    """An initiative's rows of one kind. ``unique`` names the fields no two rows of an initiative share: the formset
    compares the rows it holds with each other, this compares them also with the initiative's rows the submission
    does not hold (a forged or stale form), so a duplicate is refused at its field rather than by the database."""

    unique: tuple[str, ...] = ()

    def clean(self) -> None:
        super().clean()
        if not self.unique or self.instance.pk is None:
            return
        submitted = {form.instance.pk for form in self.initial_forms}
        others = self.model.objects.filter(initiative=self.instance).exclude(pk__in=submitted)
        taken = set(others.values_list(*self.unique))
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if data and not data.get("DELETE") and tuple(self._key(data)) in taken:
                form.add_error(self.unique[-1], _("The initiative has a row with this already."))

    def _key(self, data: dict) -> list[object]:
        return [getattr(data.get(name), "pk", data.get(name)) for name in self.unique]


class CostRows(Rows):
    unique = ("year", "source")


class EffectRows(Rows):
    unique = ("indicator",)


class CoFundingFormSet(Rows):
    unique = ("organisation",)

    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        for form in kept:
            if form.cleaned_data.get("organisation") == self.instance.organisation:
                form.add_error("organisation", _("The owner funds the rest; name the other organisations."))
        if sum(f.cleaned_data.get("share") or 0 for f in kept) > 100:
            kept[-1].add_error("share", _("The co-funders' shares add up to more than 100%."))


def _rows(model: type, form: type, formset: type = Rows) -> type:
    return inlineformset_factory(Initiative, model, form=form, formset=formset, extra=2, can_delete=True)


FORMSETS = {
    "costs": _rows(Cost, CostForm, CostRows),
    "effects": _rows(ExpectedEffect, EffectForm, EffectRows),
    "phases": _rows(Phase, PhaseForm),
    "co_funders": _rows(CoFunding, CoFundingForm, CoFundingFormSet),
}
LEGENDS = {
    "costs": _("Costs per year"),
    "effects": _("Expected effect on indicators"),
    "phases": _("Phases"),
    "co_funders": _("Co-funders"),
}


class StatusForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Status.choices)
    note = forms.CharField(label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
