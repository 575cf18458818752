"""A cloud need's matches over the API, for its organisation's signed-in staff and the programme (as its page):
the offerings that pass every condition, ranked, each with why it passes and what it lacks; or, when none passes,
the funnel of conditions and the one that blocks."""

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from thorbecke.cloud.matching import Constraints, match
from thorbecke.cloud.models import Need
from thorbecke.registry.api import StaffSession
from thorbecke.registry.permissions import is_programme
from thorbecke.web.api import Problem

# A need says what an organisation is about to buy and under which conditions: its own staff and the programme only.
router = Router(tags=["cloud"], auth=StaffSession())


class MatchEntry(Schema):
    rank: int = Field(description="1 is the best: highest Sovereignty Score, then lowest cost.")
    offeringId: int
    offering: str
    provider: str
    sovereigntyScore: float = Field(description="0 to 100, by the EU Cloud Sovereignty Framework's weights.")
    costEur: float | None = Field(description="Price per unit per month x volume x months; null when not listed.")
    passes: list[str] = Field(description="Why it passes, condition by condition.")
    lacks: list[str] = Field(description="What it lacks, though it passes.")


class FunnelStep(Schema):
    gate: str = Field(description="service_model, classification, territory, keys, sovereignty, exit, "
                                  "certifications, availability or budget.")  # fmt: skip
    label: str = Field(description="The condition, in words.")
    left: int = Field(description="Offerings left after this condition and every one before it.")


class NearEntry(Schema):
    offeringId: int
    offering: str
    provider: str
    fails: list[str]


class NeedMatches(Schema):
    need: int
    total: int = Field(description="How many offerings pass every condition; the first ten are explained.")
    matches: list[MatchEntry]
    funnel: list[FunnelStep]
    blockedBy: str | None = Field(description="The gate at which no offering is left, when none passes.")
    blocker: str = Field(description="No match, in one sentence; empty when there are matches.")
    near: list[NearEntry] = Field(description="When none passes: the nearest offerings and what they fail.")


@router.get(
    "/cloud-needs/{int:id}/matches",
    response={200: NeedMatches, 401: Problem, 404: Problem},
    url_name="cloud-need-matches",
    summary="A cloud need's matching offerings, ranked and explained, or what blocks a match",
)
def need_matches(request: HttpRequest, id: int) -> dict:
    need = Need.objects.filter(pk=id).first()
    if need is None or not (is_programme(request.user) or request.auth.organisation_id == need.organisation_id):
        raise HttpError(404, f"No cloud need {id} that you may see.")
    result = match(Constraints.of(need))
    return {
        "need": need.pk, "total": result.total,
        "matches": [
            {"rank": rank, "offeringId": m.offering_id, "offering": m.name, "provider": m.provider,
             "sovereigntyScore": round(m.score, 2), "costEur": m.cost, "passes": m.passes, "lacks": m.lacks}
            for rank, m in enumerate(result.matches, 1)
        ],
        "funnel": [{"gate": s.gate, "label": s.label, "left": s.left} for s in result.funnel],
        "blockedBy": result.blocked_by.gate if result.blocked_by else None, "blocker": result.blocker,
        "near": [{"offeringId": n.offering_id, "offering": n.name, "provider": n.provider, "fails": n.fails}
                 for n in result.near],
    }  # fmt: skip
