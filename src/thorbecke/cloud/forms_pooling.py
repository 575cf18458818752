"""The programme's filters on pooled demand, and forming a bundle. Bad input is refused with the field named."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from thorbecke.cloud import pooling, taxonomy
from thorbecke.cloud.models import Need
from thorbecke.registry import layers
from thorbecke.web.forms import DesignSystemFormMixin
from thorbecke.web.templatetags.numbers import count


class DemandFilter(DesignSystemFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Service model"), required=False)
    period = forms.ChoiceField(label=_("Quarter it starts"), required=False)
    layer = forms.ChoiceField(label=_("Layer of government"), required=False)

    def __init__(self, *args: object, periods: list[str] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        tax = taxonomy.current()
        every = [("", _("All"))]
        self.fields["kind"].choices = every + [(c, tax.name("service_models", c)) for c in tax.codes("service_models")]
        self.fields["period"].choices = every + [(p, pooling.period_label(p)) for p in periods]
        self.fields["layer"].choices = every + [(layer.key, layer.label) for layer in layers.LAYERS]

    def chosen(self) -> dict[str, str]:
        """The valid filters; one not on the lists is left out."""
        self.is_valid()
        return {name: getattr(self, "cleaned_data", {}).get(name, "") for name in self.fields}


class NeedChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, need: Need) -> str:
        tax = taxonomy.current()
        return (
            f"{need.organisation.name}: {need.title} ({tax.name('service_models', need.service_model)}, "
            f"{tax.name('classifications', need.classification)}, {count(need.volume)} {need.unit}, "
            f"{date_format(need.starts_on)} - {date_format(need.ends_on)})"
        )


class BundleForm(DesignSystemFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    needs = NeedChoice(
        label=_("Needs to pool"), queryset=Need.objects.none(),
        help_text=_("At least two, of one service model and counted in one unit, so that their volumes add up."),
    )  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = Need.objects.select_related("organisation").order_by(
            "service_model", "starts_on", "organisation__sort_name", "pk"
        )

    def clean_needs(self) -> list[Need]:
        needs = list(self.cleaned_data["needs"])
        try:
            pooling.check_members(needs)
        except pooling.PoolingError as error:
            raise forms.ValidationError(str(error)) from error
        return needs
