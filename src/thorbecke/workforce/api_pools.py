"""The open pool over the API, for signed-in staff, with the pages' rules (workforce.pools): one's own profile (read,
replace, delete, export); one's organisation's assignments (list, post); an assignment's ranked matches, without
names, for the posting organisation's editors and administrators (each member listed sees that they appeared); and
opening a candidate, which is logged. Posting and opening are limited per organisation and day (429 over it)."""

from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from thorbecke.registry.api import StaffSession
from thorbecke.web.api import PageParams, Problem, page_of, paginate, problem
from thorbecke.workforce import pool_matching, pools
from thorbecke.workforce.competences import ModelError
from thorbecke.workforce.models import Assignment, PoolMember

# A profile is its user's, an assignment's candidates the posting organisation's: staff only, each their own. The
# session is the pages' one, so a change needs its CSRF token too (403 without it).
router = Router(tags=["workforce pool"], auth=StaffSession())


class JobProfileRef(Schema):
    scheme: str = Field(description="cwa-16458, or a published profile set's version (GET /job-profiles).")
    code: str


class HeldCompetence(Schema):
    code: str = Field(description="The e-CF 4.0 competence's code.")
    level: int = Field(description="A level the competence is defined at, 1 ... 5 for e-1 ... e-5.")


class ProfileIn(Schema):
    jobProfile: JobProfileRef
    competences: list[HeldCompetence]
    hoursPerWeek: int
    availableFrom: date
    availableUntil: date | None = None
    region: str = Field(description="The province's code in the register, e.g. pv26.")
    languages: list[str] = Field(description="nl, en, fy, de, fr, es, pap, pl, tr, ar.")
    text: str = ""


class Profile(ProfileIn):
    joinedAt: datetime
    updatedAt: datetime


class Opening(Schema):
    organisation: str
    assignment: str
    viewedAt: datetime


class Appeared(Schema):
    organisation: str
    assignment: str
    appearedOn: date = Field(description="The day (UTC); one entry per assignment and day however often it was.")


class Account(Schema):
    username: str
    name: str
    email: str


class Export(Schema):
    profile: Profile
    account: Account
    views: list[Opening] = Field(description="Every opening of the profile by an organisation, newest first.")
    appearances: list[Appeared] = Field(
        description="Every candidate list the profile was shown in (without a name), newest first."
    )


class Need(Schema):
    code: str
    level: int
    must: bool = Field(False, description="A must excludes every member below the level.")


class AssignmentIn(Schema):
    title: str
    description: str
    competences: list[Need]
    hoursPerWeek: int
    startsOn: date
    endsOn: date | None = None
    region: str = Field("", description="The province's code; may be empty when remote.")
    remote: bool = False
    languages: list[str]


class AssignmentOut(AssignmentIn):
    id: int
    organisation: str = Field(description="The posting organisation's code.")
    open: bool


AssignmentPage = page_of(AssignmentOut, "PoolAssignmentPage")


class Fit(Schema):
    code: str
    need: int
    has: int = Field(description="0 when the member does not hold the competence.")
    verdict: str = Field(description="met, above by n, short by n, or missing, in the response's language.")
    text: str


class Candidate(Schema):
    rank: int
    candidate: str = Field(description="A pseudonym, for this assignment only; opening it is logged.")
    score: float = Field(description="0 to 100: the mean per competence of 100 met or above, -25 a level short.")
    competences: list[Fit]
    hoursPerWeek: int
    availableFrom: date
    availableUntil: date | None
    region: str
    languages: list[str]


class Matches(Schema):
    # No total: how many members meet an assignment's conditions would tell a poster of narrow criteria how many
    # people hold a rare profile in a region (decision 0058).
    assignment: int
    matches: list[Candidate] = Field(description="The best 25 at most; each member listed sees that they were.")


class Contact(Schema):
    candidate: str
    name: str
    email: str
    jobProfile: JobProfileRef
    text: str


def _refused(request: HttpRequest, error: ModelError) -> HttpResponse:
    reason = str(error).split(": ", 1)[-1]
    return problem(request, 400, str(error), invalidParams=[{"name": error.field, "code": "invalid", "reason": reason}])


def _profile(member: PoolMember) -> dict:
    return {
        "jobProfile": {"scheme": member.profile_scheme, "code": member.profile_code},
        "competences": [{"code": c, "level": lv} for c, lv in sorted(member.competences.items())],
        "hoursPerWeek": member.hours_per_week, "availableFrom": member.available_from,
        "availableUntil": member.available_until, "region": member.region, "languages": member.languages,
        "text": member.text, "joinedAt": member.joined_at, "updatedAt": member.updated_at,
    }  # fmt: skip


def _own(request: HttpRequest) -> PoolMember:
    member = pools.member_of(request.user)
    if member is None:
        raise HttpError(404, _("You have no pool profile."))
    return member


@router.get("/pool/profile", response={200: Profile, 401: Problem, 404: Problem}, url_name="pool-profile",
            summary="Your own pool profile")  # fmt: skip
def get_profile(request: HttpRequest) -> dict:
    return _profile(_own(request))


@router.put("/pool/profile", response={200: Profile, 400: Problem, 401: Problem, 403: Problem}, url_name="pool-profile",
            summary="Join the pool, or replace your profile")  # fmt: skip
