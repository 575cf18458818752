"""The course catalogue as an API: search with the page's filters, one course, a learning path per archetype (all
public, as the pages are); and AI literacy per organisation, for its own signed-in staff, and for the programme
every organisation deploying AI with the national counts."""

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import BeforeValidator

from thorbecke.registry.api import StaffSession
from thorbecke.registry.permissions import is_programme
from thorbecke.web.api import Link, PageParams, Problem, page_of, paginate
from thorbecke.workforce import ai_literacy, competences, courses, profiles
from thorbecke.workforce.models import Course
from thorbecke.workforce.models.courses import Format, Language

router = Router(tags=["workforce courses"])

# The codes as enums, so a client sees them in the OpenAPI document: the e-CF and the archetypes are the repository's.
CompetenceCode = Literal[tuple(competences.framework().competences)]
ArchetypeCode = Literal[tuple(a.code for a in competences.archetypes().archetypes)]
FormatCode = Literal[tuple(Format.values)]


def _iso_day(value: object) -> object:
    # Pydantic reads a number ("0") as a Unix time, a day in 1970: a date here is written as a date.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date written as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_day)]
LanguageCode = Literal[tuple(Language.values)]


class Taught(Schema):
    code: str = Field(description="The e-CF 4.0 competence's code.")
    level: int = Field(description="The e-CF level taught, 1 ... 5, as the programme classified it.")


class Run(Schema):
    startsOn: date
    endsOn: date | None
    place: str


class CourseTexts(Schema):
    nl: str
    en: str = Field(description="Empty where no English text is known.")


class CourseEntry(Schema):
    id: int
    code: str
    provider: str
    providerOrganisation: str | None = Field(description="The provider's code in the register, when it is in it.")
    title: CourseTexts
    description: CourseTexts
    url: str
    sourceDate: str = Field(description="The date of the source, as precise as it gives it; empty when not given.")
    classifiedBy: Literal["programme"] = Field(
        description="Competences, levels, archetypes and job profiles are the programme's classification."
    )
    competences: list[Taught]
    archetypes: list[str]
    jobProfiles: list[str] = Field(description="scheme:code, such as cwa-16458:27.")
    format: FormatCode | None = Field(description="Null when the source does not say.")
    durationHours: float | None = Field(description="Null when the source gives no hours.")
    duration: CourseTexts = Field(description="The duration as the source gives it; empty when not given.")
    language: LanguageCode | None = Field(description="Null when the source does not say.")
    costEur: float | None = Field(description="Null when the source gives no amount.")
    cost: CourseTexts = Field(description="The cost as the source gives it; empty when not given.")
    runs: list[Run]
    links: dict[str, Link] = Field(alias="_links")


CoursePage = page_of(CourseEntry, "CoursePage")


class CourseParams(PageParams):
    q: str | None = Field(None, max_length=200, description="Words that must all occur in title, provider or text.")
    competence: CompetenceCode | None = Field(None, description="An e-CF 4.0 code the course teaches.")
    level: int | None = Field(None, ge=1, le=5, description="With competence: taught at least at this level.")
    archetype: ArchetypeCode | None = Field(None, description="An archetype the course is classified under.")
    format: FormatCode | None = None
    language: LanguageCode | None = None
    maxCost: float | None = Field(None, ge=0, description="At most this cost in euro; unknown costs are left out.")
    startsAfter: IsoDate | None = Field(None, description="A run starting on or after this date; no dates: left out.")
    profile: str | None = Field(
        None, max_length=80, description="scheme:code of a job profile: the courses that name it or teach its "
        "competences, those closing most first. The other filters are then not applied.",
    )  # fmt: skip


class PathStep(Schema):
    course: int
    title: CourseTexts
    closes: list[Taught] = Field(description="The archetype's competences this course closes, at the level needed.")


class LearningPath(Schema):
    archetype: str
    steps: list[PathStep] = Field(description="The fewest courses (greedy cover), from lower levels to higher.")
    uncovered: list[Taught] = Field(description="What no course in the catalogue teaches at the level needed.")
    links: dict[str, Link] = Field(alias="_links")


class AlgorithmCoverage(Schema):
    algorithm: str = Field(description="The algorithm's id in the register.")
    name: str
    state: Literal["covered", "partly", "not-recorded"]
    staffOperating: int | None
    staffTrained: int | None
    measuredOn: date | None


class OrganisationCoverage(Schema):
    organisation: str
    state: Literal["covered", "partly", "not-recorded"]
    algorithmsInUse: int
    algorithms: list[AlgorithmCoverage] = Field(
        description="Per algorithm: for your own organisation only (another's may be a concept, not public)."
    )


class National(Schema):
    deploying: int = Field(description="Organisations with an algorithm registered as in use.")
    covered: int
    partly: int
    notRecorded: int


class AiLiteracy(Schema):
    organisations: list[OrganisationCoverage] = Field(description="Your own; for the programme, every deploying one.")
    national: National | None = Field(description="The national counts: for the programme only.")


def _texts(nl: str, en: str) -> dict:
    return {"nl": nl, "en": en}


def _taught(needs: list[competences.Need]) -> list[dict]:
    return [{"code": n.competence.code, "level": n.level} for n in needs]


