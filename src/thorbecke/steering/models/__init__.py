"""The steering app's models, one module per part; each part's models are imported here so Django finds them."""

from thorbecke.steering.models.agenda import (
    CoFunding,
    Cost,
    ExpectedEffect,
    FundingSource,
    Initiative,
    InitiativeStatusChange,
    Phase,
    Status,
    Theme,
)
from thorbecke.steering.models.bottlenecks import Bottleneck, BottleneckStep
from thorbecke.steering.models.committee import Action, ActionState, AgendaItem, Decision, Meeting
from thorbecke.steering.models.goals import Commitment, Goal
from thorbecke.steering.models.indicators import Indicator, Observation, Priority, Scope

__all__ = ["Indicator", "Observation", "Priority", "Scope"]
__all__ += ["Commitment", "Goal"]
__all__ += ["Bottleneck", "BottleneckStep"]
__all__ += [
    "Action", "ActionState", "AgendaItem", "CoFunding", "Cost", "Decision", "ExpectedEffect", "FundingSource",
    "Initiative", "InitiativeStatusChange", "Meeting", "Phase", "Status", "Theme",
]  # fmt: skip
