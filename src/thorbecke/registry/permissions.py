"""The one place that decides who may change what.

Every object that can be changed names the organisation that owns it through a class
attribute ``owner_path``: ``"self"`` for an Organisation, or the name of the foreign key to
the owning Organisation. Objects that belong to the nation as a whole (the agreements) set
``programme_owned = True`` instead; only the national programme role changes those. Editors
and administrators change what their organisation owns, unless a model narrows that with
``change_roles`` (memberships: administrators only).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from thorbecke.registry.models import Membership, Organisation, Role

WRITE_ROLES = frozenset({Role.EDITOR, Role.ADMIN})


def membership_of(user: object) -> Membership | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    try:
        return user.membership  # type: ignore[attr-defined]
    except Membership.DoesNotExist:
        return None


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
