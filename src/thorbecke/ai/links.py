"""What an algorithm is linked to (issue 24 item 7, decision 0041): the processing activities it serves, the landscape
entities it runs on, and its supplier.

The landscape sits above the register (decision 0034). What only it can tell (whether a reference names an entity the
organisation may point at, which of them a reader may see, which of its suppliers a description's supplier is) it
supplies through ``Landscape``, provided when it starts (``landscape.apps``). Without one the register checks a
reference's form only and shows it to nobody: what it cannot tell is visible, it does not show.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse

from thorbecke.ai.models import Algorithm, AlgorithmRunsOn, Lifecycle
from thorbecke.ai.register import record_version
from thorbecke.ai.schema import standard_view
from thorbecke.exchange.models import ProcessingActivity
from thorbecke.exchange.served_by import ServedBy
from thorbecke.registry.models import Organisation
from thorbecke.registry.permissions import membership_of

# The landscape's Backstage references: kind, namespace (an organisation's code or "shared"), name (landscape.catalog).
KIND = r"(component|api|resource|system)"
NAME = r"([A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)"
REF = re.compile(rf"{KIND}:([a-z0-9][a-z0-9._-]{{0,63}})/{NAME}")
SHORT_REF = re.compile(rf"{KIND}:{NAME}")
MAX_REFS = 50


@dataclass(frozen=True)
class EntityShown:
    ref: str
    title: str
    url: str


@dataclass(frozen=True)
class SupplierShown:
    name: str
    country: str
    in_eu: bool | None


class Landscape(Protocol):
    def unknown(self, organisation: Organisation, refs: list[str]) -> list[str]:
        """The references that name no entity this organisation may point at (absent and invisible alike)."""

    def shown(self, user: object, refs: list[str]) -> list[EntityShown]:
        """The entities among refs that exist and that this reader may see, in the order given."""

    def supplier(self, user: object, name: str) -> SupplierShown | None:
        """The landscape's supplier this name is, if the reader may see it."""


_landscape: list[Landscape] = []


def provide(landscape: Landscape) -> None:
    """Called by the landscape when it starts; the last one provided is the one asked."""
    _landscape[:] = [landscape]


def landscape() -> Landscape | None:
    return _landscape[0] if _landscape else None


def normal_ref(text: str, organisation: Organisation) -> str | None:
    """A reference as the landscape writes it (kind in lower case); without a namespace, the organisation's own, as
    Backstage reads it in that organisation's catalog. None when it is not a reference."""
    text = text.strip()
    kind, colon, rest = text.partition(":")
    text = kind.lower() + colon + rest
    if REF.fullmatch(text):
        return text
    if short := SHORT_REF.fullmatch(text):
        return f"{short[1]}:{organisation.code}/{short[2]}"
    return None


def supplier_name(algorithm: Algorithm) -> str:
    """The description's own supplier (the standard's ``supplier``, a template's ``provider``): the one place it is
    kept; the landscape's supplier is found from it, never stored beside it."""
    return str(standard_view(algorithm.document).get("supplier") or "").strip()


def readable_by(user: object) -> QuerySet[Algorithm]:
    """Published descriptions for everyone; the others for the owning organisation's staff only."""
    membership = membership_of(user)
    own = Q(organisation_id=membership.organisation_id) if membership is not None else Q(pk__in=[])
    return Algorithm.objects.filter(Q(lifecycle=Lifecycle.PUBLISHED) | own)


def refs_of(algorithm: Algorithm) -> list[str]:
    return list(algorithm.runs_on.values_list("ref", flat=True))


def save_links(
    algorithm: Algorithm, activities: Iterable[ProcessingActivity], refs: list[str], user: object, note: str = ""
) -> None:
    """Replace the algorithm's links; the change is a version in its history, with what it now links to."""
    activities, refs = list(activities), list(dict.fromkeys(refs))
    if any(activity.organisation_id != algorithm.organisation_id for activity in activities):
        raise ValueError("an algorithm serves its own organisation's processing activities only")
    with transaction.atomic():
        algorithm.processing_activities.set(activities)
        algorithm.runs_on.all().delete()
        AlgorithmRunsOn.objects.bulk_create(AlgorithmRunsOn(algorithm=algorithm, ref=ref) for ref in refs)
        # The history keeps what it now links to (cut at the note's length, as every note is).
        summary = "; ".join(filter(None, (", ".join(map(str, activities)), ", ".join(refs)))) or "-"
        record_version(algorithm, user, " — ".join(filter(None, (note, f"Links: {summary}"))))


def published_serving(activity_ids: set[int]) -> dict[int, list[ServedBy]]:
    """For "who used my data" (exchange.served_by): the published algorithms of the activity's own organisation."""
    rows = (
        Algorithm.processing_activities.through.objects.filter(
            processingactivity_id__in=activity_ids,
            algorithm__lifecycle=Lifecycle.PUBLISHED,
            # Defence in depth: the form offers only its own organisation's activities.
            algorithm__organisation_id=F("processingactivity__organisation_id"),
        )
        .order_by("algorithm__name", "algorithm_id")
        .values_list("processingactivity_id", "algorithm__name", "algorithm__public_id")
    )
    found: dict[int, list[ServedBy]] = {}
    for activity_id, name, public_id in rows:
        url = reverse("ai:algorithm", kwargs={"public_id": public_id})
        found.setdefault(activity_id, []).append(ServedBy(name, url))
    return found
