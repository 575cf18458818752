"""The one place that decides who may change what.

Every object that can be changed names the organisation that owns it through a class
attribute ``owner_path``: ``"self"`` for an Organisation, or the name of the foreign key to
the owning Organisation. Objects that belong to the nation as a whole (the agreements) set
``programme_owned = True`` instead; only the national programme role changes those. Editors
and administrators change what their organisation owns, unless a model narrows that with
``change_roles`` (memberships: administrators, and the programme at its own seat).

Two things no organisation decides about itself (issue 23): its OIN, which names its node in the data system and is
set only by the programme after checking it; and the programme role, granted and revoked only by the programme, with
at least one active programme account left at all times.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Membership, Organisation, Role

WRITE_ROLES = frozenset({Role.EDITOR, Role.ADMIN})


def membership_of(user: object) -> Membership | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    try:
        return user.membership  # type: ignore[attr-defined]
    except Membership.DoesNotExist:
        return None


def require_membership(user: object) -> Membership:
    """The staff member's membership; anyone else (anonymous, a citizen, a company) is refused."""
    membership = membership_of(user)
    if membership is None:
        raise PermissionDenied
    return membership


def owning_organisation_id(obj: Model) -> int | None:
    path = type(obj).owner_path  # type: ignore[attr-defined]
    return obj.pk if path == "self" else getattr(obj, f"{path}_id")


def can_change(user: object, obj: Model) -> bool:
    membership = membership_of(user)
    if membership is None:
        return False
    if getattr(type(obj), "programme_owned", False):
        return membership.role == Role.PROGRAMME
    roles = getattr(type(obj), "change_roles", WRITE_ROLES)
    return membership.role in roles and owning_organisation_id(obj) == membership.organisation_id


def can_manage_members(user: object, organisation: Organisation) -> bool:
    """May the user see and change who works for this organisation, and in which role?"""
    return can_change(user, Membership(organisation=organisation))


def is_programme(user: object) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role == Role.PROGRAMME


def can_set_oin(user: object) -> bool:
    """An OIN says which node is this organisation's: only the programme sets it, after checking the OIN register."""
    return is_programme(user)


def assignable_roles(user: object, membership: Membership) -> list[str]:
    """The roles the user may give this member (its current role included, so a form can show it)."""
    actor = membership_of(user)
    if actor is None:
        return [membership.role]
    if actor.role == Role.PROGRAMME:
        return list(Role.values)
    return [role for role in Role.values if role != Role.PROGRAMME or role == membership.role]


def leaves_no_programme(membership: Membership, role: str, active: bool) -> bool:
    """Would this change leave nobody able to decide on explanations or edit agreements?"""
    if membership.role != Role.PROGRAMME or not membership.user.is_active or (role == Role.PROGRAMME and active):
        return False
    # Two programme accounts ending each other at once must not both see the other still active: changes of programme
    # accounts wait for each other here (inside the caller's transaction), then count afresh.
    list(Membership.objects.select_for_update().filter(role=Role.PROGRAMME).values_list("pk", flat=True))
    others = Membership.objects.filter(role=Role.PROGRAMME, user__is_active=True).exclude(pk=membership.pk)
    return not others.exists()


def can_change_member(user: object, membership: Membership) -> bool:
    """Is there any change of this member's role or access the user may make? (A page shows the others read-only.)"""
    if not can_change(user, membership) or membership.user_id == getattr(user, "pk", None):
        return False
    return membership.role != Role.PROGRAMME or is_programme(user)


def membership_change_refusal(user: object, membership: Membership, role: str, active: bool) -> Promise | None:
    """Why the user may not give this member this role and access, in the page's language; None when they may."""
    if not can_change(user, membership):
        return _("You may only change what belongs to your own organisation.")
    if membership.user_id == getattr(user, "pk", None):
        return _("You cannot change your own role or access; ask another administrator.")
    touches_programme = Role.PROGRAMME in (membership.role, role)
    if touches_programme != is_programme(user):
        if touches_programme:
            return _("Only the national programme grants, changes or ends a programme account.")
        return _("Only an administrator of the organisation changes this account.")
    if leaves_no_programme(membership, role, active):
        return _("This is the last active programme account; appoint another one first.")
    return None


def require_change(user: object, obj: Model) -> None:
    """Raise PermissionDenied (HTTP 403) unless the user may change obj."""
    if not can_change(user, obj):
        raise PermissionDenied


def changeable(user: object, queryset: QuerySet) -> QuerySet:
    """The part of queryset that the user may change."""
    membership = membership_of(user)
    model = queryset.model
    if membership is None:
        return queryset.none()
    if getattr(model, "programme_owned", False):
        return queryset if membership.role == Role.PROGRAMME else queryset.none()
    if membership.role not in getattr(model, "change_roles", WRITE_ROLES):
        return queryset.none()
    path = model.owner_path
    return queryset.filter(**{"pk" if path == "self" else f"{path}_id": membership.organisation_id})


def knows_staff_of(user: object, organisation_id: int | None) -> bool:
    """May the user see who, by name, acted for this organisation? Its own members and the programme may;
    everyone else sees only the organisation, as staff names are personal data the public record does not need."""
    membership = membership_of(user)
    if membership is None or organisation_id is None:
        return False
    return membership.role == Role.PROGRAMME or membership.organisation_id == organisation_id
