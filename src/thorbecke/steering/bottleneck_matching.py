"""Matching a new bottleneck against open reports and precedents, before it is filed: by text, by data and by law.

Text is compared with the front door's embedder (``services.embeddings``: multilingual-e5-small, the model signals
classifies reports with), so a report in other words or the other language still finds its precedent. Every
bottleneck keeps its text's vector, made when it is filed, so a check embeds only the new text. Same data service and
same law (BWB id) are exact. Each match says why it matched.

What a reporter is shown: bottlenecks in the public register that are open or decided, and its own organisation's
open reports; another organisation's report that the programme has not triaged yet stays out of sight.
"""

from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q
from django.utils.translation import gettext as _

from thorbecke.services.embeddings import default_embedder
from thorbecke.steering.laws import bwb_ids
from thorbecke.steering.models import Bottleneck
from thorbecke.steering.models.bottlenecks import OPEN_STAGES, Stage

# The cosine from which two texts are "a similar description". Measured on six Dutch and English bottleneck texts
# (tests/steering/test_bottlenecks.py has them): the same bottleneck in other Dutch words 0.94; different bottlenecks
# 0.80-0.87. The same bottleneck in English scored 0.86, no higher than different Dutch ones: across languages the
# data service and the law find the match, the text does not. A one-sentence report against the demo's precedent
# scored 0.89: the form's three fields (title, what goes wrong, effect) give the text enough to match on (0.95).
SIMILAR_TEXT = 0.90
SHOWN = 5


def vector_of(text: str) -> tuple[bytes, str]:
    embedder = default_embedder()
    # Both sides as passages: this separated paraphrases from other bottlenecks better than queries did (0.94 against
    # at most 0.87, where queries gave 0.94 against 0.90).
    return embedder.passages([text])[0].astype(np.float32).tobytes(), embedder.name


@dataclass
class Match:
    bottleneck: Bottleneck
    similarity: float
    reasons: list[str] = field(default_factory=list)


def text_of(title: str, description: str, effect: str) -> str:
    """What a bottleneck's text is matched by."""
    return "\n".join(part.strip() for part in (title, description, effect) if part and part.strip())


def _shown_to(organisation_id: int | None) -> Q:
    published = Q(public=True, stage__in=[*OPEN_STAGES, Stage.DECIDED])
    own = Q(organisation_id=organisation_id, stage__in=OPEN_STAGES) if organisation_id else Q(pk__in=[])
    return published | own


def similar(text: str, data_service: str = "", laws: list[str] | None = None,
            organisation_id: int | None = None, exclude: int | None = None) -> list[Match]:
    """The bottlenecks most like this one, best first, each with the reasons it matched."""
    vector_bytes, model = vector_of(text)
    vector = np.frombuffer(vector_bytes, dtype=np.float32)
    wanted_laws = bwb_ids(laws or [])
    # Only what matching needs, for every candidate; whole rows only for the few shown.
    rows = list(
        Bottleneck.objects.filter(_shown_to(organisation_id)).exclude(pk=exclude).order_by("pk")
        .values_list("pk", "vector", "vector_model", "title", "description", "effect", "data_service", "laws")
    )  # fmt: skip
    if not rows:
        return []
    vectors = np.vstack([
        np.frombuffer(bytes(stored), dtype=np.float32) if stored is not None and made_by == model
        else np.frombuffer(vector_of(text_of(title, description, effect))[0], dtype=np.float32)
        for _pk, stored, made_by, title, description, effect, _service, _laws in rows
    ])  # fmt: skip
    similarities = vectors @ vector
    found = []
    for (pk, *_texts, service, references), similarity in zip(rows, similarities.tolist(), strict=True):
        reasons, exact = [], 0
        if similarity >= SIMILAR_TEXT:
            reasons.append(_("a similar description (similarity %(value).2f)") % {"value": similarity})
        if data_service and service == data_service:
            reasons.append(_("the same data service (%(service)s)") % {"service": data_service})
            exact += 1
        common = sorted(wanted_laws & bwb_ids(references)) if wanted_laws and references else []
        if common:
            reasons.append(_("the same law (%(laws)s)") % {"laws": ", ".join(common)})
            exact += 1
        if reasons:
            found.append((pk, similarity, reasons, exact))
    # The text decides the order; the same data or the same law lifts a match above texts merely alike.
    found.sort(key=lambda f: (-(f[1] + 0.1 * f[3]), f[0]))
    shown = found[:SHOWN]
    by_pk = Bottleneck.objects.select_related("organisation").in_bulk([pk for pk, *_ in shown])
    return [Match(by_pk[pk], similarity, reasons) for pk, similarity, reasons, _exact in shown]
