"""Reporting a data bottleneck, and the programme's steps on one. Bad input is refused with the field named."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.exchange.directory import services
from thorbecke.registry.models import Organisation
from thorbecke.services.life_event_guides import life_events
from thorbecke.steering import legislation
from thorbecke.steering.bottleneck_types import bottleneck_types
from thorbecke.steering.laws import LawError, parse_many
from thorbecke.steering.models.bottlenecks import BottleneckStep, Kind
from thorbecke.web.forms import DesignSystemFormMixin

Action = BottleneckStep.Action


class BottleneckForm(DesignSystemFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What goes wrong"), widget=forms.Textarea(attrs={"rows": 5}))
    effect = forms.CharField(
        label=_("Effect on people"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What people notice: help that comes late, a form filled in again, money missed."),
    )  # fmt: skip
    language = forms.ChoiceField(
        label=_("Language of the report"), choices=[("nl", _("Dutch")), ("en", _("English"))], initial="nl",
        help_text=_("The language you write it in, so that readers and screen readers read it right."),
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    da_type = forms.ChoiceField(
        label=_("Bottleneck type"),
        help_text=_("The bottleneck types of the Domeinarchitectuur Gegevensuitwisseling (GDI)."),
    )
    data_service = forms.ChoiceField(
        label=_("Data service"), required=False,
        help_text=_("The service in the data system's directory the data comes from, where it is there."),
    )  # fmt: skip
    data_description = forms.CharField(
        label=_("The data and its source, in words"), max_length=300, required=False,
        help_text=_("When the data is not in the directory: which data, held by whom."),
    )  # fmt: skip
    parties = forms.MultipleChoiceField(
        label=_("Other parties"), required=False,
        help_text=_("The organisations involved; your own organisation is always one."),
    )  # fmt: skip
    life_event = forms.ChoiceField(label=_("Life event it hurts"), required=False)
    process = forms.CharField(
        label=_("Or the process it hurts"), max_length=200, required=False,
        help_text=_("When no life event fits, such as debt counselling or a permit."),
    )  # fmt: skip
    laws = forms.CharField(
        label=_("Laws involved"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("wetten.overheid.nl identifiers, one per line: BWBR0018472, BWBR0018472/Artikel 49h or "
                    "jci1.3:c:BWBR0018472&artikel=49h."),
    )  # fmt: skip

    obligation = forms.ChoiceField(
        label=_("Legal obligation it concerns"), required=False,
        help_text=_("For a legal bottleneck: the obligation of a digital law it is about, where there is one."),
    )  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["obligation"].choices = [("", _("None")), *legislation.choices()]
        self.fields["da_type"].choices = [("", _("Choose a type"))] + [
            (t.slug, t.name) for t in bottleneck_types().values()
        ]
        self.fields["data_service"].choices = [("", _("Not in the directory"))] + [
            (s.key, f"{s.title} ({s.organisation})") for s in services()
        ]
        self.current = {
            code: name
            for code, name in Organisation.objects.filter(end_date__isnull=True)
            .order_by("sort_name")
            .values_list("code", "name")
        }
        self.fields["parties"].choices = [(code, f"{name} ({code})") for code, name in self.current.items()]
        self.fields["life_event"].choices = [("", _("None"))] + [(e.slug, e.title) for e in life_events().values()]

    def clean_laws(self) -> list[str]:
        try:
            return [law.reference for law in parse_many(self.cleaned_data["laws"])]
        except LawError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("data_service") and not (data.get("data_description") or "").strip():
            self.add_error("data_description", _("Choose the data service, or describe the data and its source."))
        if not data.get("life_event") and not (data.get("process") or "").strip():
            self.add_error("process", _("Choose the life event, or name the process it hurts."))
        return data

    def parties_chosen(self) -> list[Organisation]:
        return list(Organisation.objects.filter(code__in=self.cleaned_data["parties"]))

    def fields_of_bottleneck(self) -> dict[str, object]:
        data = self.cleaned_data
        names = ("title", "description", "effect", "language", "kind", "da_type", "data_service", "data_description",
                 "life_event", "process", "laws", "obligation")  # fmt: skip
        return {name: data[name].strip() if isinstance(data[name], str) else data[name] for name in names}


class StepForm(DesignSystemFormMixin, forms.Form):
    action = forms.ChoiceField(label=_("Step"), choices=[("", _("Choose a step"))] + [
        (a.value, a.label) for a in (Action.TRIAGED, Action.NOTE, Action.ESCALATED, Action.DECIDED, Action.CLOSED)
    ])  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(
        label=_("In the public register"), required=False, initial=True,
        help_text=_("At triage: a bottleneck is public unless there is a reason it cannot be."),
    )  # fmt: skip
    decision = forms.CharField(label=_("Decision"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reasoning = forms.CharField(label=_("Reasoning"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
