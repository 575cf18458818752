"""What every report needs to be taken in, held in memory: the categories, the routing rules, the
organisations by code and the Open311 api keys.

Each lookup costs a query otherwise, and together they were most of the time a report took. They
change rarely, so each process keeps a copy for at most ``TTL`` seconds, and drops it at once when
it saves one of them itself. A change made in another process (another worker, the admin) takes
effect everywhere within ``TTL`` seconds; that includes a revoked api key.
"""

import threading
import time
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save

from thorbecke.registry.models import Organisation
from thorbecke.signals.models import ApiKey, Category, RoutingRule

TTL = 10.0


@dataclass(frozen=True)
class Lookups:
    categories: dict[str, Category]
    rules: dict[str, list[RoutingRule]]
    organisations: dict[str, Organisation]
    api_keys: dict[str, ApiKey]
    loaded_at: float


_lock = threading.Lock()
_current: Lookups | None = None


def _load() -> Lookups:
    rules: dict[str, list[RoutingRule]] = {}
    for rule in RoutingRule.objects.filter(active=True).select_related("area", "handled_by"):
        rules.setdefault(rule.category_id, []).append(rule)
    return Lookups(
        categories={c.slug: c for c in Category.objects.select_related("parent")},
        rules=rules,
        organisations={o.code: o for o in Organisation.objects.all()},
        api_keys={k.key_hash: k for k in ApiKey.objects.filter(active=True)},
        loaded_at=time.monotonic(),
    )


def lookups() -> Lookups:
    global _current
    current = _current
    if current is None or time.monotonic() - current.loaded_at > TTL:
        with _lock:
            if _current is None or time.monotonic() - _current.loaded_at > TTL:
                _current = _load()
            current = _current
    return current


def forget(**_: object) -> None:
    """Drop the copy: the next report loads everything afresh."""
    global _current
    _current = None


def service(slug: str) -> Category | None:
    """An active category that reports can be filed under (an Open311 service)."""
    category = lookups().categories.get(slug)
    return category if category is not None and category.active and category.parent_id else None


def all_services() -> list[Category]:
    """Every category that reports can be filed under, by parent and slug."""
    found = [c for c in lookups().categories.values() if c.active and c.parent_id]
    return sorted(found, key=lambda c: (c.parent_id, c.slug))


for model in (Category, RoutingRule, Organisation, ApiKey):
    post_save.connect(forget, sender=model, dispatch_uid=f"signals-lookups-save-{model.__name__}")
    post_delete.connect(forget, sender=model, dispatch_uid=f"signals-lookups-delete-{model.__name__}")
