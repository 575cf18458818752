"""Figures of the inventory per organisation, for the steering indicators (``steering.indicators``), so that they
need not read the landscape's tables.

The inventory keeps no history: an entity is as its owner last imported it (``updated_at`` moves with every
import). So these figures read the inventory as it stands, and only its own dates (end of support) are weighed
against the moment asked; a past month computed again is today's inventory on that month's calendar.
"""

from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from thorbecke.landscape.models import Entity, Hosting, Kind
from thorbecke.registry.countries import EU


def past_end_of_support(moment: datetime) -> dict[int, tuple[int, int]]:
    """Per organisation that owns components: (its components whose end of support lies before ``moment``, its
    components). A component without a date of end of support is not known to be past it."""
    rows = (
        Entity.objects.filter(kind=Kind.COMPONENT)
        .values("owner_id")
        .annotate(components=Count("pk"), past=Count("pk", filter=Q(end_of_support__lt=timezone.localdate(moment))))
        .order_by()
        .values_list("owner_id", "past", "components")
    )
    return {owner: (past, components) for owner, past, components in rows}


def outside_eu(moment: datetime) -> dict[int, tuple[int, int]]:
    """Per organisation that owns components whose hosting is stated: (those supplied by a supplier established
    outside the EU or hosted under a jurisdiction outside it, as ``analysis.outside_eu`` counts them; those with
    hosting stated). ``moment`` is not weighed: the inventory keeps no history (see above)."""
    outside = (Q(supplier__country__gt="") & ~Q(supplier__country__in=EU)) | (
        Q(jurisdiction__gt="") & ~Q(jurisdiction__in=EU)
    )
    rows = (
        Entity.objects.filter(kind=Kind.COMPONENT)
        .exclude(hosting=Hosting.UNKNOWN)
        .values("owner_id")
        .annotate(stated=Count("pk"), outside=Count("pk", filter=outside))
        .order_by()
        .values_list("owner_id", "outside", "stated")
    )
    return {owner: (found, stated) for owner, found, stated in rows}
