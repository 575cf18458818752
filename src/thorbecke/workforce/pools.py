"""The open pool's rules: what a member's profile and an assignment may hold, checked whole before anything is
written (a ModelError names the field); joining, changing and deleting a profile; posting and closing an assignment;
opening a candidate, which is logged; the candidate lists a member appeared in; and the export of everything held
about a member.

Who may do what is decided here too, as it is the pool's own rule and not the register's: a profile is its user's
alone; an assignment's candidates are for the posting organisation's editors and administrators alone."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thorbecke.registry.models import Membership, Organisation, OrganisationType
from thorbecke.registry.permissions import WRITE_ROLES, membership_of
from thorbecke.workforce import pool_matching, profiles
from thorbecke.workforce.competences import ModelError, framework
from thorbecke.workforce.models import Appearance, Assignment, PoolMember, ProfileView
from thorbecke.workforce.models.pools import LANGUAGES

MAX_HOURS = 40

# Limits per posting organisation and calendar day (UTC), counted from the database, so they hold across processes.
# Filling one assignment means opening a few of its 25 candidates; 20 openings a day is a busy day's work on one or
# two lists. An organisation posts a few assignments a week; 10 a day allows a busy day. Together they make listing
# the pool by many narrow assignments slow (months for a pool of thousands) and visible in the members' logs.
OPENINGS_PER_DAY = 20
ASSIGNMENTS_PER_DAY = 10


class LimitReached(Exception):
    """A posting organisation's limit of the day is reached; nothing was changed. The message names the limit."""


def _today() -> datetime:
    """The start of today in UTC, from which the day's limits count."""
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _lock(organisation_id: int) -> None:
    """Serialise the organisation's counted writes: PostgreSQL locks its row until the transaction ends (no key
    update, so rows that only refer to it are not held up); SQLite's writers are serialised by IMMEDIATE
    transactions already (hub settings)."""
    Organisation.objects.select_for_update(no_key=True).filter(pk=organisation_id).values_list("pk").first()


def provinces() -> dict[str, str]:
    """The current provinces by code (pv20 ...), from the register."""
    rows = Organisation.objects.filter(org_type=OrganisationType.PROVINCIE, end_date__isnull=True).order_by("code")
    return dict(rows.values_list("code", "short_name"))


# --- checks: each names the field it refuses ---


def check_competences(raw: object, field: str = "competences") -> dict[str, int]:
    """{code: level} of e-CF competences, each at a level it is defined at."""
    if not isinstance(raw, dict):
        raise ModelError(field, _("must be a mapping of competence codes to levels"))
    known = framework().competences
    found = {}
    for code, level in raw.items():
        competence = known.get(code)
        if competence is None:
            raise ModelError(f"{field}.{code}", _("'%(code)s' is not an e-CF 4.0 competence") % {"code": code})
        if isinstance(level, bool) or level not in competence.levels:
            raise ModelError(
                f"{field}.{code}",
                _("'%(value)s' is not a level of this competence (%(levels)s)")
                % {"value": level, "levels": ", ".join(str(lv) for lv in competence.levels)},
            )
        found[code] = level
    return found


def check_needs(raw: object, field: str = "competences") -> list[dict]:
    """[{code, level, must}] of e-CF competences; at least one, none twice."""
    if not isinstance(raw, list) or not raw:
        raise ModelError(field, _("must list at least one entry"))
    needs: list[dict] = []
    for index, entry in enumerate(raw):
        at = f"{field}[{index}]"
        if not isinstance(entry, dict):
            raise ModelError(at, _("must be a mapping of fields"))
        code, level = entry.get("code"), entry.get("level")
        competence = framework().competences.get(code) if isinstance(code, str) else None
        if competence is None:
            raise ModelError(f"{at}.code", _("'%(code)s' is not an e-CF 4.0 competence") % {"code": code})
        if isinstance(level, bool) or level not in competence.levels:
            raise ModelError(
                f"{at}.level",
                _("'%(value)s' is not a level of this competence (%(levels)s)")
                % {"value": level, "levels": ", ".join(str(lv) for lv in competence.levels)},
            )
        if any(n["code"] == code for n in needs):
            raise ModelError(f"{at}.code", _("'%(code)s' appears twice") % {"code": code})
        needs.append({"code": code, "level": level, "must": bool(entry.get("must", False))})
    return needs


