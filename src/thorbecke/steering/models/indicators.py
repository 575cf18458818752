"""Indicators and their observations. An indicator's definition (code, texts, unit, owner, source, the EU Digital
Decade target it corresponds to) is data in ``steering/data/indicators.yaml``, its computation one function in
``steering/indicators/``; the row here adds what the programme sets: baseline and target. An observation is one
computed value for one period and one scope; a period's observations are its snapshot, replaced only by computing
that period again."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Priority(models.TextChoices):
    """The strategy's six priorities, and the interventions that hold them together."""

    CLOUD = "cloud", _("Cloud")
    DATA = "data", pgettext_lazy("priority", "Data")
    AI = "ai", _("AI")
    CITIZENS = "citizens", _("Citizens and entrepreneurs first")
    RESILIENCE = "resilience", _("Resilience and autonomy")
    PROFICIENCY = "proficiency", _("Digital proficiency")
    INTERVENTIONS = "interventions", _("Interventions")


class Scope(models.TextChoices):
    ORGANISATION = "organisation", _("organisation")
    ORG_TYPE = "org_type", _("type of organisation")
    PROVINCE = "province", _("province")
    COUNTRY = "country", _("the Netherlands")


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    priority = models.CharField(_("priority"), max_length=20, choices=Priority.choices)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_nl = models.TextField(_("definition (Dutch)"))
    definition_en = models.TextField(_("definition (English)"))
    unit = models.CharField(_("unit"), max_length=20)  # share, count or mean: see indicators.Unit
    owner = models.CharField(_("owner"), max_length=200)
    source = models.CharField(_("computed from"), max_length=300)
    digital_decade = models.CharField(_("EU Digital Decade target or KPI"), max_length=200, blank=True)
    higher_is_better = models.BooleanField(default=True)
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=7, blank=True)
    target = models.FloatField(_("target value"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)

    class Meta:
        ordering = ["priority", "code"]

    def __str__(self) -> str:
        return self.code

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_nl

    def definition(self, language: str) -> str:
        return self.definition_en if language == "en" else self.definition_nl


class Observation(models.Model):
    """One computed value. ``value`` is None when the source holds no data for that scope: "no data", never 0.
    A share or a mean keeps its numerator and denominator, so that scopes add up and a reader can check it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    period = models.CharField(max_length=7)  # YYYY-MM: the value at the end of that month
    scope = models.CharField(max_length=12, choices=Scope.choices)
    key = models.CharField(max_length=64)  # organisation code, organisation type, province code, or "NL"
    value = models.FloatField(null=True)
    numerator = models.FloatField(null=True)
    denominator = models.FloatField(null=True)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "scope", "key"], name="steering_one_observation")
        ]
        indexes = [models.Index(fields=["scope", "key", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} {self.scope}:{self.key} = {self.value}"
