"""Creating staff accounts: a user, their organisation and their role."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from thorbecke.registry.models import Membership, MembershipChange, Organisation, Role

# Demo accounts: editors and administrators of municipalities and water boards (De Stichtse Rijnlanden is the
# water board of the city of Utrecht, where reports are forwarded to it), one viewer, and the national programme
# (seated at the Ministry of the Interior).
DEMO_ACCOUNTS = [
    ("utrecht-editor", "gm0344", Role.EDITOR),
    ("amsterdam-admin", "gm0363", Role.ADMIN),
    ("rotterdam-editor", "gm0599", Role.EDITOR),
    ("rijnland-editor", "ws0616", Role.EDITOR),
    ("stichtse-rijnlanden-admin", "ws0636", Role.ADMIN),
    ("gelderland-viewer", "pv25", Role.VIEWER),
    ("programme", "rijk-ministerie-van-binnenlandse-zaken", Role.PROGRAMME),
]


@transaction.atomic
def create_account(
    username: str, organisation_code: str, role: str, password: str, by: object | None = None
) -> Membership:
    """Create a user with a membership (by whom: None on the command line); raises ValidationError or
    Organisation.DoesNotExist and saves nothing."""
    organisation = Organisation.objects.get(code=organisation_code, end_date__isnull=True)
    if role not in Role.values:
        raise ValueError(f"Unknown role '{role}'; choose one of {', '.join(Role.values)}.")
    user_model = get_user_model()
    user = user_model(username=username)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    record_membership_change(membership, by, old_role="", old_active=None)
    return membership


def record_membership_change(membership: Membership, by: object | None, old_role: str, old_active: bool | None) -> None:
    """Log a change of role or access as it now stands; old_role empty and old_active None for a new account."""
    actor = by if getattr(by, "is_authenticated", False) else None
    MembershipChange.objects.create(
        organisation_id=membership.organisation_id,
        member=membership.user,
        member_name=membership.user.get_username(),
        changed_by=actor,
        changed_by_name=actor.get_username() if actor else "",
        old_role=old_role,
        new_role=membership.role,
        old_active=old_active,
        new_active=membership.user.is_active,
    )


def ensure_demo_accounts() -> dict[str, str]:
    """Create the demo accounts that do not exist yet; returns the new ones with their passwords."""
    user_model = get_user_model()
    created: dict[str, str] = {}
    for username, code, role in DEMO_ACCOUNTS:
        if user_model.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(12)
        create_account(username, code, role, password)
        created[username] = password
    return created
