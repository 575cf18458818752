"""The product catalogue: the Uniforme Productnamenlijst, with plain-language texts for the front door."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.localised import localised
from thorbecke.registry.responsibility import Layer


class Product(models.Model):
    """One UPL product. Facts from the UPL are kept apart from the curated texts, each with sources."""

    uri = models.URLField(_("UPL URI"), max_length=300, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(_("UPL name"), max_length=300)
    layers = models.JSONField(_("provided by"), default=list, help_text=_("Government layers that provide it."))
    for_citizens = models.BooleanField(default=False)
    for_businesses = models.BooleanField(default=False)
    kinds = models.JSONField(default=list, help_text="UPL product types: aanvraag, subsidie, melding, verplichting.")
    sdg_code = models.CharField(max_length=8, blank=True)
    legal_bases = models.JSONField(default=list, help_text="[{label, link}] from the UPL's Grondslag columns.")
    title_nl = models.CharField(max_length=200, blank=True)
    title_en = models.CharField(max_length=200, blank=True)
    description_nl = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    synonyms_nl = models.JSONField(default=list)
    synonyms_en = models.JSONField(default=list)
    bring_nl = models.JSONField(default=list)
    bring_en = models.JSONField(default=list)
    agency = models.CharField(
        max_length=100, blank=True, help_text="For national products: the agency that delivers it, when known."
    )
    sources = models.JSONField(default=list, help_text="Where the curated texts come from.")
    withdrawn = models.BooleanField(default=False, help_text="No longer in the newest UPL; kept, never deleted.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.title or self.name

    @property
    def title(self) -> str:
        return localised(self, "title") or self.name[:1].upper() + self.name[1:]

    @property
    def description(self) -> str:
        return localised(self, "description")

    @property
    def bring(self) -> list[str]:
        return localised(self, "bring") or []

    @property
    def layer_labels(self) -> list[str]:
        return [str(Layer(layer).label) for layer in self.layers]

    @property
    def has_text(self) -> bool:
        return bool(self.description_nl)


class Citizen(models.Model):
    """A person signed in through OpenID Connect. The hub keeps no citizen number, only a keyed pseudonym."""

    user = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="citizen")
    key = models.CharField(max_length=64, unique=True, help_text="HMAC-SHA256 of the citizen number.")
    name = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name or self.key[:12]


class Company(models.Model):
    """A company signed in through eHerkenning, known by its KVK number (public, so kept as it is)."""

    user = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="company")
    kvk = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name or self.kvk


class Message(models.Model):
    """A message in a person's inbox at the front door, from an organisation or another part of Thorbecke."""

    recipient_key = models.CharField(max_length=64, db_index=True)
    sender = models.ForeignKey("registry.Organisation", null=True, blank=True, on_delete=models.PROTECT)
    subject_nl = models.CharField(max_length=200)
    subject_en = models.CharField(max_length=200)
    body_nl = models.TextField()
    body_en = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject_nl

    @property
    def subject(self) -> str:
        return localised(self, "subject")

    @property
    def body(self) -> str:
        return localised(self, "body")
