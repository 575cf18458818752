"""The investment agenda's figures, computed from the initiatives as they stand (decision 0047).

- **Totals** per year and funding source, over every initiative that is not stopped: a stopped initiative's costs
  are no longer planned. Costs are counted once, under the initiative; co-funders' shares split who pays, not what
  it costs.
- **Cost and benefit per indicator**: for each indicator some initiative is expected to move, the initiatives
  (not stopped), their total cost over all years, the sum of their expected changes, and the cost per point of
  change = total cost / total expected change. A point is a percentage point for a share and one unit otherwise. An
  initiative that moves several indicators counts in full under each: its benefits cannot be split between them
  without inventing weights, so the rows do not add up to the agenda's total. With no positive change in the
  indicator's good direction there is no cost per point.
- **Joint funding or procurement**: initiatives that are co-funded already; and groups of initiatives of different
  owners on the same theme (not "other") whose years overlap, neither stopped nor completed. An initiative's years
  run from the first to the last year in which it has costs or a phase; two initiatives overlap when they share one.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from thorbecke.steering.indicators import Unit
from thorbecke.steering.models import (
    CoFunding,
    ExpectedEffect,
    FundingSource,
    Indicator,
    Initiative,
    Priority,
    Status,
    Theme,
)

CLOSED = (Status.STOPPED, Status.COMPLETED)


RELATIONS = ("costs", "phases", "effects", "co_funders")


def initiatives(*relations: str) -> QuerySet[Initiative]:
    """Every initiative with its owner and the rows of ``relations`` (default: all), one query per relation, not
    one per initiative. A page asks only for what it shows: prefetching costs most of a page's time (about 1 s for
    1,000 initiatives with all their rows on this machine)."""
    wanted = relations or RELATIONS
    lookups = {
        "costs": "costs",
        "phases": "phases",
        "effects": Prefetch("effects", queryset=ExpectedEffect.objects.select_related("indicator")),
        "co_funders": Prefetch("co_funders", queryset=CoFunding.objects.select_related("organisation")),
    }
    return Initiative.objects.select_related("organisation").prefetch_related(*(lookups[name] for name in wanted))


def total_cost(initiative: Initiative) -> int:
    return sum(cost.amount for cost in initiative.costs.all())


def years(initiative: Initiative) -> tuple[int, int] | None:
    """The first and last year in which the initiative has costs or a phase; None when it has neither."""
    found = {cost.year for cost in initiative.costs.all()}
    for phase in initiative.phases.all():
        found |= set(range(int(phase.start[:4]), int(phase.end[:4]) + 1))
    return (min(found), max(found)) if found else None


@dataclass
class YearTotal:
    year: int
    existing: int = 0
    new: int = 0

    @property
    def total(self) -> int:
        return self.existing + self.new


def totals_per_year(items: Iterable[Initiative], with_stopped: bool = False) -> list[YearTotal]:
    """Per year, what the initiatives (not stopped, unless ``with_stopped``) cost from existing budgets and from new
    funding."""
    per_year: dict[int, YearTotal] = {}
    for initiative in items:
        if initiative.status == Status.STOPPED and not with_stopped:
            continue
        for cost in initiative.costs.all():
            row = per_year.setdefault(cost.year, YearTotal(cost.year))
            if cost.source == FundingSource.EXISTING:
                row.existing += cost.amount
            else:
                row.new += cost.amount
    return [per_year[year] for year in sorted(per_year)]


@dataclass
class PriorityAgenda:
    priority: str
    label: str
    initiatives: list[Initiative]
    totals: list[YearTotal]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.totals)


def per_priority(items: list[Initiative]) -> list[PriorityAgenda]:
    groups: dict[str, list[Initiative]] = defaultdict(list)
    for initiative in items:
        groups[initiative.priority].append(initiative)
    return [
        PriorityAgenda(value, label, groups[value], totals_per_year(groups[value]))
        for value, label in Priority.choices
        if groups[value]
    ]


@dataclass
class IndicatorBenefit:
    indicator: Indicator
    initiatives: list[tuple[Initiative, ExpectedEffect]]
    cost: int
    change: float

    @property
    def points(self) -> float:
        """The expected change in points (percentage points for a share), positive in the indicator's good
        direction."""
        return self.change if self.indicator.higher_is_better else -self.change

    @property
    def cost_per_point(self) -> float | None:
        return self.cost / self.points if self.points > 0 else None

    @property
    def in_percentage_points(self) -> bool:
        return self.indicator.unit == Unit.SHARE


def cost_benefit(items: Iterable[Initiative]) -> list[IndicatorBenefit]:
    rows: dict[int, IndicatorBenefit] = {}
    for initiative in items:
        if initiative.status == Status.STOPPED:
            continue
        cost = total_cost(initiative)
        for effect in initiative.effects.all():
            row = rows.setdefault(effect.indicator_id, IndicatorBenefit(effect.indicator, [], 0, 0.0))
            row.initiatives.append((initiative, effect))
            row.cost += cost
            row.change += effect.change
    return sorted(rows.values(), key=lambda row: (row.indicator.priority, row.indicator.code))


@dataclass
class JointGroup:
    theme: str
    label: str
    first: int
    last: int
    initiatives: list[Initiative] = field(default_factory=list)

    @property
    def owners(self) -> int:
        return len({initiative.organisation_id for initiative in self.initiatives})


def co_funded(items: Iterable[Initiative]) -> list[Initiative]:
    return [initiative for initiative in items if initiative.co_funders.all() and initiative.status != Status.STOPPED]


def same_theme_groups(items: Iterable[Initiative]) -> list[JointGroup]:
    """Groups of open initiatives on one theme whose years overlap in a chain, with at least two owners."""
    per_theme: dict[str, list[tuple[tuple[int, int], Initiative]]] = defaultdict(list)
    for initiative in items:
        span = years(initiative)
        if initiative.status in CLOSED or initiative.theme == Theme.OTHER or span is None:
            continue
        per_theme[initiative.theme].append((span, initiative))
    labels = dict(Theme.choices)
    groups: list[JointGroup] = []
    for theme, spans in sorted(per_theme.items()):
        # Sorted by first year, an initiative joins the running group while it starts before that group ends.
        current: JointGroup | None = None
        for (first, last), initiative in sorted(spans, key=lambda pair: (pair[0], pair[1].pk)):
            if current is None or first > current.last:
                current = JointGroup(theme, str(labels[theme]), first, last)
                groups.append(current)
            current.initiatives.append(initiative)
            current.last = max(current.last, last)
    return [group for group in groups if group.owners > 1]
