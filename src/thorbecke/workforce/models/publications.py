"""A year's national workforce figures as the programme published them (decision 0061): the protected cube, frozen.
The public views read only this; a year is published once and its reports are closed from then on, so no two
states of the same year can be subtracted to learn one organisation's report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkforcePublication(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", _("being protected")
        PUBLISHED = "published", _("published")
        FAILED = "failed", _("failed")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.RUNNING)
    started_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisations = models.PositiveIntegerField(default=0)  # that reported for the year
    lines = models.PositiveIntegerField(default=0)
    hidden = models.PositiveIntegerField(default=0)  # cells hidden, of all the cube's cells
    # The protected cells as publication.py writes them: no hidden figure, no organisation's share.
    cells = models.JSONField(default=list)
    error = models.TextField(blank=True)

    programme_owned = True

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} ({self.state})"
