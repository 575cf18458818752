"""A published profile set: job profiles described in e-CF competences (the KWIV profiles, once the programme has
the workbook's list). The competence model itself is data in the repository (``workforce/data``), not tables; only
what the programme publishes on top of it is stored, kept as it was published."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation


class ProfileSet(models.Model):
    version = models.CharField(_("version"), max_length=32, unique=True)
    content = models.JSONField(help_text="The profile set as published, in the shape of the uploaded YAML.")
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    programme_owned = True

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.version
