"""Cloud contracts organisations hold: the same product bought by several organisations under different terms is a
chance to pool."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.cloud.models.offerings import Offering
from thorbecke.registry.models import Organisation


class Contract(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cloud_contracts")
    product = models.CharField(_("product"), max_length=200)
    supplier = models.CharField(_("supplier"), max_length=200)
    offering = models.ForeignKey(Offering, null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts")
    annual_value_eur = models.DecimalField(_("value per year (euro)"), max_digits=14, decimal_places=2)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    terms = models.TextField(_("terms"), help_text=_("Price per unit, exit clause, what differs from others."))

    owner_path = "organisation"

    class Meta:
        ordering = ["product", "organisation"]

    def __str__(self) -> str:
        return f"{self.product} ({self.organisation_id})"
