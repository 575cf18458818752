"""The hub's part of the data system: the directory (peers and the services they offer, with the
DCAT-AP-NL description of each dataset) and each organisation's register of processing activities
(AVG article 30). Processing-log records point at an activity by its URI; the hub turns that URI
into a name, a purpose and a legal basis for the person who asks who used their data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.localised import localised
from thorbecke.registry.models import Organisation

# EU access-rights vocabulary, as DCAT-AP-NL uses it: personal data is never public.
ACCESS_NON_PUBLIC = "http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC"
# EU data-theme vocabulary (DCAT-AP): "Government and public sector".
THEME_GOVERNMENT = "http://publications.europa.eu/resource/authority/data-theme/GOVE"
# The JSON-LD context of every DCAT-AP-NL description the hub serves (the data system's, the steering figures').
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


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


class Peer(models.Model):
    """An organisation's node in the group's directory: its FSC peer id (the OIN in its certificate)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="peers")
    peer_id = models.CharField(_("peer id (OIN)"), max_length=20, unique=True)
    manager_address = models.URLField(_("manager address"), max_length=300)
    certificate = models.TextField(_("certificate (PEM)"))
    announced_at = models.DateTimeField(auto_now=True)

    owner_path = "organisation"

    class Meta:
        ordering = ["organisation__sort_name"]

    def __str__(self) -> str:
        return f"{self.organisation.code} ({self.peer_id})"


class DataService(models.Model):
    """A service offered through the data system, with the DCAT-AP-NL description of its dataset."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("service name"), max_length=100)
    inway_address = models.URLField(_("inway address"), max_length=300)
    protocol = models.CharField(max_length=30, default="PROTOCOL_TCP_HTTP_1.1")
    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.PROTECT, related_name="services", verbose_name=_("processing activity")
    )
    allowed_purposes = models.ManyToManyField(ProcessingActivity, related_name="served_by", blank=True)
    openapi_url = models.URLField(_("OpenAPI document"), max_length=300, blank=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"))
    theme = models.URLField(_("theme"), max_length=300, default=THEME_GOVERNMENT)
    access_rights = models.URLField(max_length=300, default=ACCESS_NON_PUBLIC)

    owner_path = "peer__organisation"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["peer", "name"], name="one_service_per_name")]
        ordering = ["peer__organisation__sort_name", "name"]

    def __str__(self) -> str:
        return f"{self.peer.organisation.code}/{self.name}"

    def dcat(self) -> dict[str, object]:
        """The dataset behind the service as DCAT-AP-NL (JSON-LD), with the service as its distribution."""
        organisation = self.peer.organisation
        return {
            "@context": DCAT_CONTEXT,
            "@type": "dcat:Dataset",
            "dct:identifier": f"{settings.PUBLIC_URL}/api/v1/directory/services/{organisation.code}/{self.name}",
            "dct:title": [{"@language": "nl", "@value": self.title_nl}, {"@language": "en", "@value": self.title_en}],
            "dct:description": [
                {"@language": "nl", "@value": self.description_nl},
                {"@language": "en", "@value": self.description_en},
            ],
            "dct:publisher": {"@id": organisation.tooi_uri or organisation.code, "foaf:name": organisation.name},
            "dcat:theme": {"@id": self.theme},
            "dct:accessRights": {"@id": self.access_rights},
            "dct:conformsTo": {"@id": self.activity.legal_basis_url},
            "dcat:distribution": {
                "@type": "dcat:Distribution",
                "dcat:accessService": {
                    "@type": "dcat:DataService",
                    "dct:title": self.name,
                    "dcat:endpointURL": {"@id": self.inway_address},
                    "dcat:endpointDescription": {"@id": self.openapi_url} if self.openapi_url else None,
                },
            },
        }
