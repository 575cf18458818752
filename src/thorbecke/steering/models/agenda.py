"""The joint investment agenda (issue 25 item 3): initiatives an organisation plans, with their costs per year and
funding source, the change they are expected to bring on named indicators, their phases, their status as the
programme sets it, and the other organisations that fund them with it (decision 0047).

An initiative is its owner organisation's (``owner_path``): its editors and administrators add and change it; only the
programme changes its status, and every change of status is kept with who, when and why."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation
from thorbecke.steering.models.indicators import Indicator, Priority
from thorbecke.steering.periods import PATTERN

MONTH = RegexValidator(PATTERN, _("Write a month as YYYY-MM, e.g. 2027-03."))


class Theme(models.TextChoices):
    """What an initiative buys or builds: initiatives of different owners on the same theme in the same years may be
    funded or procured together (decision 0047). "Other" is never matched."""

    CLOUD = "cloud", _("Cloud hosting and platforms")
    DATA_EXCHANGE = "data-exchange", _("Data exchange and registers")
    IDENTITY = "identity", _("Identity and sign-in")
    AI = "ai", _("AI applications")
    SECURITY = "security", _("Information security and resilience")
    LEGACY = "legacy", _("Replacing legacy systems")
    CHANNELS = "channels", _("Service channels for people and businesses")
    SKILLS = "skills", _("Digital skills and training")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    RUNNING = "running", _("running")
    COMPLETED = "completed", _("completed")
    STOPPED = "stopped", _("stopped")


class FundingSource(models.TextChoices):
    EXISTING = "existing", _("existing budget")
    NEW = "new", _("new funding")


class Initiative(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="initiatives"
    )
    priority = models.CharField(_("priority"), max_length=20, choices=Priority.choices)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, help_text=_("What it buys or builds."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    language = models.CharField(
        _("language of the title and description"),
        max_length=2,
        choices=[("nl", _("Dutch")), ("en", _("English"))],
        default="nl",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    illustrative = models.BooleanField(default=False, help_text="Demo data, not a real organisation's plan.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    owner_path = "organisation"

    class Meta:
        ordering = ["priority", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("steering:initiative", kwargs={"pk": self.pk})


class Cost(models.Model):
    """What the initiative costs in one year from one source, in whole euros."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    source = models.CharField(_("funding source"), max_length=10, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField(_("amount in euros"))

    class Meta:
        ordering = ["year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "year", "source"], name="steering_one_cost_per_year_source"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.year} {self.source}: {self.amount}"


class ExpectedEffect(models.Model):
    """The change the initiative is expected to bring on an indicator by a year: in percentage points for a share,
    in the indicator's own unit otherwise; negative when it is expected to go down."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="effects")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="expected_effects"
    )
    change = models.FloatField(_("expected change"))
    by_year = models.PositiveSmallIntegerField(
        _("by year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )

    class Meta:
        ordering = ["indicator__code"]
        constraints = [models.UniqueConstraint(fields=["initiative", "indicator"], name="steering_one_effect")]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.indicator_id} {self.change:+} by {self.by_year}"


class Phase(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("phase"), max_length=120)
    start = models.CharField(_("start month"), max_length=7, validators=[MONTH])
    end = models.CharField(_("end month"), max_length=7, validators=[MONTH])

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="steering_phase_in_order")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start}-{self.end}"


class CoFunding(models.Model):
    """Another organisation that funds the same initiative, with its share of the cost in percent."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="co_funders")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("co-funder"), on_delete=models.PROTECT, related_name="co_funded"
    )
    share = models.DecimalField(
        _("share of the cost (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0.01), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["-share", "pk"]
        constraints = [models.UniqueConstraint(fields=["initiative", "organisation"], name="steering_one_co_funding")]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.organisation_id} {self.share}%"


class InitiativeStatusChange(models.Model):
    """The programme changed an initiative's status: kept, so the agenda shows who decided what and why."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=12, choices=Status.choices)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.status}"