def check_languages(raw: object, field: str = "languages") -> list[str]:
    if not isinstance(raw, list) or not raw:
        raise ModelError(field, _("must list at least one entry"))
    for value in raw:
        if value not in LANGUAGES:
            codes = ", ".join(LANGUAGES)
            raise ModelError(field, _("'%(value)s' is not one of: %(codes)s") % {"value": value, "codes": codes})
    return list(dict.fromkeys(raw))


def check_region(code: object, field: str = "region") -> str:
    if code not in provinces():
        raise ModelError(field, _("'%(value)s' is not a province's code") % {"value": code})
    return code  # type: ignore[return-value]


def check_hours(hours: object, field: str = "hours_per_week") -> int:
    if isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= MAX_HOURS:
        raise ModelError(field, _("must be a whole number from 1 to %(most)s") % {"most": MAX_HOURS})
    return hours


def check_period(start: date, end: date | None, start_field: str, end_field: str) -> None:
    if end is not None and end < start:
        raise ModelError(end_field, _("must not be before the start (%(field)s)") % {"field": start_field})


@dataclass(frozen=True)
class ProfileInput:
    profile_scheme: str
    profile_code: str
    competences: dict
    hours_per_week: int
    available_from: date
    available_until: date | None
    region: str
    languages: list
    text: str = ""


def check_profile(data: ProfileInput) -> dict:
    """The profile's fields as they are stored, or a ModelError naming the first field that is wrong."""
    if profiles.find(data.profile_scheme, data.profile_code) is None:
        raise ModelError("profile_code", _("'%(code)s' is not a job profile of %(scheme)s")
                         % {"code": data.profile_code, "scheme": data.profile_scheme})  # fmt: skip
    check_period(data.available_from, data.available_until, "available_from", "available_until")
    if len(data.text) > 1000:
        raise ModelError("text", _("must be at most 1000 characters"))
    return {
        "profile_scheme": data.profile_scheme, "profile_code": data.profile_code,
        "competences": check_competences(data.competences), "hours_per_week": check_hours(data.hours_per_week),
        "available_from": data.available_from, "available_until": data.available_until,
        "region": check_region(data.region), "languages": check_languages(data.languages), "text": data.text.strip(),
    }  # fmt: skip


@dataclass(frozen=True)
class AssignmentInput:
    title: str
    description: str
    competences: list
    hours_per_week: int
    starts_on: date
    ends_on: date | None
    region: str
    remote: bool
    languages: list


def check_assignment(data: AssignmentInput) -> dict:
    if not data.title.strip():
        raise ModelError("title", _("is required"))
    if len(data.title.strip()) > 200:
        raise ModelError("title", _("must be at most 200 characters"))
    if not data.description.strip():
        raise ModelError("description", _("is required"))
    if len(data.description.strip()) > 4000:
        raise ModelError("description", _("must be at most 4000 characters"))
    check_period(data.starts_on, data.ends_on, "starts_on", "ends_on")
    if not data.remote or data.region:
        region = check_region(data.region)
    else:
        region = ""
    return {
        "title": data.title.strip(), "description": data.description.strip(),
        "competences": check_needs(data.competences), "hours_per_week": check_hours(data.hours_per_week),
        "starts_on": data.starts_on, "ends_on": data.ends_on, "region": region, "remote": data.remote,
        "languages": check_languages(data.languages),
    }  # fmt: skip


# --- the member's own profile ---


def member_of(user: object) -> PoolMember | None:
    """The user's own pool profile; only staff join the pool."""
    if membership_of(user) is None:
        return None
    return PoolMember.objects.filter(user=user).first()  # type: ignore[misc]


@transaction.atomic
def save_profile(user: object, data: ProfileInput) -> PoolMember:
    fields = check_profile(data)
    member, _created = PoolMember.objects.update_or_create(user=user, defaults=fields)
    return member


@transaction.atomic
def delete_profile(user: object) -> bool:
    """Gone at once: the profile with its competences, its view log and its appearances (by cascade). True when
    there was one."""
    deleted, _rows = PoolMember.objects.filter(user=user).delete()
    return bool(deleted)


