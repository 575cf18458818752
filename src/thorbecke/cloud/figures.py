"""Cloud's figures for steering: how much of the demand sovereign supply can meet.

A need counts for an organisation from the moment it was registered; it is met when at least one offering in the
catalogue passes every gate it sets. The catalogue keeps no history, so "met" is judged against today's supply,
as the landscape's figures are against today's inventory."""

from datetime import datetime

from thorbecke.cloud.matching import Constraints, passing
from thorbecke.cloud.models import Need
from thorbecke.cloud.supply import supply


def needs_met(moment: datetime) -> dict[int, tuple[int, int]]:
    """Per organisation with needs registered before ``moment``: (those at least one offering meets, all of them)."""
    s = supply()
    counts: dict[int, list[int]] = {}
    for need in Need.objects.filter(created_at__lt=moment):
        met, total = counts.setdefault(need.organisation_id, [0, 0])
        counts[need.organisation_id] = [met + (len(passing(Constraints.of(need), s)) > 0), total + 1]
    return {organisation: (met, total) for organisation, (met, total) in counts.items()}
