"""Data bottlenecks: an organisation reports what stops data from being used, the programme triages and handles it
on a clock per stage, the Central Commission on Data Usage decides what the programme cannot, and every decision is
a precedent that later reports are matched against (``steering.bottlenecks``).

A bottleneck belongs to the organisation that reported it (``owner_path``); its parties are organisations only, never
people. Its steps are append-only: a step once taken is never changed or removed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation


class Kind(models.TextChoices):
    """The four angles a data bottleneck is seen from (Interbestuurlijke Datastrategie, Centrale Commissie
    Gegevensgebruik): which kind of obstacle it is."""

    LEGAL = "legal", _("legal")
    TECHNICAL = "technical", _("technical")
    ORGANISATIONAL = "organisational", _("organisational")
    ETHICAL = "ethical", _("ethical")


class Stage(models.TextChoices):
    REPORTED = "reported", _("reported, awaiting triage")
    HANDLING = "handling", _("handled by the programme")
    COMMISSION = "commission", _("before the Central Commission on Data Usage")
    DECIDED = "decided", _("decided")
    CLOSED = "closed", _("closed without a decision")


OPEN_STAGES = (Stage.REPORTED, Stage.HANDLING, Stage.COMMISSION)


class Bottleneck(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language of the report"), max_length=2, choices=[("nl", _("Dutch")), ("en", _("English"))], default="nl"
    )
    description = models.TextField(_("what goes wrong"))
    effect = models.TextField(_("effect on people"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # One of the Domeinarchitectuur Gegevensuitwisseling's bottlenecks (steering/data/bottleneck_types.yaml).
    da_type = models.CharField(_("bottleneck type"), max_length=60)
    # The data: a service in the data system's directory ("<organisation code>/<service name>", as
    # exchange.directory.services() names it), or described in words when it is not in the directory.
    data_service = models.CharField(_("data service"), max_length=200, blank=True)
    data_description = models.CharField(_("data, in words"), max_length=300, blank=True)
    parties = models.ManyToManyField(Organisation, related_name="+", verbose_name=_("parties"))
    life_event = models.CharField(_("life event"), max_length=60, blank=True)  # a slug of services' life events
    process = models.CharField(_("process"), max_length=200, blank=True)
    # wetten.overheid.nl identifiers, each a BWB id ("BWBR0018472") or a Juriconnect reference
    # ("jci1.3:c:BWBR0018472&artikel=49h"), as steering.laws writes them.
    laws = models.JSONField(_("laws"), default=list, blank=True)
    # The obligation of a digital law it concerns (its code in steering/data/legislation.yaml), where there is one.
    obligation = models.CharField(_("legal obligation"), max_length=60, blank=True)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.REPORTED)
    stage_since = models.DateTimeField()
    public = models.BooleanField(_("in the public register"), default=False)
    decision = models.TextField(_("decision"), blank=True)
    reasoning = models.TextField(_("reasoning"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    precedent = models.BooleanField(default=False)
    # The text's embedding (float32, L2-normalised) and the model that made it, for matching new reports.
    vector = models.BinaryField(null=True)
    vector_model = models.CharField(max_length=80, blank=True)

    owner_path = "organisation"

    class Meta:
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["stage"]), models.Index(fields=["public", "stage"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class BottleneckStep(models.Model):
    """One step in a bottleneck's handling, with who and when. Append-only."""

    class Action(models.TextChoices):
        REPORTED = "reported", _("reported")
        TRIAGED = "triaged", _("triaged: taken into handling")
        NOTE = "note", _("handling note")
        ESCALATED = "escalated", _("escalated to the Central Commission on Data Usage")
        DECIDED = "decided", _("decided")
        CLOSED = "closed", _("closed without a decision")

    bottleneck = models.ForeignKey(Bottleneck, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField(max_length=12, choices=Action.choices)
    stage = models.CharField(max_length=12, choices=Stage.choices)  # the stage after this step
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    owner_path = "bottleneck__organisation"

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.bottleneck_id} {self.action}"