def _entry(request: HttpRequest, c: Course) -> dict:
    return {
        "id": c.pk, "code": c.code, "provider": c.provider,
        "providerOrganisation": c.provider_organisation.code if c.provider_organisation else None,
        "title": _texts(c.title_nl, c.title_en), "description": _texts(c.description_nl, c.description_en),
        "url": c.url, "sourceDate": c.source_date, "classifiedBy": "programme",
        "competences": c.competences, "archetypes": c.archetypes, "jobProfiles": c.profiles,
        "format": c.format or None, "language": c.language or None,
        "durationHours": None if c.duration_hours is None else float(c.duration_hours),
        "duration": _texts(c.duration_nl, c.duration_en),
        "costEur": None if c.cost_euro is None else float(c.cost_euro), "cost": _texts(c.cost_nl, c.cost_en),
        "runs": [{"startsOn": r.starts_on, "endsOn": r.ends_on, "place": r.place} for r in c.runs.all()],
        "_links": {
            "self": {"href": request.build_absolute_uri(reverse("api-v1:course", kwargs={"id": c.pk}))},
            "page": {"href": request.build_absolute_uri(reverse("workforce:course", kwargs={"pk": c.pk}))},
        },
    }  # fmt: skip


def _found(params: CourseParams) -> list[Course]:
    if params.profile:
        scheme, _colon, code = params.profile.partition(":")
        profile = profiles.find(scheme, code)
        if profile is None:
            raise HttpError(404, f"profile: there is no job profile '{params.profile}' (scheme:code).")
        return [m.course for m in courses.courses_for_profile(profile)]
    return courses.search(
        courses.Filters(
            text=params.q or "", competence=params.competence or "", level=params.level,
            archetype=params.archetype or "", format=params.format or "", language=params.language or "",
            max_cost=None if params.maxCost is None else Decimal(str(params.maxCost)),
            starts_after=params.startsAfter,
        )
    )  # fmt: skip


@router.get(
    "/courses", response={200: CoursePage, 400: Problem, 404: Problem}, url_name="courses",
    summary="Search the government academies' courses", by_alias=True,
)  # fmt: skip
def list_courses(request: HttpRequest, params: Query[CourseParams]) -> dict:
    return paginate(request, _found(params), params, lambda c: _entry(request, c))


@router.get(
    "/courses/{int:id}", response={200: CourseEntry, 404: Problem}, url_name="course",
    summary="Get one course", by_alias=True,
)  # fmt: skip
def get_course(request: HttpRequest, id: int) -> dict:
    found = Course.objects.prefetch_related("runs").select_related("provider_organisation").filter(pk=id).first()
    if found is None:
        raise HttpError(404, f"There is no course with id {id}.")
    return _entry(request, found)


@router.get(
    "/learning-paths/{archetype}", response={200: LearningPath, 404: Problem}, url_name="learning-path",
    summary="The learning path of an archetype: the fewest courses covering its competences", by_alias=True,
)  # fmt: skip
def get_learning_path(request: HttpRequest, archetype: str) -> dict:
    found = courses.find_archetype(archetype)
    if found is None:
        raise HttpError(404, f"There is no archetype '{archetype}'.")
    path = courses.learning_path(found)
    return {
        "archetype": found.code,
        "steps": [
            {"course": s.course.pk, "title": _texts(s.course.title_nl, s.course.title_en), "closes": _taught(s.closes)}
            for s in path.steps
        ],
        "uncovered": _taught(path.uncovered),
        "_links": {
            "self": {"href": request.build_absolute_uri(request.path)},
            "page": {"href": request.build_absolute_uri(reverse("workforce:learning-paths") + f"#{found.code}")},
        },
    }


def _organisation(organisation: object, own: bool) -> dict:
    covered = ai_literacy.coverage(organisation)
    return {
        "organisation": organisation.code,
        "state": ai_literacy.organisation_state(covered) if covered else ai_literacy.NOT_RECORDED,
        "algorithmsInUse": len(covered),
        "algorithms": [] if not own else [
            {"algorithm": str(c.algorithm.public_id), "name": c.algorithm.name, "state": c.state,
             "staffOperating": c.record.staff_operating if c.record else None,
             "staffTrained": c.record.staff_trained if c.record else None,
             "measuredOn": c.record.measured_on if c.record else None}
            for c in covered
        ],
    }  # fmt: skip


@router.get(
    "/ai-literacy", response={200: AiLiteracy, 401: Problem}, url_name="ai-literacy", auth=StaffSession(),
    summary="AI literacy per algorithm in use: your organisation's; for the programme, every organisation's",
)  # fmt: skip
def get_ai_literacy(request: HttpRequest) -> dict:
    if is_programme(request.user):
        national = ai_literacy.ai_literacy_coverage()
        return {
            "organisations": [
                _organisation(org, org.pk == request.auth.organisation_id) for org, _state in ai_literacy.deploying()
            ],
            "national": {"deploying": national["deploying"], "covered": national["covered"],
                         "partly": national["partly"], "notRecorded": national["not_recorded"]},
        }  # fmt: skip
    return {"organisations": [_organisation(request.auth.organisation, True)], "national": None}
