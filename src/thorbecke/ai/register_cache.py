"""What the public register's list page keeps per process until the register changes (decision 0042): the filters'
choices, and how many published algorithms a search finds.

Both cost the list page more than showing its twenty results (bench/algorithm_register.py): the organisations with a
published algorithm visit the published algorithms and writing out their 700 options is most of the rendering; a
common word matches thousands of algorithms, each looked up to see whether it is published. Both change only when an
algorithm or an organisation does, so each process keeps them and asks one row (``RegisterRevision``) on every use
whether they are still current (the rule of ``thorbecke.caches``). Every save and delete of an algorithm or an
organisation gives that row a new token in the same transaction, so no process shows a choice or a count from before
a committed change: a concept never appears, a retracted algorithm goes at once.
"""

import threading
import uuid
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.html import escape

from thorbecke.ai.models import Algorithm, Lifecycle, RegisterRevision
from thorbecke.ai.register import words
from thorbecke.caches import process_cache
from thorbecke.registry.models import Organisation

REVISION_ROW = 1
COUNTS_KEPT = 10_000  # different searches per revision; the oldest goes first (about 1 MB when full)


@dataclass(frozen=True)
class PublishedChoices:
    # (code, name) in the order of the organisations' sort names
    organisations: tuple[tuple[str, str], ...]
    # the same, each as its <option> already escaped, so a page joins them instead of escaping 700 names again
    organisation_options: tuple[str, ...]
    organisation_codes: frozenset[str]
    risk_groups: tuple[str, ...]


def revision() -> uuid.UUID | None:
    return RegisterRevision.objects.filter(pk=REVISION_ROW).values_list("token", flat=True).first()


def changed(**_signal: object) -> None:
    """Connected to saving and deleting algorithms and organisations (AiConfig.ready)."""
    RegisterRevision.objects.update_or_create(pk=REVISION_ROW, defaults={"token": uuid.uuid4()})


@process_cache(version=revision)
def published_choices() -> PublishedChoices:
    """The organisations that have a published algorithm, and the risk groups of published algorithms."""
    published = Algorithm.objects.filter(organisation=OuterRef("pk"), lifecycle=Lifecycle.PUBLISHED)
    owners = tuple(Organisation.objects.filter(Exists(published)).order_by("sort_name").values_list("code", "name"))
    # A range, not "not empty": the index (lifecycle, risk_group, name) then skips the unclassified ones unread.
    risks = Algorithm.objects.filter(lifecycle=Lifecycle.PUBLISHED, risk_group__gt="").order_by("risk_group")
    return PublishedChoices(
        organisations=owners,
        organisation_options=tuple(f'<option value="{escape(code)}">{escape(name)}</option>' for code, name in owners),
        organisation_codes=frozenset(code for code, _name in owners),
        risk_groups=tuple(risks.values_list("risk_group", flat=True).distinct()),
    )


class Counts:
    """How many published algorithms each search finds, for one revision of the register."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[tuple, int] = {}

    def get(self, filters: dict, queryset: QuerySet) -> int:
        """``queryset`` is the filtered public register; counted only when this search is not held yet."""
        # The search reads at most six words, folded: 'Kenteken' and 'kenteken  ' find the same.
        key = tuple(sorted({**filters, "q": " ".join(words(filters.get("q", ""))[:6])}.items()))
        with self._lock:
            if key in self._held:
                return self._held[key]
        found = queryset.count()  # outside the lock: other searches need not wait for this one
        with self._lock:
            if len(self._held) >= COUNTS_KEPT:
                del self._held[next(iter(self._held))]
            self._held[key] = found
        return found


@process_cache(version=revision)
def search_counts() -> Counts:
    """A new, empty set of counts for each revision of the register."""
    return Counts()
