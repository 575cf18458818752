"""'Already reported': open reports of the same category close by and recent, so a person can follow
the existing report instead of filing a second one."""

import datetime as dt
import math

from django.utils import timezone

from thorbecke.signals.models import Category, ServiceRequest, Status

RADIUS_M = 50
WINDOW = dt.timedelta(days=14)
_EARTH_M = 6_371_000


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); plenty for tens of metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_M * math.asin(math.sqrt(a))


OFFERED = 3


def already_reported(category: Category, lat: float, lon: float) -> list[ServiceRequest]:
    """Open reports of this category within RADIUS_M and WINDOW, nearest first."""
    # A bounding box narrows the query on the index; the exact distance decides.
    dlat = RADIUS_M / 111_320
    dlon = RADIUS_M / (111_320 * max(0.01, math.cos(math.radians(lat))))
    candidates = (
        ServiceRequest.objects.filter(
            category=category,
            status=Status.OPEN,
            requested_at__gte=timezone.now() - WINDOW,
            lat__range=(lat - dlat, lat + dlat),
            long__range=(lon - dlon, lon + dlon),
        )
        .order_by()
        .values_list("pk", "lat", "long")
    )
    # Only coordinates for the many candidates; whole reports for the few that are offered.
    near = sorted((distance_m(lat, lon, r_lat, r_lon), pk) for pk, r_lat, r_lon in candidates)
    offered = [pk for distance, pk in near if distance <= RADIUS_M][:OFFERED]
    found = ServiceRequest.objects.select_related("organisation").in_bulk(offered)
    return [found[pk] for pk in offered]
