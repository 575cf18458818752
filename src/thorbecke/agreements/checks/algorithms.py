"""Registration in the Algoritmeregister, measured from the hub's own register through ai's read service
(``ai.adoption``; the figures and the rule for "overdue" are defined there, decision 0038).

The verdict, per organisation:

- fails when it has no published description at all: non-registration is what the agreement makes visible;
- fails when a published high-risk algorithm has no AI Act classification, or has overdue measures;
- meets otherwise.

The hub cannot see an algorithm that was never registered, so "meets" says: registered, and the high-risk ones
accounted for; not that every impactful algorithm is in the register. The evidence keeps the figures: published
descriptions per category, the high-risk ones each with its classification and checklist figures, and the totals
of requirements met and measures overdue. A framework the rule cannot read (missing, malformed, or without the
phase the rule needs) is "could not measure", never "meets".
"""

from collections.abc import Iterable

from django.db import transaction

from thorbecke.agreements.checks.base import FAIL, PASS, Result
from thorbecke.agreements.models import Check, Measurement
from thorbecke.ai.adoption import Registration, registrations
from thorbecke.registry.models import Organisation

SUBJECT = "algorithm register"  # what was read, where a website check names its host


def result(registration: Registration) -> Result:
    high_risk = registration.high_risk
    problems = []
    if not registration.published:
        problems.append("no algorithm published in the algorithm register")
    for algorithm in high_risk:
        if not algorithm.classified:
            problems.append(f"{algorithm.name}: high-risk, without an AI Act classification")
        if algorithm.overdue_measures:
            problems.append(f"{algorithm.name}: high-risk, {algorithm.overdue_measures} measures overdue")
    evidence = {
        "published": registration.published,
        "by_category": registration.by_category,
        "requirements_met": registration.total("requirements_met"),
        "requirements": registration.total("requirements"),
        "overdue_measures": registration.total("overdue_measures"),
        "without_profile": sum(a.requirements is None for a in registration.algorithms),
        "high_risk": [
            {
                "id": a.public_id,
                "name": a.name,
                "category": a.category,
                "classified": a.classified,
                "needs_review": a.needs_review,
                "requirements_met": a.requirements_met,
                "requirements": a.requirements,
                "overdue_measures": a.overdue_measures,
            }
            for a in high_risk
        ],
    }
    return Result(Check.ALGORITHM_REGISTER, FAIL if problems else PASS, evidence, problems)


def measure_algorithms(organisations: Iterable[Organisation]) -> dict[str, int]:
    """Record each organisation's registration as its measurement of the agreement; an unchanged one is not written
    again, so measuring twice keeps one row. Returns counts by verdict. Comply or explain (dialogue.reconcile)
    opens the gaps afterwards, as after a scan."""
    organisations = list(organisations)
    counts = {"organisations": len(organisations), PASS: 0, FAIL: 0, "error": 0}
    try:
        results = {pk: result(found) for pk, found in registrations(organisations).items()}
    except (OSError, KeyError, ValueError) as exc:  # FrameworkError is a ValueError: the shared data as found
        failed = Result(Check.ALGORITHM_REGISTER, FAIL).could_not_measure(f"the algorithm framework: {exc}")
        results = {o.pk: failed for o in organisations}
    current = {
        m.organisation_id: m
        for m in Measurement.objects.filter(host=SUBJECT, check_key=Check.ALGORITHM_REGISTER, current=True)
    }
    with transaction.atomic():
        for organisation in organisations:
            found = results[organisation.pk]
            counts[found.verdict] += 1
            known = current.get(organisation.pk)
            if known is None or (known.verdict, known.evidence, known.problems) != (
                found.verdict,
                found.evidence,
                found.problems,
            ):
                Measurement.record(organisation, SUBJECT, [found])
    return counts


def every_organisation() -> list[Organisation]:
    """Every current organisation: the agreement asks each to register, whether or not it has a domain to scan."""
    return list(Organisation.objects.filter(end_date__isnull=True))
