"""The supply catalogue: providers, their offerings, each offering's certifications and its sovereignty assessed per
objective of the EU Cloud Sovereignty Framework, with the evidence.

Codes (service model, deployment, territory, key holder, classification) are the uniform definitions' codes
(``cloud/data/taxonomy.yaml``); ``cloud.taxonomy`` checks them. An offering is kept by the organisation that entered
it (a government service provider entering its own, or the programme entering a supplier's); only that organisation
changes it."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation, Role

# The programme enters suppliers' offerings as its own, so it changes what its own seat added, as editors do theirs.
CHANGE_ROLES = frozenset({Role.EDITOR, Role.ADMIN, Role.PROGRAMME})

validate_kvk = RegexValidator(r"^\d{8}$", _("A KVK number has eight digits."))
validate_country = RegexValidator(r"^[A-Z]{2}$", _("Give a country as its two-letter ISO 3166-1 code, e.g. NL."))


class Provider(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kvk_number = models.CharField(
        _("KVK number"), max_length=8, unique=True, null=True, blank=True, validators=[validate_kvk],
        help_text=_("Its number in the Dutch Chamber of Commerce's register, where it is registered there."),
    )  # fmt: skip
    country = models.CharField(_("country of establishment"), max_length=2, validators=[validate_country])
    # The chain of owners up to the ultimate parent, nearest first: [{"name": ..., "country": "US"}, ...]. The law
    # that can reach the provider is every country in it (the CLOUD Act reaches a Dutch subsidiary of a US parent).
    ownership_chain = models.JSONField(_("ownership chain"), default=list, blank=True)
    government = models.BooleanField(_("government service provider"), default=False)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="cloud_provider",
        help_text=_("The organisation in the register, for a government service provider."),
    )  # fmt: skip
    website = models.URLField(_("website"), blank=True)
    added_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    owner_path = "added_by"
    change_roles = CHANGE_ROLES

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def countries(self) -> list[str]:
        """Every country whose law reaches the provider: its own and its owners'."""
        seen = [self.country]
        for owner in self.ownership_chain:
            if owner.get("country") and owner["country"] not in seen:
                seen.append(owner["country"])
        return seen


class Offering(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="offerings")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("service description"))
    service_model = models.CharField(_("service model"), max_length=16)
    deployment = models.CharField(_("deployment"), max_length=32)
    data_locations = models.JSONField(_("countries where data is stored"), default=list)
    processing_locations = models.JSONField(_("countries where data is processed"), default=list)
    key_holder = models.CharField(_("who holds the keys"), max_length=32)
    support_territory = models.CharField(_("where support is run from"), max_length=16)
    classification = models.CharField(_("highest classification allowed"), max_length=40)
    availability = models.DecimalField(
        _("availability (%)"), max_digits=6, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    price_eur = models.DecimalField(
        _("price (euro per unit per month)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    price_unit = models.CharField(_("price unit"), max_length=40, blank=True)
    exit_extraction = models.BooleanField(_("data extracted at the end of the contract"), default=False)
    exit_formats = models.CharField(_("export formats"), max_length=200, blank=True)
    exit_notice_days = models.PositiveIntegerField(_("days to get the data out"), null=True, blank=True)
    # A Haven Compliancy Checker result (VNG's standard for Kubernetes), for a container offering: the checks and
    # whether each passed, as the checker reported them.
    haven = models.JSONField(_("Haven check result"), null=True, blank=True)
    haven_checked_at = models.DateTimeField(null=True, blank=True)
    runs_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="carries", verbose_name=_("runs on"),
        help_text=_("The offerings this one is built on; it inherits their weakest sovereignty level."),
    )  # fmt: skip
    taxonomy_version = models.CharField(max_length=32, help_text="The definitions' version its codes are of.")
    added_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cloud_offerings")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    owner_path = "added_by"
    change_roles = CHANGE_ROLES

    class Meta:
        ordering = ["provider__name", "name"]
        constraints = [models.UniqueConstraint(fields=["provider", "name"], name="cloud_offering_name")]

    def __str__(self) -> str:
        return f"{self.provider} {self.name}"


class Certification(models.Model):
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="certifications")
    scheme = models.CharField(_("scheme"), max_length=40, help_text=_("e.g. ISO/IEC 27001, BSI C5, SecNumCloud."))
    scope = models.CharField(_("scope"), max_length=300)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    expires_on = models.DateField(_("expires on"))

    class Meta:
        ordering = ["scheme"]

    def __str__(self) -> str:
        return f"{self.scheme} ({self.expires_on})"


class SovereigntyAssessment(models.Model):
    """One objective of the Cloud Sovereignty Framework, assessed at a SEAL level, with the evidence for it."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="assessments")
    objective = models.CharField(_("objective"), max_length=8)
    level = models.PositiveSmallIntegerField(_("level"), validators=[MaxValueValidator(4)])
    evidence = models.TextField(_("evidence"))
    assessed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["objective"]
        constraints = [models.UniqueConstraint(fields=["offering", "objective"], name="cloud_assessment_objective")]

    def __str__(self) -> str:
        return f"{self.offering_id} {self.objective}={self.level}"
