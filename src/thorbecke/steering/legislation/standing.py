"""Which obligations apply to an organisation, and its state on each, read from the apps that know it.

An obligation applies when the organisation's type is one it names, its condition holds (it deploys AI: it has
published algorithms in the register; it deploys high-risk AI: one of those is high-risk) and it is in force today.
One whose date lies ahead, or has none recorded, is shown as coming, never as applying.

The state is one of met, not met, explained (not met, with an explanation the programme accepted) and unknown:

- known by agreement: the agreements app's findings (``agreements.dialogue.standing``); with several agreements, any
  failure is "not met", else any agreement without a finding is "unknown", else any explained one is "explained";
- known by the algorithm register (``ai.adoption``): for ``high-risk-requirements``, met when every published
  high-risk algorithm has a profile and meets every framework requirement that applies to it, not met when one does
  not, unknown when one has no profile (the register cannot say which requirements apply);
- known by the workforce app (``workforce.ai_literacy``): AI literacy is met when the staff who operate or use every
  algorithm the organisation has in use are all trained, not met when a record leaves some untrained, unknown when
  nothing is recorded;
- otherwise unknown, with the obligation's note saying why.

The apps are read once for all organisations (``read_facts``), so a law's page costs the same few queries for one
organisation as for all of them.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thorbecke.agreements.dialogue import Standing, standing
from thorbecke.ai.adoption import published_before, registrations
from thorbecke.registry.models import Organisation
from thorbecke.steering.legislation.data_file import Law, Obligation
from thorbecke.workforce.ai_literacy import COVERED, PARTLY, deploying

MET, NOT_MET, EXPLAINED, UNKNOWN = "met", "not-met", "explained", "unknown"
STATES = {MET: _("met"), NOT_MET: _("not met"), EXPLAINED: _("explained"), UNKNOWN: _("unknown")}
FROM_AGREEMENT = {"meets": MET, "fails": NOT_MET, "explained": EXPLAINED}
FROM_AI_LITERACY = {COVERED: MET, PARTLY: NOT_MET}


@dataclass(frozen=True)
class Facts:
    """What the apps know, for every organisation at once."""

    agreements: dict[str, Standing]
    deploys_ai: frozenset[int]  # organisations with published algorithms
    high_risk: dict[int, str]  # organisations deploying high-risk AI -> their state on its requirements
    ai_literacy: dict[int, str]  # organisations with AI in use -> their staff's AI literacy


def _high_risk_state(requirements: list[tuple[int | None, int | None]]) -> str:
    if any(required is None for required, _met in requirements):
        return UNKNOWN
    return MET if all(met == required for required, met in requirements) else NOT_MET


def read_facts(laws: list[Law]) -> Facts:
    slugs = {slug for law in laws for obligation in law.obligations for slug in obligation.agreements}
    deploying_ai = frozenset(pk for pk, count in published_before(timezone.now()).items() if count)
    high_risk = {}
    for pk, registration in registrations(Organisation.objects.filter(pk__in=deploying_ai)).items():
        if registration.high_risk:
            high_risk[pk] = _high_risk_state([(a.requirements, a.requirements_met) for a in registration.high_risk])
    ai_literacy = {organisation.pk: FROM_AI_LITERACY.get(state, UNKNOWN) for organisation, state in deploying()}
    return Facts(standing(slugs), deploying_ai, high_risk, ai_literacy)


def condition_holds(obligation: Obligation, organisation_pk: int, facts: Facts) -> bool:
    if obligation.applies_when == "deploys-ai":
        return organisation_pk in facts.deploys_ai
    if obligation.applies_when == "deploys-high-risk-ai":
        return organisation_pk in facts.high_risk
    return True


def state(obligation: Obligation, organisation_pk: int, facts: Facts) -> str:
    if obligation.known_by == "ai":
        return facts.high_risk.get(organisation_pk, UNKNOWN)
    if obligation.known_by == "workforce":
        return facts.ai_literacy.get(organisation_pk, UNKNOWN)
    if obligation.known_by != "agreement":
        return UNKNOWN
    found = []
    for slug in obligation.agreements:
        agreement = facts.agreements.get(slug)
        found.append(FROM_AGREEMENT.get(agreement.states.get(organisation_pk, "")) if agreement else None)
    if NOT_MET in found:
        return NOT_MET
    if None in found:
        return UNKNOWN
    return EXPLAINED if EXPLAINED in found else MET


@dataclass(frozen=True)
class Row:
    """One obligation at one organisation. ``applies`` today; else ``coming`` (its type and condition hold, and its
    date lies ahead or is not recorded) or neither (not for this organisation)."""

    obligation: Obligation
    applies: bool
    coming: bool
    state: str

    @property
    def state_label(self) -> str:
        return str(STATES.get(self.state, ""))


def for_organisation(organisation: Organisation, laws: list[Law], facts: Facts, today: date) -> list[Row]:
    rows = []
    for law in laws:
        for obligation in law.obligations:
            concerns = organisation.org_type in obligation.applies_to and condition_holds(
                obligation, organisation.pk, facts
            )
            applies = concerns and obligation.in_force(today)
            coming = concerns and not applies and (obligation.start is None or obligation.start > today)
            rows.append(Row(obligation, applies, coming, state(obligation, organisation.pk, facts) if applies else ""))
    return rows


@dataclass(frozen=True)
class TypeCount:
    org_type: str
    applies: int
    states: dict[str, int]


def counts(obligation: Obligation, organisations: list[Organisation], facts: Facts, today: date) -> list[TypeCount]:
    """Per organisation type the obligation names: how many current organisations it applies to today, and how many
    of those are in each state."""
    found = []
    for org_type in obligation.applies_to:
        states: Counter[str] = Counter()
        applies = 0
        if obligation.in_force(today):
            for organisation in organisations:
                if organisation.org_type == org_type and condition_holds(obligation, organisation.pk, facts):
                    applies += 1
                    states[state(obligation, organisation.pk, facts)] += 1
        found.append(TypeCount(org_type, applies, {key: states[key] for key in STATES}))
    return found
