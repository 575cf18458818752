"""The hub's part of the data system: each organisation's register of processing activities
(AVG article 30). Processing-log records point at an activity by its URI; the hub turns that URI
into a name, a purpose and a legal basis for the person who asks who used their data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.localised import localised
from thorbecke.registry.models import Organisation


class ProcessingActivity(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="processing_activities")
    slug = models.SlugField(_("identifier"), max_length=100)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    purpose_nl = models.TextField(_("purpose (Dutch)"))
    purpose_en = models.TextField(_("purpose (English)"))
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    legal_basis_url = models.URLField(_("link to the legal basis"), max_length=500)
    retention = models.CharField(_("retention period"), max_length=100)
    updated_at = models.DateTimeField(auto_now=True)

    owner_path = "organisation"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="one_activity_per_slug")]
        ordering = ["organisation__sort_name", "slug"]

    def __str__(self) -> str:
        return f"{self.organisation.code}/{self.slug}"

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def purpose(self) -> str:
        return localised(self, "purpose")

    @property
    def uri(self) -> str:
        return activity_uri(self.organisation.code, self.slug)


def activity_uri(organisation_code: str, slug: str) -> str:
    return f"{settings.PUBLIC_URL}/api/v1/processing-activities/{organisation_code}/{slug}"
