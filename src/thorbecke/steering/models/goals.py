"""Goals and commitments: what the strategy aims at per priority, measured by indicators whose national target the
programme sets (on the Indicator row), and what each organisation, or the programme for a group of organisations,
commits to reach by when, with who answers for it. Progress is read from the indicators' observations
(``steering.accountability``); a commitment is never typed as "on track" by anyone."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import OrganisationType
from thorbecke.steering.models.indicators import Indicator, Priority


class Goal(models.Model):
    """A goal of one priority, measured by one or more indicators; set by the programme."""

    priority = models.CharField(_("priority"), max_length=20, choices=Priority.choices)
    title_nl = models.CharField(_("goal (Dutch)"), max_length=200)
    title_en = models.CharField(_("goal (English)"), max_length=200)
    text_nl = models.TextField(_("explanation (Dutch)"), max_length=2000, blank=True)
    text_en = models.TextField(_("explanation (English)"), max_length=2000, blank=True)
    source = models.URLField(_("source"), max_length=300, blank=True)
    indicators = models.ManyToManyField(Indicator, verbose_name=_("measured by"), related_name="goals")

    programme_owned = True  # only the national programme sets goals (registry.permissions)

    class Meta:
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.title_en

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_nl

    def text(self, language: str) -> str:
        return self.text_en if language == "en" else self.text_nl


class Commitment(models.Model):
    """What one organisation (or, recorded by the programme, every organisation of one type) will reach on one
    indicator by the end of a month. ``start_value`` is the indicator's value for it when it committed (None: no
    data then); the path from there to the target is a straight line, month by month."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="commitments")  # fmt: skip
    organisation = models.ForeignKey(
        "registry.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="commitments",
    )
    org_type = models.CharField(
        _("every organisation of the type"), max_length=32, choices=OrganisationType.choices, blank=True
    )
    target = models.FloatField(_("value it will reach"))
    due = models.CharField(_("by (month)"), max_length=7)  # YYYY-MM: reached at the end of that month
    responsible_name = models.CharField(_("responsible person"), max_length=200)
    responsible_position = models.CharField(_("their position"), max_length=200)
    start_value = models.FloatField(null=True, blank=True)
    start_period = models.CharField(max_length=7)
    illustrative = models.BooleanField(default=False)  # demo data, labelled as such
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    owner_path = "organisation"  # a group's commitment (no organisation) is the programme's: see views_goals

    class Meta:
        ordering = ["indicator__priority", "indicator__code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, org_type="")
                | models.Q(organisation__isnull=True) & ~models.Q(org_type=""),
                name="steering_commitment_one_committer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id or self.org_type} {self.indicator_id} {self.target} by {self.due}"

    @property
    def slug(self) -> str:
        """Its agreement's slug in the agreements app, where its gaps are kept."""
        return f"commitment-{self.pk}"
