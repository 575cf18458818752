"""The pool's forms: a member's profile and an organisation's assignment. A form only turns what was typed into the
input of ``workforce.pools``, whose checks decide; a refusal there is put on the field it names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thorbecke.web.forms import DesignSystemFormMixin
from thorbecke.workforce import pools, profiles
from thorbecke.workforce.competences import ModelError, framework
from thorbecke.workforce.models.pools import LANGUAGES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}  # square, as elsewhere


def competence_field(name: str) -> str:
    return "c_" + name.replace(".", "_")


class _PoolForm(DesignSystemFormMixin, forms.Form):
    """The fields both forms share, and the competences as one choice per e-CF competence, grouped by area."""

    musts = False

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Choose a province")), *pools.provinces().items()]
        for competence in framework().competences.values():
            choices = [("", "-")]
            for level in competence.levels:
                choices.append((str(level), f"e-{level}"))
                if self.musts:
                    choices.append((f"{level}!", _("e-%(level)s, a must") % {"level": level}))
            field = forms.ChoiceField(label=f"{competence.code} {competence.name_en}", choices=choices, required=False)
            field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
            self.fields[competence_field(competence.code)] = field

    def areas(self) -> list[tuple[object, list]]:
        """Each area with its competences' bound fields, for a fieldset each."""
        return [(area, [self[competence_field(c.code)] for c in area.competences]) for area in framework().areas]

    def chosen(self) -> list[tuple[str, str]]:
        return [
            (code, self.cleaned_data.get(competence_field(code)) or "")
            for code in framework().competences
            if self.cleaned_data.get(competence_field(code))
        ]

    def refuse(self, error: ModelError) -> None:
        """Put the domain's refusal on the field it names (a competence's own choice where it names one)."""
        field = error.field.split("[")[0].split(".")[0]
        if field == "competences":
            field = next((competence_field(c) for c in framework().competences if c in error.field), "__all__")
        message = str(error).split(": ", 1)[-1]
        self.add_error(field if field in self.fields else None, message)


class ProfileForm(_PoolForm):
    profile = forms.ChoiceField(label=_("Job profile"))
    hours_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=pools.MAX_HOURS)
    available_from = forms.DateField(label=_("Available from"), widget=DATE)
    available_until = forms.DateField(
        label=_("Available until"), required=False, widget=DATE, help_text=_("Leave empty when open-ended.")
    )
    region = forms.ChoiceField(label=_("Region"), help_text=_("The province where you can work on site."))
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=list(LANGUAGES.items()), widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX)
    )
    text = forms.CharField(
        label=_("About you"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few lines for an organisation that opens your profile; at most 1000 characters."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [("", _("Choose a job profile"))] + [
            (p.key, f"{p.code} {p.name}") for p in profiles.current()
        ]

    @classmethod
    def initial_of(cls, member: object) -> dict:
        initial = {
            "profile": f"{member.profile_scheme}:{member.profile_code}",
            "hours_per_week": member.hours_per_week,
            "available_from": member.available_from,
            "available_until": member.available_until,
            "region": member.region,
            "languages": member.languages,
            "text": member.text,
        }
        initial |= {competence_field(code): str(level) for code, level in member.competences.items()}
        return initial

    def input(self) -> pools.ProfileInput:
        scheme, _sep, code = self.cleaned_data["profile"].partition(":")
        return pools.ProfileInput(
            profile_scheme=scheme,
            profile_code=code,
            competences={code: int(level) for code, level in self.chosen()},
            hours_per_week=self.cleaned_data["hours_per_week"],
            available_from=self.cleaned_data["available_from"],
            available_until=self.cleaned_data["available_until"],
            region=self.cleaned_data["region"],
            languages=self.cleaned_data["languages"],
            text=self.cleaned_data["text"],
        )


class AssignmentForm(_PoolForm):
    musts = True

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    hours_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=pools.MAX_HOURS)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE, help_text=_("Leave empty when open."))
    region = forms.ChoiceField(
        label=_("Region"), required=False, help_text=_("Where the work is done; may be empty when it is remote.")
    )
    remote = forms.BooleanField(label=_("Can be done remotely"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=list(LANGUAGES.items()),
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        help_text=_("A candidate speaks at least one of them."),
    )

    def input(self) -> pools.AssignmentInput:
        return pools.AssignmentInput(
            title=self.cleaned_data["title"],
            description=self.cleaned_data["description"],
            competences=[
                {"code": code, "level": int(value.rstrip("!")), "must": value.endswith("!")}
                for code, value in self.chosen()
            ],
            hours_per_week=self.cleaned_data["hours_per_week"],
            starts_on=self.cleaned_data["starts_on"],
            ends_on=self.cleaned_data["ends_on"],
            region=self.cleaned_data["region"],
            remote=self.cleaned_data["remote"],
            languages=self.cleaned_data["languages"],
        )
