"""How far organisations have registered their algorithms, as the register knows it: for the comply-or-explain
measurement in ``agreements``, so that it need not read the register's tables (decision 0038).

What counts, per organisation:

- **registered**: its published descriptions only. A concept is the organisation's own work and not public;
  retracted and archived descriptions are no longer in the public register.
- **by category**: the publication standard's category, A (high-risk AI system), B (impactful), C (other) or
  "" when the description gives none.
- **high-risk**: category A, or an AI Act profile (from the decision aid, or chosen by hand for the framework)
  whose risk group is a high-risk AI system.
- **classified**: the decision aid was run for it (a ``Classification``); a profile chosen by hand is not one.
- **requirements**: for an algorithm with a profile, the framework's requirements that apply to it, and how many
  are met: done, or not applicable with a reason. Without a profile the register cannot say which apply.
- **overdue measures**: the measures of those requirements that belong to at least one lifecycle phase before
  "Monitoring en beheer" (the work that precedes use: organisation, problem analysis, design, data, development,
  verification, implementation) and whose checklist state is still "to do" (never started) while the algorithm is
  published. Published means in use, so that work was due; a measure only of monitoring or phasing out is not.

Only counts leave this module: the checklist itself (its evidence, who is responsible, which measure) stays with
the organisation, as its pages do.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q

from thorbecke.ai.framework import Framework, FrameworkError, Profile, load_framework
from thorbecke.ai.models import Algorithm, ChecklistItem, ChecklistState, Classification, FrameworkProfile, Lifecycle
from thorbecke.registry.models import Organisation

HIGH_RISK_CATEGORY = "A"
HIGH_RISK_GROUP = "hoog-risico-ai-systeem"
IN_USE_PHASE = "monitoring-en-beheer"  # the first phase of an algorithm in use
MET = {ChecklistState.DONE, ChecklistState.NOT_APPLICABLE}


@dataclass(frozen=True)
class AlgorithmFigures:
    public_id: str
    name: str
    category: str
    high_risk: bool
    classified: bool
    needs_review: bool  # its classification was made on a decision aid that has changed since
    requirements: int | None  # None: no profile, so the register cannot say which requirements apply
    requirements_met: int | None
    overdue_measures: int | None


@dataclass(frozen=True)
class Registration:
    """One organisation's published algorithms, with the figures the agreement is measured by."""

    algorithms: list[AlgorithmFigures] = field(default_factory=list)

    @property
    def published(self) -> int:
        return len(self.algorithms)

    @property
    def by_category(self) -> dict[str, int]:
        counts = {"A": 0, "B": 0, "C": 0, "": 0}
        for algorithm in self.algorithms:
            counts[algorithm.category if algorithm.category in counts else ""] += 1
        return counts

    @property
    def high_risk(self) -> list[AlgorithmFigures]:
        return [a for a in self.algorithms if a.high_risk]

    def total(self, figure: str) -> int:
        """The sum of one figure over the algorithms that have it (those with a profile)."""
        return sum(value for a in self.algorithms if (value := getattr(a, figure)) is not None)


def _due_before_use(framework: Framework) -> set[str]:
    slugs = [phase.slug for phase in framework.phases]
    if IN_USE_PHASE not in slugs:
        raise FrameworkError(f"the framework's lifecycle has no phase {IN_USE_PHASE!r}")
    return set(slugs[: slugs.index(IN_USE_PHASE)])


