"""Mutual accountability: how each commitment stands, read from the indicators' observations, and the
comply-or-explain gap a commitment that falls behind opens in the agreements app's dialogue.

A commitment's progress is its indicator's latest observation (with a value) up to this month, for the
organisation that committed (scope organisation) or, for a group, for its type of organisation (scope org_type).
The path is a straight line, month by month, from the value when it committed (``start_value`` in
``start_period``) to the target at the end of the month it is due; no other milestones are kept. Its state:

- no data: no observation with a value yet;
- met: the latest value reaches the target (at least the target when higher is better, at most when lower is);
- behind: not met, and the latest value is below the path at that month (above it when lower is better); past the
  month it is due, the path is the target itself; with no value when it committed, there is no line to draw, so it
  is behind only once it is due;
- explained: behind, and the programme accepted the explanation the organisation gave in its gap (for a group:
  every member's unresolved gap is an accepted explanation);
- on track: otherwise.

``review`` runs after every computation (``steering_compute``): it keeps an agreement per commitment (slug
``commitment-<pk>``, kind goal, checked by "commitment") and tells the dialogue what it measured
(``dialogue.follow``): a gap opens for an organisation that is behind, and resolves when it is back on the path or
met. For a group, while the group as a whole is behind, each member organisation whose own value is behind the path
gets a gap; the members' gaps resolve once the group or the member is back on the path.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from thorbecke.agreements import commitments as kept
from thorbecke.agreements import dialogue
from thorbecke.registry.models import Organisation
from thorbecke.steering import periods
from thorbecke.steering.models import Commitment, Observation, Scope

ON_TRACK, BEHIND, MET, EXPLAINED, NO_DATA = "on-track", "behind", "met", "explained", "no-data"
STATES = [ON_TRACK, BEHIND, EXPLAINED, MET, NO_DATA]


@dataclass(frozen=True)
class Progress:
    state: str
    value: float | None  # the latest observation's value
    period: str  # its month, "" when there is none
    expected: float | None  # where the path is at that month (None: no path to draw)


def expected(commitment: Commitment, period: str) -> float | None:
    """The path's value at the end of ``period``: linear from the start to the target, the target once due."""
    if periods.parse(period) >= periods.parse(commitment.due):
        return commitment.target
    if commitment.start_value is None:
        return None
    span = _months(commitment.start_period, commitment.due)
    done = max(0, _months(commitment.start_period, period))
    return commitment.start_value + (commitment.target - commitment.start_value) * done / span if span else None


def _months(start: str, end: str) -> int:
    (y1, m1), (y2, m2) = periods.parse(start), periods.parse(end)
    return (y2 - y1) * 12 + m2 - m1


def judge(commitment: Commitment, value: float | None, period: str, explained: bool = False) -> Progress:
    """The state of a commitment whose latest value is ``value`` (in ``period``), as the module says."""
    if value is None:
        return Progress(NO_DATA, None, "", None)
    higher = commitment.indicator.higher_is_better
    path = expected(commitment, period)

    def reaches(level: float) -> bool:
        return value >= level if higher else value <= level

    if reaches(commitment.target):
        return Progress(MET, value, period, path)
    if path is not None and not reaches(path):
        return Progress(EXPLAINED if explained else BEHIND, value, period, path)
    return Progress(ON_TRACK, value, period, path)


def _scope(commitment: Commitment) -> tuple[str, str]:
    if commitment.organisation_id:
        return Scope.ORGANISATION, commitment.organisation.code
    return Scope.ORG_TYPE, commitment.org_type


def latest_values(indicator_ids: Iterable[int], scopes: Iterable[tuple[str, str]],
                  up_to: str) -> dict[tuple[int, str, str], tuple[float, str]]:  # fmt: skip
    """(indicator, scope, key) -> (value, month) of the latest observation with a value, up to ``up_to``."""
    wanted = set(scopes)
    rows = Observation.objects.filter(
        indicator_id__in=set(indicator_ids), scope__in={s for s, _k in wanted}, key__in={k for _s, k in wanted},
        period__lte=up_to, value__isnull=False,
    ).order_by("-period").values_list("indicator_id", "scope", "key", "value", "period")  # fmt: skip
    found: dict[tuple[int, str, str], tuple[float, str]] = {}
    for indicator, scope, key, value, period in rows:
        if (scope, key) in wanted:
            found.setdefault((indicator, scope, key), (value, period))
    return found


