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


def already_reported(category: Category, lat: float, lon: float) -> list[ServiceRequest]:
    """Open reports of this category within RADIUS_M and WINDOW, nearest first."""
    # A bounding box narrows the query on the index; the exact distance decides.
    dlat = RADIUS_M / 111_320
    dlon = RADIUS_M / (111_320 * max(0.01, math.cos(math.radians(lat))))
    candidates = ServiceRequest.objects.filter(
        category=category,
        status=Status.OPEN,
        requested_at__gte=timezone.now() - WINDOW,
        lat__range=(lat - dlat, lat + dlat),
        long__range=(lon - dlon, lon + dlon),
    )
    near = [(distance_m(lat, lon, r.lat, r.long), r) for r in candidates if r.lat is not None]
    return [r for d, r in sorted(near, key=lambda pair: pair[0]) if d <= RADIUS_M]
