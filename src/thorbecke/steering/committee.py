"""The Steering Committee's record: who sat at a meeting per layer of government, and who may read which decisions
and actions (decision 0047).

Layers: the committee has central government, provinces, municipalities, water boards and public service providers
at the table as equals; an organisation's layer is ``layers.of``.

Reading: a meeting (date, title, who was present, agenda) is public. A confidential decision is read by the
programme and the staff of the organisations it concerns: the owner of the initiative it is about and the owners of
its actions. A confidential action, or an action of a confidential decision, by the programme and its owner's
staff. Everyone else does not learn that it exists."""

from datetime import date

from django.db.models import Q, QuerySet

from thorbecke.registry import layers
from thorbecke.registry.models import Organisation
from thorbecke.registry.permissions import is_programme, membership_of
from thorbecke.steering.models import Action, Decision, Meeting


def representation(meeting: Meeting) -> list[tuple[str, list[Organisation]]]:
    """Every layer, in the committee's order, with the organisations of it present (an empty list: not
    represented)."""
    present: dict[str, list[Organisation]] = {layer.key: [] for layer in layers.LAYERS}
    for organisation in meeting.present.order_by("sort_name"):
        present[layers.of(organisation.org_type, organisation.parent_id)].append(organisation)
    return [(str(layer.label), present[layer.key]) for layer in layers.LAYERS]


def visible_decisions(user: object, decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    if is_programme(user):
        return decisions
    membership = membership_of(user)
    if membership is None:
        return decisions.filter(confidential=False)
    own = membership.organisation_id
    concerns = Q(initiative__organisation_id=own) | Q(actions__organisation_id=own)
    return decisions.filter(Q(confidential=False) | concerns).distinct()


def visible_actions(user: object, actions: QuerySet[Action]) -> QuerySet[Action]:
    if is_programme(user):
        return actions
    public = Q(confidential=False, decision__confidential=False)
    membership = membership_of(user)
    if membership is None:
        return actions.filter(public)
    return actions.filter(public | Q(organisation_id=membership.organisation_id))


def mark_done(action: Action, user: object, today: date) -> None:
    action.done_on, action.done_by = today, user
    action.save(update_fields=["done_on", "done_by"])