def put_profile(request: HttpRequest, body: ProfileIn) -> dict | HttpResponse:
    data = pools.ProfileInput(
        profile_scheme=body.jobProfile.scheme, profile_code=body.jobProfile.code,
        competences={c.code: c.level for c in body.competences}, hours_per_week=body.hoursPerWeek,
        available_from=body.availableFrom, available_until=body.availableUntil, region=body.region,
        languages=body.languages, text=body.text,
    )  # fmt: skip
    if len({c.code for c in body.competences}) != len(body.competences):
        return _refused(request, ModelError("competences", _("a competence appears twice")))
    try:
        return _profile(pools.save_profile(request.user, data))
    except ModelError as error:
        return _refused(request, error)


@router.delete("/pool/profile", response={204: None, 401: Problem, 403: Problem, 404: Problem}, url_name="pool-profile",
               summary="Delete your profile, its competences and its view log")  # fmt: skip
def delete_profile(request: HttpRequest) -> Status:
    _own(request)
    pools.delete_profile(request.user)
    return Status(204, None)


@router.get("/pool/profile/export", response={200: Export, 401: Problem, 404: Problem}, url_name="pool-export",
            summary="Everything the pool holds about you, with who opened your profile")  # fmt: skip
def export(request: HttpRequest) -> dict:
    member = _own(request)
    found = pools.export(member)
    return {"profile": _profile(member), "account": found["account"], "views": found["views"],
            "appearances": found["appearances"]}  # fmt: skip


def _assignment(a: Assignment) -> dict:
    return {
        "id": a.pk, "organisation": a.organisation.code, "open": a.open, "title": a.title,
        "description": a.description, "competences": a.competences, "hoursPerWeek": a.hours_per_week,
        "startsOn": a.starts_on, "endsOn": a.ends_on, "region": a.region, "remote": a.remote,
        "languages": a.languages,
    }  # fmt: skip


@router.get(
    "/pool/assignments", response={200: AssignmentPage, 400: Problem, 401: Problem, 404: Problem},
    url_name="pool-assignments", summary="Your organisation's assignments, newest first", by_alias=True,
)  # fmt: skip
def list_assignments(request: HttpRequest, params: Query[PageParams]) -> dict:
    found = Assignment.objects.filter(organisation_id=request.auth.organisation_id).select_related("organisation")
    return paginate(request, found, params, _assignment)


@router.post("/pool/assignments", response={201: AssignmentOut, 400: Problem, 401: Problem, 403: Problem, 429: Problem},
             url_name="pool-assignments",
             summary="Post an assignment for your organisation (at most 10 a day per organisation)")  # fmt: skip
def post_assignment(request: HttpRequest, body: AssignmentIn) -> Status | HttpResponse:
    membership = pools.may_post(request.user)
    if membership is None:
        raise HttpError(403, _("Only an organisation's editors and administrators post assignments."))
    data = pools.AssignmentInput(
        title=body.title, description=body.description, competences=[n.dict() for n in body.competences],
        hours_per_week=body.hoursPerWeek, starts_on=body.startsOn, ends_on=body.endsOn, region=body.region,
        remote=body.remote, languages=body.languages,
    )  # fmt: skip
    try:
        return Status(201, _assignment(pools.post_assignment(membership, data)))
    except ModelError as error:
        return _refused(request, error)
    except pools.LimitReached as error:
        return problem(request, 429, str(error))


def _candidates_of(request: HttpRequest, id: int) -> Assignment:
    found = Assignment.objects.filter(pk=id).select_related("organisation").first()
    if found is None or not found.open or not pools.may_see_candidates(request.user, found):
        raise HttpError(404, _("No open assignment %(id)s whose candidates you may see.") % {"id": id})
    return found


@router.get("/pool/assignments/{int:id}/matches", response={200: Matches, 401: Problem, 404: Problem},
            url_name="pool-assignment-matches",
            summary="An assignment's matching pool members, ranked and explained, without names")  # fmt: skip
def matches(request: HttpRequest, id: int) -> dict:
    found = _candidates_of(request, id)
    result = pools.candidates(found)
    members = PoolMember.objects.in_bulk([m.member_id for m in result.matches])
    return {
        "assignment": found.pk,
        "matches": [
            {"rank": rank, "candidate": m.key, "score": m.score,
             "competences": [{"code": f.code, "need": f.need, "has": f.has, "verdict": f.verdict, "text": str(f)}
                             for f in m.fits],
             "hoursPerWeek": members[m.member_id].hours_per_week,
             "availableFrom": members[m.member_id].available_from,
             "availableUntil": members[m.member_id].available_until,
             "region": members[m.member_id].region, "languages": members[m.member_id].languages}
            for rank, m in enumerate((m for m in result.matches if m.member_id in members), 1)  # not one deleted since
        ],
    }  # fmt: skip


@router.post("/pool/assignments/{int:id}/matches/{key}/openings",
             response={201: Contact, 401: Problem, 403: Problem, 404: Problem, 429: Problem},
             url_name="pool-candidate-opening",
             summary="Open a candidate's name and contact (at most 20 a day per organisation); the member sees this "
                     "opening")  # fmt: skip
def open_candidate(request: HttpRequest, id: int, key: str) -> Status | HttpResponse:
    found = _candidates_of(request, id)
    match = pool_matching.candidate(found, key)
    if match is None:
        raise HttpError(404, _("No such candidate for this assignment."))
    member = get_object_or_404(PoolMember.objects.select_related("user"), pk=match.member_id)
    try:
        pools.log_view(request.user, found, member)
    except pools.LimitReached as error:
        return problem(request, 429, str(error))
    return Status(201, {
        "candidate": key, "name": member.user.get_full_name() or member.user.get_username(),
        "email": member.user.email, "text": member.text,
        "jobProfile": {"scheme": member.profile_scheme, "code": member.profile_code},
    })  # fmt: skip