def export(member: PoolMember) -> dict:
    """Everything the pool holds about the member, including who opened their profile and the candidate lists it
    appeared in."""
    return {
        "profile": {
            "jobProfile": {"scheme": member.profile_scheme, "code": member.profile_code},
            "competences": [{"code": c, "level": lv} for c, lv in sorted(member.competences.items())],
            "hoursPerWeek": member.hours_per_week,
            "availableFrom": member.available_from.isoformat(),
            "availableUntil": member.available_until.isoformat() if member.available_until else None,
            "region": member.region,
            "languages": member.languages,
            "text": member.text,
            "joinedAt": member.joined_at.isoformat(),
            "updatedAt": member.updated_at.isoformat(),
        },
        "account": {
            "username": member.user.get_username(),
            "name": member.user.get_full_name(),
            "email": member.user.email,
        },
        "views": [
            {
                "organisation": v.organisation.name,
                "assignment": v.assignment.title,
                "viewedAt": v.viewed_at.isoformat(),
            }
            for v in views_of(member)
        ],
        "appearances": [
            {"organisation": a.organisation.name, "assignment": a.assignment.title, "appearedOn": a.day.isoformat()}
            for a in appearances_of(member)
        ],
    }


def views_of(member: PoolMember) -> list[ProfileView]:
    return list(member.views.select_related("organisation", "assignment"))


def appearances_of(member: PoolMember) -> list[Appearance]:
    return list(member.appearances.select_related("organisation", "assignment"))


# --- assignments ---


def may_post(user: object) -> Membership | None:
    """The membership of an editor or administrator, who posts assignments for their organisation."""
    membership = membership_of(user)
    return membership if membership is not None and membership.role in WRITE_ROLES else None


def may_see_candidates(user: object, assignment: Assignment) -> bool:
    """The posting organisation's editors and administrators; not its viewers, not other organisations, not the
    programme (which has no part in one organisation's hiring)."""
    membership = may_post(user)
    return membership is not None and membership.organisation_id == assignment.organisation_id


def _within(organisation_id: int, done: QuerySet, limit: int, message: str) -> None:
    """Refuse with LimitReached when the organisation has done `limit` of these today; the organisation's row is
    locked first, so two requests cannot both count one under the limit."""
    _lock(organisation_id)
    if done.count() >= limit:
        raise LimitReached(message % {"limit": limit})


@transaction.atomic
def post_assignment(membership: Membership, data: AssignmentInput) -> Assignment:
    fields = check_assignment(data)
    # A new assignment starting in the past would match every member available at any time since.
    if data.starts_on < timezone.localdate():
        raise ModelError("starts_on", _("must not be in the past"))
    posted = Assignment.objects.filter(organisation_id=membership.organisation_id, created_at__gte=_today())
    _within(membership.organisation_id, posted, ASSIGNMENTS_PER_DAY, _("Your organisation has posted %(limit)s "
            "assignments today, the most a day (UTC); post again tomorrow."))  # fmt: skip
    return Assignment.objects.create(organisation=membership.organisation, created_by=membership.user, **fields)


def close(assignment: Assignment) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(open=False)


@transaction.atomic
def log_view(user: object, assignment: Assignment, member: PoolMember) -> ProfileView:
    """The one way a candidate's name and contact are read: the reading is logged for the member. At most
    OPENINGS_PER_DAY per organisation; over it, LimitReached and nothing is logged or to be shown."""
    opened = ProfileView.objects.filter(organisation_id=assignment.organisation_id, viewed_at__gte=_today())
    _within(assignment.organisation_id, opened, OPENINGS_PER_DAY, _("Your organisation has opened %(limit)s "
            "candidates today, the most a day (UTC); open more tomorrow."))  # fmt: skip
    name = user.get_full_name() or user.get_username()  # type: ignore[attr-defined]
    return ProfileView.objects.create(
        member=member, assignment=assignment, organisation=assignment.organisation, viewer=user, viewer_name=name
    )


def candidates(assignment: Assignment) -> pool_matching.Result:
    """An assignment's candidate list as its organisation's staff load it (page or API): the ranked matches, and
    an appearance for each member shown, in one statement; the day's row for a member and assignment is kept, so
    a reload adds nothing. Only the posting organisation's editors and administrators call this."""
    result = pool_matching.match(assignment)
    try:
        with transaction.atomic():
            _appeared(assignment, result)
    except IntegrityError:  # a member shown was deleted since: the list without them is the one shown
        result = pool_matching.match(assignment)
        _appeared(assignment, result)
    return result


def _appeared(assignment: Assignment, result: pool_matching.Result) -> None:
    now = datetime.now(UTC)
    rows = [
        Appearance(member_id=m.member_id, assignment=assignment, organisation_id=assignment.organisation_id,
                   day=now.date(), first_at=now)
        for m in result.matches
    ]  # fmt: skip
    Appearance.objects.bulk_create(rows, ignore_conflicts=True)
