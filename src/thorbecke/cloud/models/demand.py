"""Demand, pooled: an organisation's cloud needs, and the bundles the programme forms of them for joint
procurement."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation


class DataTerritory(models.TextChoices):
    NL = "nl", _("in the Netherlands only")
    EU = "eu", _("in the EU only")
    ANY = "any", _("anywhere")


class KeysHeld(models.TextChoices):
    CUSTOMER = "customer", _("by us (customer-held keys)")
    EU = "eu", _("by us or a provider in the EU")
    ANY = "any", _("by anyone")


class Need(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cloud_needs")
    title = models.CharField(_("title"), max_length=200)
    workload = models.TextField(_("workload"), help_text=_("What is to run on it, in a few sentences."))
    service_model = models.CharField(_("service model"), max_length=16)
    classification = models.CharField(_("classification of the data"), max_length=40)
    data_territory = models.CharField(_("data stored and processed"), max_length=8, choices=DataTerritory.choices)
    keys = models.CharField(_("keys held"), max_length=8, choices=KeysHeld.choices)
    # The minimum SEAL level per objective of the Cloud Sovereignty Framework: {"SOV-1": 2, ...}; an objective left
    # out has no minimum.
    minimum_levels = models.JSONField(_("minimum sovereignty per objective"), default=dict, blank=True)
    minimum_availability = models.DecimalField(
        _("minimum availability (%)"), max_digits=6, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    exit_terms = models.BooleanField(_("exit terms required"), default=True)
    certifications = models.JSONField(_("certifications required"), default=list, blank=True)
    volume = models.PositiveIntegerField(_("volume"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=40, help_text=_("e.g. vCPU, TB storage, users."))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    budget_eur = models.DecimalField(
        _("budget (euro, whole period)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    taxonomy_version = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    owner_path = "organisation"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Bundle(models.Model):
    """Needs of several organisations, procured together: who, what volume, when."""

    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    needs = models.ManyToManyField(Need, related_name="bundles", verbose_name=_("needs"))
    created_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    programme_owned = True

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
