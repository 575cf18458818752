"""The Government Steering Committee's record (issue 25 item 2): its meetings with the organisations present and
the agenda, the decisions taken with their reasoning, and the actions that follow, each with an owner organisation
and a deadline (decision 0047).

The programme records meetings, decisions and actions (``programme_owned``); an action is its owner organisation's
to mark done (``Action.owner_path``). Everything is public unless a decision or an action is marked confidential:
then the programme and the staff of the organisations it concerns see it (``steering.committee``)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation
from thorbecke.steering.models.agenda import Initiative
from thorbecke.steering.models.goals import Goal
from thorbecke.steering.models.indicators import Priority


class Meeting(models.Model):
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    present = models.ManyToManyField(Organisation, verbose_name=_("members present"), related_name="+")
    illustrative = models.BooleanField(default=False, help_text="Demo data, not a real meeting.")

    programme_owned = True

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("steering:meeting", kwargs={"pk": self.pk})


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="steering_one_item_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    reasoning = models.TextField(_("reasoning"))
    priority = models.CharField(_("priority it concerns"), max_length=20, choices=Priority.choices, blank=True)
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative it concerns"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal it concerns"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="decisions",
    )  # fmt: skip
    confidential = models.BooleanField(_("confidential"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    programme_owned = True

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionState(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    LATE = "late", _("late")


class Action(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField(_("action"))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="steering_actions"
    )
    deadline = models.DateField(_("deadline"))
    confidential = models.BooleanField(_("confidential"), default=False)
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    # The owner organisation's editors and administrators mark it done; the programme records it.
    owner_path = "organisation"

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def state(self, today: date) -> ActionState:
        """Done once marked done; late when its deadline has passed and it is not; open otherwise. Computed, never
        stored, so an action turns late on the day after its deadline without anyone saving it."""
        if self.done_on is not None:
            return ActionState.DONE
        return ActionState.LATE if today > self.deadline else ActionState.OPEN