class _Work:
    """The requirements and due measures per profile, computed once for every algorithm that shares a profile."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.before_use = _due_before_use(framework)
        self.cache: dict[Profile, tuple[list[str], list[str]]] = {}

    def of(self, profile: Profile) -> tuple[list[str], list[str]]:
        if profile not in self.cache:
            requirements = self.framework.applicable(profile)
            measures = {m.id: m for _phase, found in self.framework.measures_by_phase(requirements) for m in found}
            due = [m.id for m in measures.values() if self.before_use & set(m.phases)]
            self.cache[profile] = ([r.id for r in requirements], due)
        return self.cache[profile]


def registrations(organisations: Iterable[Organisation], framework: Framework | None = None) -> dict[int, Registration]:
    """Per organisation (by pk): its published algorithms and their figures; an organisation with none has an empty
    Registration. Raises FrameworkError when the framework's data lacks what the rule needs."""
    framework = framework or load_framework()
    work = _Work(framework)
    wanted = [o.pk for o in organisations]
    published = list(
        Algorithm.objects.filter(organisation_id__in=wanted, lifecycle=Lifecycle.PUBLISHED)
        .order_by("organisation_id", "name", "pk")
        .values_list("pk", "organisation_id", "public_id", "name", "publication_category", "ai_act_profile")
    )
    ids = [row[0] for row in published]
    manual = dict(FrameworkProfile.objects.filter(algorithm_id__in=ids).values_list("algorithm_id", "profile"))
    review: dict[int, bool] = {}
    newest_first = Classification.objects.filter(algorithm_id__in=ids).order_by("algorithm_id", "-classified_at", "-pk")
    for algorithm_id, needs_review in newest_first.values_list("algorithm_id", "needs_review"):
        review.setdefault(algorithm_id, needs_review)
    states: dict[int, dict[str, str]] = defaultdict(dict)
    for algorithm_id, item, state in ChecklistItem.objects.filter(algorithm_id__in=ids).values_list(
        "algorithm_id", "item", "state"
    ):
        states[algorithm_id][item] = state
    found: dict[int, list[AlgorithmFigures]] = {pk: [] for pk in wanted}
    for pk, organisation_id, public_id, name, category, classified_profile in published:
        # The decision aid's profile wins over one chosen by hand (decision 0037).
        given = classified_profile or manual.get(pk)
        profile = framework.profile(given) if given else None
        requirements = requirements_met = overdue = None
        if profile is not None and not profile.is_empty:
            required, due = work.of(profile)
            done = states[pk]
            requirements = len(required)
            requirements_met = sum(done.get(r) in MET for r in required)
            overdue = sum(done.get(m, ChecklistState.TODO) == ChecklistState.TODO for m in due)
        high_risk = category == HIGH_RISK_CATEGORY or bool(profile and HIGH_RISK_GROUP in profile.risk_group)
        found[organisation_id].append(
            AlgorithmFigures(
                public_id=str(public_id),
                name=name,
                category=category,
                high_risk=high_risk,
                classified=pk in review,
                needs_review=review.get(pk, False),
                requirements=requirements,
                requirements_met=requirements_met,
                overdue_measures=overdue,
            )
        )
    return {pk: Registration(algorithms) for pk, algorithms in found.items()}


def published_before(moment: datetime) -> dict[int, int]:
    """Per organisation (by pk) that has any: its descriptions in the public register that were published before
    ``moment``. The register keeps no history of retractions, so a description retracted since counts for no
    period, also not for those in which it was public."""
    rows = (
        Algorithm.objects.filter(lifecycle=Lifecycle.PUBLISHED, published_at__lt=moment)
        .values("organisation_id")
        .annotate(count=Count("pk"))
        .values_list("organisation_id", "count")
    )
    return dict(rows)


def classified_before(moment: datetime) -> dict[int, tuple[int, int]]:
    """Per organisation with descriptions published before ``moment``: (those for which the AI Act decision aid was
    run before ``moment``, those published). A profile chosen by hand is not a classification (see above)."""
    earlier = Classification.objects.filter(algorithm=OuterRef("pk"), classified_at__lt=moment)
    rows = (
        Algorithm.objects.filter(lifecycle=Lifecycle.PUBLISHED, published_at__lt=moment)
        .annotate(classified=Exists(earlier))
        .values("organisation_id")
        .annotate(published=Count("pk"), classified_count=Count("pk", filter=Q(classified=True)))
        .order_by()
        .values_list("organisation_id", "classified_count", "published")
    )
    return {organisation: (classified, published) for organisation, classified, published in rows}
