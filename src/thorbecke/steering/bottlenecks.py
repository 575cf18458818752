"""The data-bottleneck system's rules: reporting, the programme's steps, and the clock of every stage.

Service levels, in calendar days from the moment a stage begins (stated here and nowhere else; the pages show them):

- triage by the programme: 14 days (about ten working days);
- handling by the programme: 60 days;
- the Central Commission on Data Usage's decision: 90 days.

A stage whose days have passed without the next step is late, and every page that shows it says so. The programme
triages a report (taking it into handling, and into the public register unless it says otherwise) or closes it with a
reason; it handles, escalates to the Commission with a reason, and records the decision with its reasoning. A
decision makes the bottleneck a precedent, matched against every new report (``bottleneck_matching``).

A wrong step (a decision without reasoning, escalating a report not yet triaged) raises BottleneckError naming the
field, and changes nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thorbecke.registry.models import Organisation
from thorbecke.steering.bottleneck_matching import text_of, vector_of
from thorbecke.steering.laws import bwb_ids
from thorbecke.steering.models import Bottleneck, BottleneckStep
from thorbecke.steering.models.bottlenecks import Stage

Action = BottleneckStep.Action
SERVICE_LEVEL_DAYS: dict[str, int] = {Stage.REPORTED: 14, Stage.HANDLING: 60, Stage.COMMISSION: 90}

# action: (the stages it may follow, the stage it leads to; None keeps the stage)
MOVES: dict[str, tuple[tuple[str, ...], str | None]] = {
    Action.TRIAGED: ((Stage.REPORTED,), Stage.HANDLING),
    Action.NOTE: ((Stage.HANDLING, Stage.COMMISSION), None),
    Action.ESCALATED: ((Stage.HANDLING,), Stage.COMMISSION),
    Action.DECIDED: ((Stage.HANDLING, Stage.COMMISSION), Stage.DECIDED),
    Action.CLOSED: ((Stage.REPORTED, Stage.HANDLING), Stage.CLOSED),
}


def published() -> QuerySet:
    """The public register: bottlenecks the programme triaged as public; a report not yet triaged is never in it."""
    return Bottleneck.objects.filter(public=True).exclude(stage=Stage.REPORTED)


def laws_of(bottleneck: Bottleneck) -> set[str]:
    """The laws (BWB ids) a bottleneck names."""
    return bwb_ids(bottleneck.laws)


class BottleneckError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@transaction.atomic
def report(organisation: Organisation, by: object, parties: list[Organisation], **fields: object) -> Bottleneck:
    """File a bottleneck for ``organisation``; the reporting organisation is always one of its parties."""
    now = timezone.now()
    text = text_of(str(fields["title"]), str(fields["description"]), str(fields["effect"]))
    vector, model = vector_of(text)
    bottleneck = Bottleneck.objects.create(
        organisation=organisation, reported_by=by, stage=Stage.REPORTED, stage_since=now, vector=vector,
        vector_model=model, **fields,
    )  # fmt: skip
    bottleneck.parties.set({organisation, *parties})
    BottleneckStep.objects.create(bottleneck=bottleneck, action=Action.REPORTED, stage=Stage.REPORTED, by=by)
    return bottleneck


@transaction.atomic
def move(
    bottleneck: Bottleneck,
    action: str,
    by: object,
    note: str = "",
    public: bool = True,
    decision: str = "",
    reasoning: str = "",
) -> BottleneckStep:
    """Take one of the programme's steps; raises BottleneckError (and changes nothing) when it is not allowed."""
    bottleneck = Bottleneck.objects.select_for_update().get(pk=bottleneck.pk)
    if action not in MOVES:
        raise BottleneckError("action", _("Choose a step."))
    allowed, target = MOVES[action]
    if bottleneck.stage not in allowed:
        raise BottleneckError("action", _("This step is not possible at this stage."))
    note, decision, reasoning = note.strip(), decision.strip(), reasoning.strip()
    if action in (Action.NOTE, Action.ESCALATED, Action.CLOSED) and not note:
        raise BottleneckError("note", _("Say why, in a note."))
    if action == Action.DECIDED:
        if not decision:
            raise BottleneckError("decision", _("Write the decision."))
        if not reasoning:
            raise BottleneckError("reasoning", _("Give the reasoning behind the decision."))
    now = timezone.now()
    changed = ["stage", "stage_since"]
    if action == Action.TRIAGED:
        bottleneck.public = public
        changed.append("public")
    if action == Action.DECIDED:
        bottleneck.decision, bottleneck.reasoning, bottleneck.decided_at = decision, reasoning, now
        bottleneck.precedent = True
        changed += ["decision", "reasoning", "decided_at", "precedent"]
    if target is not None:
        bottleneck.stage, bottleneck.stage_since = target, now
        bottleneck.save(update_fields=changed)
    step_note = note if action != Action.DECIDED else decision
    return BottleneckStep.objects.create(
        bottleneck=bottleneck, action=action, stage=bottleneck.stage, note=step_note, by=by
    )


@dataclass(frozen=True)
class Clock:
    """One stage's clock: when it began and ended (None: still running), its due date, and whether it was late."""

    stage: str
    label: str
    began: datetime
    ended: datetime | None
    due: datetime
    days: int  # the service level

    @property
    def late(self) -> bool:
        return (self.ended or timezone.now()) > self.due

    @property
    def running(self) -> bool:
        return self.ended is None


def clocks(bottleneck: Bottleneck, steps: list[BottleneckStep] | None = None) -> list[Clock]:
    """The clock of every stage with a service level the bottleneck has been in, in order."""
    steps = steps if steps is not None else list(bottleneck.steps.order_by("at", "pk"))
    entered: list[tuple[str, datetime]] = []
    for step in steps:
        if not entered or entered[-1][0] != step.stage:
            entered.append((step.stage, step.at))
    found = []
    for index, (stage, began) in enumerate(entered):
        if stage not in SERVICE_LEVEL_DAYS:
            continue
        ended = entered[index + 1][1] if index + 1 < len(entered) else None
        days = SERVICE_LEVEL_DAYS[stage]
        found.append(Clock(stage, str(Stage(stage).label), began, ended, began + timedelta(days=days), days))
    return found


def is_late(bottleneck: Bottleneck) -> bool:
    """Is the stage it is in now past its service level?"""
    days = SERVICE_LEVEL_DAYS.get(bottleneck.stage)
    return days is not None and timezone.now() > bottleneck.stage_since + timedelta(days=days)
