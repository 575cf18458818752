"""The Steering Committee's record: who sat at a meeting per layer of government, and who may read which decisions
and actions (decision 0047).

Layers: the committee has central government, provinces, municipalities, water boards and public service providers
at the table as equals. An organisation's layer follows from the register: a municipality, province or water board
is its own layer; an organisation under a ministry (an executive agency: Belastingdienst, UWV, SVB, ...) is a
public service provider; ministries, high councils of state and other central-government organisations are central
government; environmental services and safety regions, joint bodies of municipalities, count as joint regional
bodies.

Reading: a meeting (date, title, who was present, agenda) is public. A confidential decision is read by the
programme and the staff of the organisations it concerns: the owner of the initiative it is about and the owners of
its actions. A confidential action, or an action of a confidential decision, by the programme and its owner's
staff. Everyone else does not learn that it exists."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.registry.permissions import is_programme, membership_of
from thorbecke.steering.models import Action, Decision, Meeting

LAYERS = (
    ("rijk", _("central government")),
    ("provincie", _("provinces")),
    ("gemeente", _("municipalities")),
    ("waterschap", _("water boards")),
    ("uitvoering", _("public service providers")),
    ("regionaal", _("joint regional bodies")),
)


def layer_of(organisation: Organisation) -> str:
    if organisation.org_type in (OrganisationType.GEMEENTE, OrganisationType.PROVINCIE, OrganisationType.WATERSCHAP):
        return organisation.org_type
    if organisation.org_type in (OrganisationType.OMGEVINGSDIENST, OrganisationType.VEILIGHEIDSREGIO):
        return "regionaal"
    if organisation.parent_id is not None:
        return "uitvoering"
    return "rijk"


def representation(meeting: Meeting) -> list[tuple[str, list[Organisation]]]:
    """Every layer, in the committee's order, with the organisations of it present (an empty list: not
    represented)."""
    present: dict[str, list[Organisation]] = {key: [] for key, _label in LAYERS}
    for organisation in meeting.present.order_by("sort_name"):
        present[layer_of(organisation)].append(organisation)
    return [(str(label), present[key]) for key, label in LAYERS]


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