def starting_point(commitment: Commitment, agreed_in: str = "", today: date | None = None) -> None:
    """Set where a new commitment starts: the indicator's latest value for it in the month it was agreed (this
    month unless given), or no value."""
    month = agreed_in or periods.of(today or timezone.localdate())
    scope, key = _scope(commitment)
    value, period = latest_values([commitment.indicator_id], [(scope, key)], month).get(
        (commitment.indicator_id, scope, key), (None, month)
    )
    commitment.start_value, commitment.start_period = value, period


def progress(commitments: list[Commitment], today: date | None = None) -> dict[int, Progress]:
    """Each commitment's progress and state this month."""
    month = periods.of(today or timezone.localdate())
    scopes = {c.pk: _scope(c) for c in commitments}
    values = latest_values({c.indicator_id for c in commitments}, scopes.values(), month)
    gaps = kept.gaps_on([c.slug for c in commitments])
    unresolved: dict[str, list[bool]] = defaultdict(list)
    for gap in gaps:
        unresolved[gap.agreement].append(gap.explained)
    result = {}
    for commitment in commitments:
        value, period = values.get((commitment.indicator_id, *scopes[commitment.pk]), (None, ""))
        explained = bool(unresolved[commitment.slug]) and all(unresolved[commitment.slug])
        result[commitment.pk] = judge(commitment, value, period, explained)
    return result


def finding(commitment: Commitment, found: Progress) -> dict:
    """What the gap page shows (agreements.commitments.shown reads these keys)."""
    return {
        "commitment": commitment.pk,
        "indicator_nl": commitment.indicator.name_nl,
        "indicator_en": commitment.indicator.name_en,
        "unit": commitment.indicator.unit,
        "value": found.value,
        "period": found.period,
        "expected": found.expected,
        "target": commitment.target,
        "due": commitment.due,
    }


def agreement_of(commitment: Commitment) -> object:
    """The commitment's agreement in the agreements app (created or brought up to date)."""
    who = commitment.organisation.name if commitment.organisation_id else commitment.get_org_type_display()
    name = f"{commitment.indicator.name_nl}: {who}"
    description = (
        f"{who}: {commitment.indicator.name_nl} / {commitment.indicator.name_en} = {commitment.target} "
        f"({commitment.due}); {commitment.responsible_name}, {commitment.responsible_position}"
    )
    return kept.keep(commitment.slug, name, description, commitment.organisation, commitment.org_type)


def review(today: date | None = None, only: Iterable[Commitment] | None = None) -> dict[str, int]:
    """Judge every commitment (or those in ``only``) and open or resolve its gaps; returns how many opened and
    resolved."""
    today = today or timezone.localdate()
    commitments = list(only) if only is not None else list(
        Commitment.objects.select_related("indicator", "organisation")
    )
    judged = progress(commitments, today)
    members = _members_behind([c for c in commitments if not c.organisation_id], today)
    counts = {"opened": 0, "resolved": 0}
    for commitment in commitments:
        found = judged[commitment.pk]
        if found.state == NO_DATA:
            continue
        agreement = agreement_of(commitment)
        group_on_path = found.state in (ON_TRACK, MET)
        if commitment.organisation_id:
            told = {commitment.organisation: (group_on_path, found)}
        else:
            told = {org: (group_on_path or own.state in (ON_TRACK, MET), own)
                    for org, own in members.get(commitment.pk, [])}  # fmt: skip
        for organisation, (meets, own) in told.items():
            done = dialogue.follow(organisation, agreement, meets, finding(commitment, own), today)
            if done:
                counts[done] += 1
    return counts


def _members_behind(groups: list[Commitment], today: date) -> dict[int, list[tuple[Organisation, Progress]]]:
    """Per group commitment, each member organisation with a value, and its own progress on the group's path."""
    if not groups:
        return {}
    month = periods.of(today)
    organisations = list(Organisation.objects.filter(org_type__in={c.org_type for c in groups}, end_date__isnull=True))
    values = latest_values(
        {c.indicator_id for c in groups}, [(Scope.ORGANISATION, o.code) for o in organisations], month
    )
    result: dict[int, list[tuple[Organisation, Progress]]] = {}
    for commitment in groups:
        result[commitment.pk] = [
            (o, judge(commitment, *found))
            for o in organisations
            if o.org_type == commitment.org_type
            and (found := values.get((commitment.indicator_id, Scope.ORGANISATION, o.code)))
        ]
    return result
