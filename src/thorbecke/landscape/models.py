"""The national IT landscape, in the shape of the Backstage software catalog.

Entities are Backstage's kinds (Component, API, Resource, System), named ``kind:namespace/name``. An
organisation's own entities live in the namespace of its TOOI code; building blocks that many
organisations use (DigiD, the BRP, one supplier's SaaS used by 200 municipalities) live once in the
namespace ``shared`` and everybody's entities point at them. Relations keep Backstage's names
(dependsOn, consumesApi, providesApi, partOf). What Backstage has no field for (supplier, hosting,
BIO classes, end of support, the citizen service delivered) is kept here, and travels in
``catalog-info.yaml`` as ``thorbecke.nl/...`` annotations.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.countries import EU
from thorbecke.registry.models import Organisation, Role

SHARED = "shared"



class Kind(models.TextChoices):
    COMPONENT = "Component", _("Component")
    API = "API", _("API")
    RESOURCE = "Resource", _("Resource")
    SYSTEM = "System", _("System")


class Hosting(models.TextChoices):
    OWN = "own", _("own data centre")
    GOVERNMENT_CLOUD = "government-cloud", _("government cloud")
    CLOUD = "cloud", _("cloud provider")
    UNKNOWN = "", _("not stated")


class Level(models.IntegerChoices):
    """BIO classification of availability, integrity and confidentiality."""

    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")


class RelationType(models.TextChoices):
    DEPENDS_ON = "dependsOn", "dependsOn"
    CONSUMES_API = "consumesApi", "consumesApi"
    PROVIDES_API = "providesApi", "providesApi"
    PART_OF = "partOf", "partOf"


class Supplier(models.Model):
    """A company that supplies software or services; one row however many organisations buy from it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    country = models.CharField(_("country of establishment"), max_length=2, blank=True, help_text="ISO 3166-1")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def in_eu(self) -> bool | None:
        return (self.country in EU) if self.country else None


class Entity(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    namespace = models.CharField(_("namespace"), max_length=64, help_text=_("The owner's TOOI code, or 'shared'."))
    name = models.CharField(_("name"), max_length=63)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=64, blank=True, help_text="Backstage spec.type")
    lifecycle = models.CharField(_("lifecycle"), max_length=32, blank=True)
    function = models.CharField(
        _("function"), max_length=100, blank=True, db_index=True, help_text=_("What it does, e.g. zaaksysteem.")
    )
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="landscape_entities")
    maintainer = models.CharField(_("maintained by"), max_length=200, blank=True)
    supplier = models.ForeignKey(Supplier, null=True, blank=True, on_delete=models.PROTECT, related_name="entities")
    hosting = models.CharField(_("hosting"), max_length=20, choices=Hosting.choices, blank=True)
    hosting_provider = models.CharField(_("hosting provider"), max_length=100, blank=True)
    hosting_region = models.CharField(_("region"), max_length=64, blank=True)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, blank=True, help_text="ISO 3166-1")
    data_location = models.CharField(_("data location"), max_length=2, blank=True, help_text="ISO 3166-1")
    availability = models.PositiveSmallIntegerField(_("availability"), choices=Level.choices, null=True, blank=True)
    integrity = models.PositiveSmallIntegerField(_("integrity"), choices=Level.choices, null=True, blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Level.choices, null=True, blank=True
    )
    end_of_support = models.DateField(_("end of support"), null=True, blank=True)
    product_uri = models.URLField(
        _("citizen service (UPL)"), max_length=300, blank=True, help_text=_("The UPL product this service delivers.")
    )
    source = models.CharField(max_length=40, help_text="catalog-info.yaml, csv, cyclonedx or seed")
    updated_at = models.DateTimeField(auto_now=True)

    owner_path = "owner"

    class Meta:
        ordering = ["namespace", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["namespace", "kind", "name"], name="landscape_entity_ref")]
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return self.ref

    @property
    def ref(self) -> str:
        """The Backstage entity reference."""
        return f"{self.kind.lower()}:{self.namespace}/{self.name}"

    @property
    def shared(self) -> bool:
        return self.namespace == SHARED

    @property
    def criticality(self) -> int | None:
        levels = [v for v in (self.availability, self.integrity, self.confidentiality) if v is not None]
        return max(levels) if levels else None


class Relation(models.Model):
    source = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="relations_in")
    type = models.CharField(max_length=16, choices=RelationType.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target", "type"], name="landscape_relation_unique")]

    def __str__(self) -> str:
        return f"{self.source_id} {self.type} {self.target_id}"


class Exercise(models.Model):
    """A rehearsed failure: what was taken down, and what the landscape said would follow."""

    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="landscape_exercises")
    scenario = models.JSONField(help_text="{failure: entity|supplier|hosting, ...}")
    findings = models.JSONField(default=dict)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    owner_path = "organisation"
    # The national programme runs government-wide exercises too, as its own organisation.
    change_roles = frozenset({Role.EDITOR, Role.ADMIN, Role.PROGRAMME})

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Revision(models.Model):
    """One row, changed with every change to entities or relations: each hub process compares it with its
    in-memory graph and rebuilds the graph when they differ.

    The value is random rather than a counter, so that a database rolled back or restored (a test, a
    backup) can never bring back a value a process has already cached a different graph under.
    """

    stamp = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"landscape revision {self.stamp}"

    @classmethod
    def bump(cls) -> None:
        stamp = secrets.randbits(62) + 1
        if not cls.objects.filter(pk=1).update(stamp=stamp):
            cls.objects.create(pk=1, stamp=stamp)

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("stamp", flat=True).first() or 0


class QuantumStatus(models.TextChoices):
    VULNERABLE = "vulnerable", _("quantum-vulnerable")
    UPGRADE = "upgrade", _("to upgrade")
    READY = "ready", _("ready")
    UNKNOWN = "unknown", _("unknown")


class CryptoAsset(models.Model):
    """One entry of an organisation's cryptographic inventory (a CycloneDX CBOM cryptographic-asset)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="crypto_assets")
    entity = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL, related_name="crypto_assets")
    bom_ref = models.CharField(max_length=200)
    asset_type = models.CharField(_("asset type"), max_length=32, help_text="CycloneDX cryptoProperties.assetType")
    name = models.CharField(_("name"), max_length=200)
    primitive = models.CharField(_("primitive"), max_length=32, blank=True)
    parameter = models.CharField(_("parameter set or key size"), max_length=64, blank=True)
    used_for = models.CharField(_("used for"), max_length=300, blank=True)
    confidentiality_years = models.PositiveSmallIntegerField(_("years the data must stay confidential"), default=0)
    migration_years = models.PositiveSmallIntegerField(_("years a migration takes"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=QuantumStatus.choices, db_index=True)
    reason = models.CharField(_("reason"), max_length=300)
    source = models.CharField(max_length=40)
    updated_at = models.DateTimeField(auto_now=True)

    owner_path = "organisation"

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "bom_ref"], name="landscape_cryptoasset_ref")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_id})"


class ReadinessSnapshot(models.Model):
    """An organisation's inventory counted by status on one day: the trend of its migration."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pqc_snapshots")
    day = models.DateField()
    vulnerable = models.PositiveIntegerField(default=0)
    upgrade = models.PositiveIntegerField(default=0)
    ready = models.PositiveIntegerField(default=0)
    unknown = models.PositiveIntegerField(default=0)

    owner_path = "organisation"

    class Meta:
        ordering = ["organisation", "day"]
        constraints = [models.UniqueConstraint(fields=["organisation", "day"], name="landscape_snapshot_day")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.day}"
