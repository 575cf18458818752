"""Threat intelligence the security teams of organisations share: STIX 2.1 objects, each version kept,
with the TLP 2.0 marking that decides who may read it."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation


class Tlp(models.TextChoices):
    CLEAR = "clear", "TLP:CLEAR"
    GREEN = "green", "TLP:GREEN"
    AMBER = "amber", "TLP:AMBER"
    AMBER_STRICT = "amber+strict", "TLP:AMBER+STRICT"
    RED = "red", "TLP:RED"


class StixObject(models.Model):
    """One version of a STIX object (id + modified), as shared by one organisation."""

    stix_id = models.CharField(max_length=100, db_index=True)
    type = models.CharField(max_length=50, db_index=True)
    modified = models.CharField(max_length=40, help_text="STIX timestamp of this version")
    body = models.JSONField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="stix_objects")
    tlp = models.CharField(max_length=16, choices=Tlp.choices, db_index=True)
    recipients = models.ManyToManyField(Organisation, blank=True, related_name="stix_received")
    # Indicators with the same pattern shared by several organisations are one finding, counted once.
    pattern_hash = models.CharField(max_length=64, blank=True, db_index=True)
    date_added = models.DateTimeField(auto_now_add=True, db_index=True)

    owner_path = "organisation"

    class Meta:
        ordering = ["date_added", "pk"]
        constraints = [models.UniqueConstraint(fields=["stix_id", "modified"], name="soc_stix_version")]

    def __str__(self) -> str:
        return f"{self.stix_id} ({self.modified})"


class ApiToken(models.Model):
    """A TAXII client's bearer token, acting for one organisation; only its hash is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="taxii_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    owner_path = "organisation"

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_id})"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, organisation: Organisation, name: str) -> str:
        """A new token; it is shown once and cannot be recovered."""
        token = secrets.token_urlsafe(32)
        cls.objects.create(organisation=organisation, name=name, digest=cls.hash(token))
        return token


class Status(models.Model):
    """The TAXII status resource of one POST of objects."""

    id = models.UUIDField(primary_key=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="taxii_statuses")
    body = models.JSONField()

    owner_path = "organisation"

    def __str__(self) -> str:
        return str(self.id)
