"""What the hub keeps of a screening: never the persons' results themselves (they stay in the screening's
output, next to the population), only the figures per scheme and municipality, and which person was told
about which scheme, so nobody is told twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Screening(models.Model):
    period = models.CharField(_("month screened"), max_length=7)  # YYYY-MM
    source = models.CharField(_("population"), max_length=500)
    results = models.CharField(_("results"), max_length=500)
    persons = models.PositiveBigIntegerField(default=0)
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-finished_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.period}: {self.persons} persons"


class NonTakeUp(models.Model):
    """Per screening, scheme and municipality: who is entitled, who receives it, who does not."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="figures")
    scheme = models.CharField(max_length=40)
    gemeente = models.CharField(max_length=6)  # CBS code, GM0344
    entitled = models.PositiveIntegerField()
    receiving = models.PositiveIntegerField()  # of those entitled
    unclaimed_per_month = models.FloatField()  # € a month the entitled who do not receive it miss together

    class Meta:
        constraints = [models.UniqueConstraint(fields=["screening", "scheme", "gemeente"], name="proactive_one_figure")]

    def __str__(self) -> str:
        return f"{self.scheme} {self.gemeente}: {self.receiving}/{self.entitled}"

    @property
    def not_receiving(self) -> int:
        return self.entitled - self.receiving


class Notice(models.Model):
    """A person was told they may be entitled to a scheme; told again only when the amount changes."""

    recipient_key = models.CharField(max_length=64)
    scheme = models.CharField(max_length=40)
    amount = models.FloatField()
    sent_at = models.DateTimeField(auto_now=True)
    # The rules (their fingerprint) and the period of the screening that told it: when a later screening under
    # corrected rules moves the amount, the message says a rule changed, not (for the same period) their life.
    rules = models.CharField(max_length=64, blank=True, default="")
    period = models.CharField(max_length=7, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recipient_key", "scheme"], name="proactive_one_notice")]

    def __str__(self) -> str:
        return f"{self.recipient_key[:8]} {self.scheme}"


class HandledEvent(models.Model):
    """A life event already handled: delivery on the data system is at least once, handling exactly once."""

    source = models.CharField(max_length=200)
    event_id = models.CharField(max_length=200)
    type = models.CharField(max_length=100)
    handled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "event_id"], name="proactive_event_once")]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class InboxPosition(models.Model):
    """How far the life-event consumer has read a node's inbox. Losing it costs only rereading: handling is once
    per event (HandledEvent) whatever is reread."""

    inbox = models.CharField(max_length=500, unique=True)  # the node's configuration file
    position = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.inbox}: {self.position}"
