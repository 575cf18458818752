"""Searching the supply catalogue, as buyers of G-Cloud and the FedRAMP marketplace ask to: free text over the
offering's name, its provider and its service description, and filters on what decides a purchase.

Free text: every word must occur, case-insensitive, in the name, the provider's name or the description. The
sovereignty filter and the sort by score read the Sovereignty Score of ``cloud.supply.supply()`` (effective levels,
inherited down what an offering runs on), so the catalogue ranks as the matching does."""

from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
from django.db.models import Q
from django.utils import timezone

from thorbecke.cloud import taxonomy
from thorbecke.cloud.models import Certification, Offering
from thorbecke.cloud.supply import Supply, supply

Kept = Literal["nl", "eu"]
Sort = Literal["score", "name", "price"]
TERRITORY = {"nl": 0, "eu": 1}


@dataclass(frozen=True)
class Filters:
    text: str = ""
    service_model: str = ""
    deployment: str = ""
    classification: str = ""  # allowed at least this classification
    kept_in: Kept | Literal[""] = ""  # data stored and processed in NL only, or in the EU only
    key_holder: str = ""
    certification: str = ""  # a scheme held with a certificate valid today
    haven: bool | None = None  # a Haven Compliant result (True), or not (False)
    exit_terms: bool | None = None  # data extracted at the end, in named formats
    government: bool | None = None  # a government service provider (True) or a supplier (False)
    min_score: float | None = None
    sort: Sort = "score"


@dataclass(frozen=True)
class Hit:
    offering: Offering
    score: float
    levels: dict[str, int]


def _in_database(filters: Filters) -> Q:
    where = Q()
    for word in filters.text.split():
        where &= Q(name__icontains=word) | Q(provider__name__icontains=word) | Q(description__icontains=word)
    for field in ("service_model", "deployment", "key_holder"):
        if getattr(filters, field):
            where &= Q(**{field: getattr(filters, field)})
    if filters.classification:
        floor = taxonomy.current().classification_rank(filters.classification)
        allowed = [t.code for t in taxonomy.current().terms("classifications") if t.rank >= floor]
        where &= Q(classification__in=allowed)
    if filters.government is not None:
        where &= Q(provider__government=filters.government)
    if filters.certification:
        valid = Certification.objects.filter(scheme=filters.certification, expires_on__gte=timezone.localdate())
        where &= Q(pk__in=valid.values("offering_id"))
    return where


def _in_supply(filters: Filters, s: Supply) -> np.ndarray:
    keep = np.ones(len(s), bool)
    if filters.kept_in:
        keep &= s.territory <= TERRITORY[filters.kept_in]
    if filters.exit_terms is not None:
        keep &= s.exit == filters.exit_terms
    if filters.min_score is not None:
        keep &= s.score >= filters.min_score
    if filters.haven is not None:
        keep &= np.array([row.haven is True for row in s.rows], bool) == filters.haven
    return keep


def search(filters: Filters) -> list[Hit]:
    """The offerings that meet every filter, sorted: by score (highest first, then name), by name, or by price
    (cheapest first; an offering without a price last). Their certificates and assessments are not fetched: a page
    fetches them for the offerings it shows."""
    s = supply()
    keep = _in_supply(filters, s)
    # The arrays' filters are applied to what the database returns, not sent to it as a list of ids: with thousands
    # of offerings such a list would be most of the query.
    offerings = Offering.objects.filter(_in_database(filters)).select_related("provider")
    kept = [o for o in offerings if o.pk in s.index and keep[s.index[o.pk]]]
    hits = [Hit(o, float(s.score[s.index[o.pk]]), s.rows[s.index[o.pk]].levels) for o in kept]
    name = lambda h: (h.offering.provider.name.casefold(), h.offering.name.casefold())  # noqa: E731
    if filters.sort == "name":
        return sorted(hits, key=name)
    if filters.sort == "price":
        return sorted(hits, key=lambda h: (h.offering.price_eur is None, h.offering.price_eur or 0, *name(h)))
    return sorted(hits, key=lambda h: (-h.score, *name(h)))


def expired(certification: Certification, on: date | None = None) -> bool:
    return certification.expires_on < (on or timezone.localdate())
