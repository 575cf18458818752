from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.agreements.models import Agreement, Check, Declaration, GapState, Kind
from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.web.forms import DesignSystemFormMixin


class AgreementForm(DesignSystemFormMixin, forms.ModelForm):
    applies_to = forms.MultipleChoiceField(
        label=_("Applies to"),
        choices=OrganisationType.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": len(OrganisationType.choices)}),
        help_text=_("None chosen: every organisation."),
    )
    url = forms.URLField(label=_("Web page"), max_length=300, required=False, assume_scheme="https")
    note = forms.CharField(label=_("Reason for the change"), max_length=500, help_text=_("Kept with the version."))

    class Meta:
        model = Agreement
        fields = ["version", "status", "applies_to", "mandatory_from", "check_method", "scope", "url"]
        widgets = {"mandatory_from": forms.DateInput(attrs={"type": "date"})}


class AnswerForm(DesignSystemFormMixin, forms.Form):
    """The organisation's answer to a gap: a plan with the date it will comply by, or an explanation."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("plan", _("We will comply, by this date")), ("explain", _("We explain why we do not comply"))],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("Plan or explanation"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    complies_by = forms.DateField(
        label=_("Complies by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Needed with a plan."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("answer") == "plan" and not data.get("complies_by"):
            self.add_error("complies_by", _("A plan needs the date by which you will comply."))
        return data


class DecisionForm(DesignSystemFormMixin, forms.Form):
    """The programme's decision on the organisation's answer, a plan or an explanation."""

    accept = forms.TypedChoiceField(label=_("Decision"), coerce=lambda value: value == "1", widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, plan: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accept"].choices = (
            [("1", _("Accept the plan")), ("0", _("Reject the plan"))]
            if plan
            else [("1", _("Accept the explanation")), ("0", _("Reject the explanation"))]
        )


class DeclarationForm(DesignSystemFormMixin, forms.ModelForm):
    agreement = forms.ModelChoiceField(
        label=_("Agreement"), queryset=Agreement.objects.none(), empty_label=_("Choose an agreement")
    )
    complies = forms.TypedChoiceField(
        label=_("Does the organisation comply?"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    evidence_url = forms.URLField(
        label=_("Link to the evidence"), max_length=300, required=False, assume_scheme="https"
    )

    class Meta:
        model = Declaration
        fields = ["agreement", "complies", "evidence", "evidence_url", "person_name", "person_role"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Only what the hub cannot measure is declared; a measurement is never overruled by a declaration.
        declared = Agreement.objects.filter(check_method=Check.DECLARED).order_by("name")
        field = self.fields["agreement"]
        field.queryset = declared
        # A hundred and fifty names in one list: grouped as the catalogue is (standards, building blocks).
        agreements = list(declared)
        groups = {Kind.STANDARD: _("Standards"), Kind.BUILDING_BLOCK: _("Building blocks")}
        field.choices = [("", field.empty_label)] + [
            (label, members)
            for kind, label in groups.items()
            if (members := [(a.pk, a.name) for a in agreements if a.kind == kind])
        ]


class GapFilterForm(DesignSystemFormMixin, forms.Form):
    """Which gaps to list: by state (none chosen: every unresolved one) and by organisation, picked by name from
    the organisations that have a gap."""

    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All not yet resolved")), *GapState.choices], required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(gaps__isnull=False).distinct().order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("All organisations"),
    )


class ScanForm(DesignSystemFormMixin, forms.Form):
    """Which organisation's registered websites and domains to scan now; none chosen: all of them."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation to scan"),
        queryset=Organisation.objects.filter(end_date__isnull=True, domains__isnull=False).distinct(),
        to_field_name="code",
        required=False,
        empty_label=_("All organisations"),
        help_text=_("Hosts that cannot be reached from the hub are recorded as could not measure."),
    )
