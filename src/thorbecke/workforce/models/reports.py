"""An organisation's yearly report of its IT workforce, as aggregates per job profile and level: no person in it.
One report per organisation and year; a resubmission replaces the year's lines at once (``workforce/reports.py``).
Which profiles the programme holds to be core, to keep in-house, is the programme's."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation


class WorkforceReport(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="workforce_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    owner_path = "organisation"

    class Meta:
        ordering = ["-year", "organisation__sort_name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="workforce_report_per_year")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class WorkforceReportLine(models.Model):
    """One job profile at one e-CF level of the position. Headcount and fte count everyone doing the work, employed or
    hired; external is the hired part of them. The age bands sum to the headcount."""

    report = models.ForeignKey(WorkforceReport, on_delete=models.CASCADE, related_name="lines")
    scheme = models.CharField(max_length=64)
    code = models.CharField(max_length=32)
    level = models.PositiveSmallIntegerField()
    headcount = models.PositiveIntegerField()
    fte = models.DecimalField(max_digits=9, decimal_places=2)
    age_under_25 = models.PositiveIntegerField()
    age_25_34 = models.PositiveIntegerField()
    age_35_44 = models.PositiveIntegerField()
    age_45_54 = models.PositiveIntegerField()
    age_55_64 = models.PositiveIntegerField()
    age_65_plus = models.PositiveIntegerField()
    external_headcount = models.PositiveIntegerField()
    external_fte = models.DecimalField(max_digits=9, decimal_places=2)
    vacancies = models.PositiveIntegerField()
    vacancies_over_90_days = models.PositiveIntegerField()
    outflow_1 = models.PositiveIntegerField()
    outflow_2 = models.PositiveIntegerField()
    outflow_3 = models.PositiveIntegerField()
    outflow_4 = models.PositiveIntegerField()
    outflow_5 = models.PositiveIntegerField()

    class Meta:
        ordering = ["scheme", "code", "level"]
        constraints = [
            models.UniqueConstraint(fields=["report", "scheme", "code", "level"], name="workforce_line_per_profile")
        ]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.code} e-{self.level}"


class CoreProfile(models.Model):
    """A profile the programme holds to be core: what government needs in-house rather than hired."""

    scheme = models.CharField(max_length=64)
    code = models.CharField(max_length=32)
    reason = models.TextField(_("reason"))
    marked_at = models.DateTimeField(auto_now=True)

    programme_owned = True

    class Meta:
        ordering = ["scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="workforce_core_profile")]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.code}"
