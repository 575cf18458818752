"""Reusable AI: who may offer, ask for and decide on the reuse of an application, and what the catalogue shows of
its register entry (decision 0039). The permission itself is registry.permissions' one decision: the operating
organisation changes its application and decides on requests to it; the asking organisation owns its request."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thorbecke.ai.checklist import checklist, profile_of
from thorbecke.ai.framework import load_framework
from thorbecke.ai.models import AiApplication, Algorithm, ChecklistState, Lifecycle, ReuseRequest, ReuseState
from thorbecke.registry.permissions import can_change, membership_of

MET = (ChecklistState.DONE, ChecklistState.NOT_APPLICABLE)


class ReuseRefused(ValueError):
    """Why this person may not ask or decide, in the page's language."""


@dataclass
class RegisterEntry:
    """The register entry as the catalogue shows it: its lifecycle, and the framework's checklist met of total
    (requirements and measures that apply to its AI Act profile; None without a profile)."""

    algorithm: Algorithm
    met: int | None
    total: int | None


def register_entry(application: AiApplication, user: object) -> RegisterEntry | None:
    """The linked algorithm for whoever may read it: a published entry for everyone, a concept only for the
    operating organisation's own staff (as the register itself shows it)."""
    algorithm = application.algorithm
    if algorithm is None:
        return None
    membership = membership_of(user)
    own = membership is not None and membership.organisation_id == algorithm.organisation_id
    if algorithm.lifecycle != Lifecycle.PUBLISHED and not own:
        return None
    framework = load_framework()
    profile, _source = profile_of(algorithm, framework)
    if profile is None:
        return RegisterEntry(algorithm, None, None)
    counts = checklist(algorithm, profile, framework).counts()
    return RegisterEntry(algorithm, sum(counts[state] for state in MET), sum(counts.values()))


def own_algorithms(organisation_id: int) -> QuerySet:
    """The register entries an application of this organisation may point at: its own, never another's."""
    return Algorithm.objects.filter(organisation_id=organisation_id).exclude(lifecycle=Lifecycle.ARCHIVED)


def users_of(application: AiApplication) -> QuerySet:
    """Who uses what: the organisations whose request the operator accepted."""
    return application.reuse_requests.filter(state=ReuseState.ACCEPTED).select_related("requester")


def ask_refusal(user: object, application: AiApplication) -> str | None:
    """Why the user may not ask to reuse this application; None when they may."""
    membership = membership_of(user)
    if membership is None:
        return str(_("Sign in as staff of a government organisation to ask for reuse."))
    if membership.organisation_id == application.organisation_id:
        return str(_("This application is your own organisation's: you cannot ask to reuse it."))
    if not can_change(user, ReuseRequest(requester_id=membership.organisation_id)):
        return str(_("Only editors and administrators ask for reuse on behalf of their organisation."))
    return None


def ask(user: object, application: AiApplication, motivation: str) -> ReuseRequest:
    """A request in the user's own organisation's name: never another's, never to its own application."""
    refusal = ask_refusal(user, application)
    if refusal:
        raise ReuseRefused(refusal)
    organisation_id = membership_of(user).organisation_id  # type: ignore[union-attr]
    try:
        with transaction.atomic():
            return ReuseRequest.objects.create(
                application=application, requester_id=organisation_id, requested_by=user, motivation=motivation
            )
    except IntegrityError:
        raise ReuseRefused(
            str(_("Your organisation has already asked to reuse this application, or uses it already."))
        ) from None


def may_decide(user: object, request: ReuseRequest) -> bool:
    return can_change(user, request.application)


def decide(user: object, request: ReuseRequest, accept: bool, reason: str) -> None:
    """The operator's answer to an open request; a decline needs its reason."""
    if not may_decide(user, request):
        raise ReuseRefused(str(_("Only the organisation that runs the application decides on its reuse.")))
    if not accept and not reason.strip():
        raise ReuseRefused(str(_("Say why you decline.")))
    with transaction.atomic():
        # Two answers sent at once: the second waits here and then finds the request decided.
        current = ReuseRequest.objects.select_for_update().get(pk=request.pk)
        if current.state != ReuseState.REQUESTED:
            raise ReuseRefused(str(_("This request has been decided already.")))
        current.state = ReuseState.ACCEPTED if accept else ReuseState.DECLINED
        current.reason, current.decided_by, current.decided_at = reason.strip(), user, timezone.now()
        current.save(update_fields=["state", "reason", "decided_by", "decided_at"])
