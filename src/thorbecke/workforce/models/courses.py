"""The academies' courses and the AI literacy organisations record.

A course's competences, archetypes and job profiles are lists in JSON: they are checked against the competence model
(which is data, not tables) when a course is saved, and the catalogue is a few hundred courses at most, so search
reads them in Python rather than through joins to tables that would copy the model."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.ai.models import Algorithm
from thorbecke.registry.localised import localised
from thorbecke.registry.models import Organisation


class Format(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    ONLINE = "online", _("Online, live")
    BLENDED = "blended", _("Blended")
    E_LEARNING = "e-learning", _("E-learning")
    WEBINAR = "webinar", _("Webinar")
    TAILORED = "tailored", _("Tailored for a team")
    # The research found two traineeships: paid work with training, which none of the others describes.
    WORK_AND_LEARN = "work-and-learn", _("Work and learn (traineeship)")


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class Course(models.Model):
    """One course as its source describes it; an empty field is one the source did not give ("not known")."""

    programme_owned = True

    code = models.SlugField(_("code"), max_length=80, unique=True)
    provider = models.CharField(_("provider"), max_length=200)
    # Set only when the provider is an organisation in the register (the academies mostly are not).
    provider_organisation = models.ForeignKey(
        Organisation, verbose_name=_("provider in the register"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    title_nl = models.CharField(_("title (Dutch)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    url = models.URLField(_("web address"), max_length=500)
    source_date = models.CharField(_("date of the source"), max_length=100, blank=True)
    competences = models.JSONField(default=list, help_text='[{"code": "D.7", "level": 3}]: e-CF 4.0 levels taught')
    archetypes = models.JSONField(default=list, help_text='["ai-literacy"]')
    profiles = models.JSONField(default=list, help_text='["cwa-16458:27"]: scheme and code')
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, blank=True)
    duration_hours = models.DecimalField(_("duration in hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    duration_nl = models.CharField(_("duration as the source gives it (Dutch)"), max_length=300, blank=True)
    duration_en = models.CharField(_("duration as the source gives it (English)"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    cost_euro = models.DecimalField(_("cost in euro"), max_digits=9, decimal_places=2, null=True, blank=True)
    cost_nl = models.CharField(_("cost as the source gives it (Dutch)"), max_length=300, blank=True)
    cost_en = models.CharField(_("cost as the source gives it (English)"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title_nl", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localised(self, "title") or self.title_nl

    @property
    def description(self) -> str:
        return localised(self, "description")

    @property
    def duration(self) -> str:
        return localised(self, "duration")

    @property
    def cost(self) -> str:
        return localised(self, "cost")


class CourseRun(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="runs")
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)

    programme_owned = True

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.course_id} {self.starts_on}"


class AiLiteracyRecord(models.Model):
    """What an organisation that deploys AI did for its staff's AI literacy (AI Act article 4), in aggregates only:
    how many people operate or use its AI systems and how many of them completed the training. No person is named."""

    owner_path = "organisation"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    measured_on = models.DateField(_("date of the figures"))
    staff_operating = models.PositiveIntegerField(_("staff who operate or use its AI systems"))
    staff_trained = models.PositiveIntegerField(_("of whom completed AI literacy training"))
    measure = models.TextField(_("the measure, when not one of the courses"), blank=True)
    courses = models.ManyToManyField(Course, verbose_name=_("courses"), related_name="+", blank=True)
    # Empty: the record is for every algorithm the organisation has in use.
    algorithms = models.ManyToManyField(Algorithm, verbose_name=_("algorithms"), related_name="+", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-measured_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.measured_on}: {self.staff_trained}/{self.staff_operating}"
