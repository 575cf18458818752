"""A published version of the uniform cloud definitions. The definitions themselves are data in the repository
(``cloud/data/taxonomy.yaml``); the programme publishes a version, and what was published is kept as it was, so a
need or an offering can always be read against the definitions it was made under."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation


class TaxonomyVersion(models.Model):
    version = models.CharField(_("version"), max_length=32, unique=True)
    content = models.JSONField(help_text="The definitions as published, in the shape of taxonomy.yaml.")
    digest = models.CharField(
        max_length=64, help_text="SHA-256 of the content, to see a changed file under an old version."
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    programme_owned = True

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.version
