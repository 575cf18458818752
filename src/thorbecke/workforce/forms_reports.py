"""An organisation's workforce report as a CSV upload (the header is ``reports.FIELDS``; the template is a download),
checked whole by ``reports.check``; the filters of the national views; the programme's core profiles and the year it
publishes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thorbecke.registry import layers
from thorbecke.web.forms import DesignSystemFormMixin, uploaded_text
from thorbecke.workforce import profiles, reports
from thorbecke.workforce.competences import ModelError

# Thirty profiles at five levels is 150 rows of some 60 characters: a margin, and no more is read into memory.
MAX_BYTES = 200_000


class ReportUploadForm(DesignSystemFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=reports.FIRST_YEAR)
    file = forms.FileField(
        label=_("Report (CSV)"),
        help_text=_("One row per job profile and level, with the template's header; UTF-8, separated by commas."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].max_value = timezone.localdate().year + 1

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None or "year" not in cleaned:
            return cleaned
        try:
            text = uploaded_text(upload, MAX_BYTES)
        except forms.ValidationError as error:
            self.add_error("file", error)
            return cleaned
        try:
            lines = reports.read_csv(text)
            reports.check_csv(cleaned["year"], lines)
        except ModelError as error:
            self.add_error("year" if error.field == "year" else "file", str(error).split(": ", 1)[1])
            return cleaned
        cleaned["lines"] = lines
        return cleaned


def _profile_choices() -> list[tuple[str, str]]:
    return [(p.key, f"{p.code}. {p}") for p in profiles.current()]


class InsightFilterForm(DesignSystemFormMixin, forms.Form):
    by = forms.ChoiceField(
        label=_("Rows"), required=False,
        choices=[("profile", _("Job profile")), ("level", _("Level")), ("layer", _("Layer of government")),
                 ("province", _("Province"))],
    )  # fmt: skip
    profile = forms.ChoiceField(label=_("Job profile"), required=False)
    layer = forms.ChoiceField(label=_("Layer of government"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int)

    def __init__(self, data: object, provinces: dict, years: list[int]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        every = [("", _("All"))]
        self.fields["profile"].choices = every + _profile_choices()
        self.fields["layer"].choices = every + [(layer.key, layer.label) for layer in layers.LAYERS]
        self.fields["province"].choices = every + [(code or "none", name) for code, name in provinces.items()]
        self.fields["year"].choices = [(y, str(y)) for y in years]


class CoreProfileForm(DesignSystemFormMixin, forms.Form):
    profile = forms.ChoiceField(label=_("Job profile"))
    reason = forms.CharField(
        label=_("Why it is core"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why government needs this in-house rather than hired; shown beside the profile."),
    )  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["profile"].choices = _profile_choices()


class PublishForm(DesignSystemFormMixin, forms.Form):
    """The year the programme publishes; whether it may be published is publication.start's to say."""

    year = forms.IntegerField(label=_("Year"), min_value=reports.FIRST_YEAR, max_value=9999)
