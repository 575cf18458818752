"""The form for an algorithm's links: its own organisation's processing activities, and landscape references."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.ai.links import MAX_REFS, landscape, normal_ref
from thorbecke.ai.models import Algorithm
from thorbecke.exchange.models import ProcessingActivity
from thorbecke.web.forms import DesignSystemFormMixin


class ActivityChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ProcessingActivity) -> str:
        return f"{obj.name} ({obj.slug})"


class LinksForm(DesignSystemFormMixin, forms.Form):
    activities = ActivityChoice(
        queryset=ProcessingActivity.objects.none(),
        required=False,
        label=_("Processing activities it serves"),
        help_text=_("From your organisation's register of processing activities."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )
    runs_on = forms.CharField(
        label=_("Landscape entities it runs on"),
        help_text=_(
            "One reference per line, as the landscape names it: component:namespace/name (also api:, resource: or "
            "system:). Without a namespace, your organisation's own."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = forms.CharField(label=_("What changed (for the history)"), required=False, max_length=500)

    def __init__(self, data: object, *, algorithm: Algorithm) -> None:
        self.algorithm = algorithm
        initial = {
            "activities": list(algorithm.processing_activities.all()),
            "runs_on": "\n".join(algorithm.runs_on.values_list("ref", flat=True)),
        }
        super().__init__(data, initial=initial)
        # Another organisation's activity is not a valid choice: it is not offered, and refused when posted.
        own = ProcessingActivity.objects.filter(organisation=algorithm.organisation).select_related("organisation")
        self.fields["activities"].queryset = own.order_by("slug")

    def clean_runs_on(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["runs_on"].splitlines() if line.strip()]
        if len(lines) > MAX_REFS:
            raise forms.ValidationError(_("At most %(count)d entities.") % {"count": MAX_REFS})
        refs, malformed = [], []
        for line in lines:
            ref = normal_ref(line, self.algorithm.organisation)
            if ref:
                refs.append(ref)
            else:
                malformed.append(line[:80])
        if malformed:
            raise forms.ValidationError(
                _("Not a landscape reference (kind:namespace/name): %(refs)s") % {"refs": ", ".join(malformed)}
            )
        known = landscape()
        unknown = known.unknown(self.algorithm.organisation, refs) if known else []
        if unknown:
            # The same words for what does not exist and what the organisation may not see (decision 0030).
            raise forms.ValidationError(_("Not in the landscape: %(refs)s") % {"refs": ", ".join(unknown)})
        return list(dict.fromkeys(refs))
