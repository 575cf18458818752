"""Agreements kept for commitments made elsewhere (a steering goal's commitments, issue 25), and what the steering
app reads of their gaps. A commitment is an agreement of kind "goal", checked by "commitment", mandatory for the
one organisation that made it (or for every organisation of the type the programme committed for), so that falling
behind opens the same comply-or-explain dialogue as any other gap (``dialogue.follow``). The standards' lists and
scorecards leave these agreements out."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import get_language

from thorbecke.agreements.models import Agreement, AgreementVersion, Check, Gap, GapState, Kind, Status
from thorbecke.registry.models import Organisation
from thorbecke.web.templatetags.numbers import measure

SOURCE = "steering"


@dataclass(frozen=True)
class GapSeen:
    """An unresolved gap as the steering app reads it."""

    pk: int
    organisation_id: int
    agreement: str  # the agreement's slug
    agreement_name: str
    state: str
    state_label: str
    explained: bool  # the programme accepted the organisation's explanation


def keep(slug: str, name: str, description: str, organisation: Organisation | None = None,
         org_type: str = "") -> Agreement:  # fmt: skip
    """Create or update the agreement of one commitment: for ``organisation`` alone, or for every organisation of
    ``org_type``. A change is kept as a new version, as for any agreement."""
    fields = {
        "kind": Kind.GOAL,
        "name": name[:200],
        "status": Status.MANDATORY,
        "check_method": Check.COMMITMENT,
        "only_for": organisation,
        "applies_to": [] if organisation else [org_type],
        "description": description,
        "source": SOURCE,
    }
    with transaction.atomic():
        agreement = Agreement.objects.filter(slug=slug).first()
        if agreement is not None and all(getattr(agreement, field) == value for field, value in fields.items()):
            return agreement
        agreement = agreement or Agreement(slug=slug)
        for field, value in fields.items():
            setattr(agreement, field, value)
        agreement.save()
        AgreementVersion.record(agreement, AgreementVersion.importer_note("commitment", SOURCE))
    return agreement


def _seen(gaps: "object") -> list[GapSeen]:
    return [
        GapSeen(g.pk, g.organisation_id, g.agreement.slug, g.agreement.name, g.state, str(g.get_state_display()),
                g.state == GapState.ACCEPTED)
        for g in gaps
    ]  # fmt: skip


def gaps_on(slugs: list[str]) -> list[GapSeen]:
    """The unresolved gaps on these agreements (the commitments'), at every organisation."""
    found = Gap.objects.filter(agreement__slug__in=slugs).exclude(state=GapState.RESOLVED)
    return _seen(found.select_related("agreement").order_by("pk"))


def gaps_of(organisation: Organisation) -> list[GapSeen]:
    """Every unresolved gap of one organisation, on any agreement, newest first."""
    return _seen(organisation.gaps.exclude(state=GapState.RESOLVED).select_related("agreement"))


def shown(finding: dict) -> dict[str, str] | None:
    """A commitment's finding for the gap page, in the page's language; None for any other finding. The steering
    app stores it as {"commitment": pk, "indicator_nl", "indicator_en", "unit", "value", "period", "expected",
    "target", "due"}: figures as numbers (a share as 0..1), months as YYYY-MM."""
    if "commitment" not in finding:
        return None
    unit = str(finding.get("unit", ""))
    language = get_language() or "nl"
    return {
        "indicator": str(finding.get("indicator_en" if language.startswith("en") else "indicator_nl", "")),
        "value": measure(finding.get("value"), unit),
        "period": str(finding.get("period") or "-"),
        "expected": measure(finding.get("expected"), unit),
        "target": measure(finding.get("target"), unit),
        "due": str(finding.get("due") or "-"),
    }
