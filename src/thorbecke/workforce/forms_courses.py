"""The course search (a GET form whose Dutch field names are the query parameters other pages link with, such as
``?profiel=cwa-16458:27``), the programme's upload of a course list, and an organisation's AI literacy record."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thorbecke.web.forms import DesignSystemFormMixin, uploaded_text
from thorbecke.workforce import ai_literacy, competences, courses, profiles
from thorbecke.workforce.models import Course
from thorbecke.workforce.models.courses import Format, Language

MAX_BYTES = 500_000  # a thousand courses of half a kilobyte each, with a margin

CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}  # square, as elsewhere


def _any(label: str) -> list[tuple[str, str]]:
    return [("", label)]


class SearchForm(DesignSystemFormMixin, forms.Form):
    q = forms.CharField(label=_("Words in the title, provider or description"), required=False, max_length=200)
    competentie = forms.ChoiceField(label=_("Competence (e-CF)"), required=False)
    niveau = forms.TypedChoiceField(
        label=_("Taught at least at level"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Any level")), *((str(level), f"e-{level}") for level in competences.LEVELS)],
    )  # fmt: skip
    thema = forms.ChoiceField(
        label=_("Archetype"), required=False,
        help_text=_("Choose one and search: you can then tick what a person or team lacks of it."),
    )  # fmt: skip
    vorm = forms.ChoiceField(label=_("Format"), required=False, choices=[("", _("Any format")), *Format.choices])
    taal = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("Any language")), *Language.choices])
    maxkosten = forms.DecimalField(
        label=_("Costs at most (euro)"), required=False, min_value=0, max_digits=9, decimal_places=2,
        help_text=_("Courses whose cost is not known are left out."),
    )  # fmt: skip
    vanaf = forms.DateField(
        label=_("Starts on or after"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Courses without known dates are left out."),
    )  # fmt: skip
    profiel = forms.ChoiceField(
        label=_("For a job profile"), required=False,
        help_text=_("The courses that prepare for it or teach its competences."),
    )  # fmt: skip
    tekort = forms.MultipleChoiceField(
        label=_("Competences lacking"), required=False, widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        help_text=_("With an archetype chosen: the courses that close what a person or team lacks of it."),
    )  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        framework = competences.framework()
        self.fields["competentie"].choices = _any(_("Any competence")) + [
            (c.code, f"{c.code} {c.name_en}") for c in framework.competences.values()
        ]
        self.fields["thema"].choices = _any(_("Any archetype")) + [
            (a.code, str(a.name)) for a in competences.archetypes().archetypes
        ]
        self.fields["profiel"].choices = _any(_("No job profile")) + [
            (p.key, f"{p.scheme} {p.code} {p.name}") for scheme in profiles.schemes().values() for p in scheme
        ]
        self.fields["tekort"].choices = [
            (need.competence.code, f"{need.competence.code} {need.competence.name_en} (e-{need.level})")
            for need in self.archetype().needs
        ] if self.archetype() else []  # fmt: skip

    def archetype(self) -> competences.Archetype | None:
        code = self.data.get("thema", "") if self.is_bound else ""
        return courses.find_archetype(code) if isinstance(code, str) else None

    def filters(self) -> courses.Filters:
        data = self.cleaned_data
        return courses.Filters(
            text=data.get("q") or "", competence=data.get("competentie") or "", level=data.get("niveau"),
            archetype=data.get("thema") or "", format=data.get("vorm") or "", language=data.get("taal") or "",
            max_cost=data.get("maxkosten"), starts_after=data.get("vanaf"),
        )  # fmt: skip


class CourseUploadForm(DesignSystemFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Course list (YAML)"),
        help_text=_(
            "Per course: a code, the provider, a title in Dutch (and English where known), the web address, and what "
            "the source gives of format, language, duration, cost, dates, competences with an e-CF level, archetypes "
            "and job profiles. A course with a code already in the catalogue is replaced."
        ),
        widget=forms.FileInput(attrs={"accept": ".yaml,.yml,application/yaml,text/yaml"}),
    )

    def clean_file(self) -> list[courses.CourseEntry]:
        text = uploaded_text(self.cleaned_data["file"], MAX_BYTES)
        try:
            return courses.load_courses(text)
        except competences.ModelError as error:
            raise forms.ValidationError(str(error)) from error


class AiLiteracyForm(DesignSystemFormMixin, forms.Form):
    measured_on = forms.DateField(
        label=_("Date of the figures"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    staff_operating = forms.IntegerField(
        label=_("Staff who operate or use your AI systems"), min_value=0,
        help_text=_("A number of people, not names: your own staff and others working for you on them."),
    )  # fmt: skip
    staff_trained = forms.IntegerField(
        label=_("Of whom completed AI literacy training"), min_value=0,
        help_text=_("Trained on the AI literacy archetype, or through the measure you describe below."),
    )  # fmt: skip
    courses = forms.ModelMultipleChoiceField(
        label=_("Courses followed"), queryset=Course.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )  # fmt: skip
    measure = forms.CharField(
        label=_("Or the measure, when not one of these courses"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    algorithms = forms.ModelMultipleChoiceField(
        label=_("For which algorithms in use"), queryset=ai_literacy.in_use().none(), required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX), help_text=_("None ticked: the record is for all of them."),
    )  # fmt: skip

    def __init__(self, *args: object, organisation: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # JSON "contains" is not a lookup SQLite has; the catalogue is small enough to pick in Python.
        teaching = [c.pk for c in Course.objects.only("pk", "archetypes") if "ai-literacy" in c.archetypes]
        self.fields["courses"].queryset = Course.objects.filter(pk__in=teaching).order_by("title_nl")
        self.fields["algorithms"].queryset = ai_literacy.in_use(organisation).order_by("name")
