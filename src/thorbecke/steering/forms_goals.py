"""Forms of goals, targets and commitments. A share is typed as a percentage (0 to 100) and kept as a fraction
(0 to 1), as the indicators store it; a count or a mean may not be negative. A month is written YYYY-MM."""

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import OrganisationType
from thorbecke.steering import periods
from thorbecke.steering.indicators import Unit
from thorbecke.steering.models import Commitment, Goal, Indicator
from thorbecke.web.forms import DesignSystemFormMixin

MONTH_HELP = _("A month written as YYYY-MM, e.g. 2030-12.")


def _level(form: forms.BaseForm, field: str, unit: str) -> float | None:
    """The value typed in ``field`` in the indicator's unit, or None (with the field's error added)."""
    value = form.cleaned_data.get(field)
    if value is None:
        return None
    if unit == Unit.SHARE:
        if not 0 <= value <= 100:
            form.add_error(field, _("A share is a percentage from 0 to 100."))
            return None
        return value / 100
    if value < 0:
        form.add_error(field, _("This figure cannot be negative."))
        return None
    return value


def _month(value: str) -> str:
    try:
        periods.parse(value.strip())
    except ValueError:
        raise forms.ValidationError(_("Write the month as YYYY-MM, e.g. 2030-12.")) from None
    return value.strip()


def named_indicators(field: forms.ModelChoiceField) -> None:
    """Indicators offered by their name in the page's language, not their code."""
    field.label_from_instance = lambda indicator: indicator.name(get_language() or "nl")


def _shown(value: float | None, unit: str) -> float | None:
    """A stored value as the form shows it: a share as a percentage."""
    if value is None:
        return None
    return round(value * 100, 4) if unit == Unit.SHARE else value


class GoalForm(DesignSystemFormMixin, forms.ModelForm):
    indicators = forms.ModelMultipleChoiceField(
        label=_("Measured by"), queryset=Indicator.objects.all(), widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The indicators that show how far the goal is reached; set their targets on their own page."),
    )
    source = forms.URLField(label=_("Source"), max_length=300, required=False, assume_scheme="https")

    class Meta:
        model = Goal
        fields = ["priority", "title_nl", "title_en", "text_nl", "text_en", "source", "indicators"]
        widgets = {"text_nl": forms.Textarea(attrs={"rows": 3}), "text_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        named_indicators(self.fields["indicators"])

    def clean(self) -> dict:
        data = super().clean()
        for field in ("title_nl", "title_en"):
            if field in data and not data[field].strip():
                self.add_error(field, _("This field is required."))
        return data


class TargetForm(DesignSystemFormMixin, forms.Form):
    """The programme's national baseline and target of one indicator."""

    baseline = forms.FloatField(label=_("Baseline"), required=False)
    baseline_period = forms.CharField(label=_("Baseline month"), max_length=7, required=False, help_text=MONTH_HELP)
    target = forms.FloatField(label=_("Target value"))
    target_year = forms.IntegerField(label=_("Target year"))

    def __init__(self, *args: object, indicator: Indicator, **kwargs: object) -> None:
        self.indicator = indicator
        kwargs.setdefault("initial", {
            "baseline": _shown(indicator.baseline, indicator.unit), "baseline_period": indicator.baseline_period,
            "target": _shown(indicator.target, indicator.unit), "target_year": indicator.target_year,
        })  # fmt: skip
        super().__init__(*args, **kwargs)
        if indicator.unit == Unit.SHARE:
            for field in ("baseline", "target"):
                self.fields[field].help_text = _("A percentage from 0 to 100.")

    def clean_baseline_period(self) -> str:
        value = self.cleaned_data["baseline_period"]
        return _month(value) if value.strip() else ""

    def clean_target_year(self) -> int:
        year = self.cleaned_data["target_year"]
        if not timezone.localdate().year <= year <= 2100:
            raise forms.ValidationError(_("The target year must be this year or later, up to 2100."))
        return year

    def clean(self) -> dict:
        data = super().clean()
        for field in ("baseline", "target"):
            if field in data:
                data[field] = _level(self, field, self.indicator.unit)
        return data

    def save(self) -> Indicator:
        for field in ("baseline", "baseline_period", "target", "target_year"):
            setattr(self.indicator, field, self.cleaned_data[field])
        self.indicator.save(update_fields=["baseline", "baseline_period", "target", "target_year"])
        return self.indicator


class CommitmentForm(DesignSystemFormMixin, forms.ModelForm):
    """An organisation's commitment; the programme's form (``group=True``) asks for the type of organisation
    it commits for instead."""

    target = forms.FloatField(label=_("Value it will reach"), help_text=_("For a share: a percentage from 0 to 100."))
    due = forms.CharField(label=_("By (month)"), max_length=7, help_text=MONTH_HELP)
    agreed_in = forms.CharField(
        label=_("Agreed in (month)"), max_length=7, required=False,
        help_text=_("When it was agreed, for example at a Steering Committee meeting; empty for this month. The path "
                    "starts at the indicator's value then. At most a year ago."),
    )  # fmt: skip

    class Meta:
        model = Commitment
        fields = ["indicator", "org_type", "target", "due", "responsible_name", "responsible_position"]

    def __init__(self, *args: object, group: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        named_indicators(self.fields["indicator"])
        if group:
            self.fields["org_type"].required = True
            self.fields["org_type"].choices = [("", "---------"), *OrganisationType.choices]
        else:
            del self.fields["org_type"]

    def clean_due(self) -> str:
        due = _month(self.cleaned_data["due"])
        if periods.parse(due) <= periods.parse(periods.of(timezone.localdate())):
            raise forms.ValidationError(_("The month must be after this one."))
        return due

    def clean_agreed_in(self) -> str:
        value = self.cleaned_data["agreed_in"].strip()
        if not value:
            return ""
        month, now = _month(value), periods.of(timezone.localdate())
        if not periods.shift(now, -12) <= month <= now:
            raise forms.ValidationError(_("The month must be this one or one of the twelve before it."))
        return month

    def clean(self) -> dict:
        data = super().clean()
        for field in ("responsible_name", "responsible_position"):
            if field in data and not data[field].strip():
                self.add_error(field, _("This field is required."))
        indicator = data.get("indicator")
        if indicator is not None and "target" in data:
            data["target"] = _level(self, "target", indicator.unit)
        return data
