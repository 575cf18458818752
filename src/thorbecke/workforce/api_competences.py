"""The shared competence model as an API: the e-CF 4.0 competences with their levels, the programme's archetypes,
and the job profiles (the European ICT role profiles and every published profile set)."""

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from thorbecke.web.api import Link
from thorbecke.workforce import competences

router = Router(tags=["workforce competences"])


class Texts(Schema):
    nl: str
    en: str


class Competence(Schema):
    code: str = Field(description="The e-CF 4.0 code, A.1 ... E.9.")
    area: str = Field(description="The area's code: A Plan, B Build, C Run, D Enable, E Manage.")
    name: str = Field(description="The standard's English name.")
    levels: list[int] = Field(description="The levels e-1 ... e-5 the competence is defined at, as 1 ... 5.")


class Area(Schema):
    code: str
    name: Texts = Field(description="The English name is the standard's; the Dutch name is our own.")


class Competences(Schema):
    framework: str
    version: str
    standard: str
    source: str
    areas: list[Area]
    competences: list[Competence]
    links: dict[str, Link] = Field(alias="_links")


class Need(Schema):
    code: str = Field(description="The e-CF 4.0 competence's code.")
    level: int = Field(description="On the e-CF scale, a level the competence is defined at; or on the KWIV scale.")


class Archetype(Schema):
    code: str
    name: Texts
    text: Texts
    why: Texts
    basis: str
    competences: list[Need]


class Archetypes(Schema):
    status: Texts = Field(description="The archetypes are the programme's proposal, not a standard.")
    archetypes: list[Archetype]
    links: dict[str, Link] = Field(alias="_links")


class RoleProfile(Schema):
    number: int
    name: str = Field(description="The profile's English name in CWA 16458-1:2018.")


class RoleProfiles(Schema):
    name: str
    document: str
    source: str
    note: str = Field(description="Why the profiles carry no competences here.")
    profiles: list[RoleProfile]


class JobProfile(Schema):
    code: str
    name: Texts
    competences: list[Need]


class PublishedProfileSet(Schema):
    version: str
    name: Texts
    source: str
    scale: str = Field(description="e-cf (levels 1-5 of each competence) or kwiv (1-4, and 9 for universal).")
    publishedAt: datetime
    publishedBy: str = Field(description="The publishing organisation's code.")
    profiles: list[JobProfile]


class JobProfiles(Schema):
    roleProfiles: RoleProfiles
    profileSets: list[PublishedProfileSet] = Field(description="Every published profile set, newest first.")
    links: dict[str, Link] = Field(alias="_links")


def _texts(texts: competences.Texts) -> dict:
    return {"nl": texts.text_nl, "en": texts.text_en}


def _needs(needs: tuple[competences.Need, ...]) -> list[dict]:
    return [{"code": n.competence.code, "level": n.level} for n in needs]


def _links(request: HttpRequest, page: str) -> dict:
    return {
        "self": {"href": request.build_absolute_uri(request.path)},
        "page": {"href": request.build_absolute_uri(reverse(page))},
    }


@router.get(
    "/competences", response={200: Competences}, url_name="competences",
    summary="List the e-CF 4.0 competences with their levels", by_alias=True,
)  # fmt: skip
def list_competences(request: HttpRequest) -> dict:
    found = competences.framework()
    return {
        "framework": found.name,
        "version": found.version,
        "standard": found.standard,
        "source": found.source,
        "areas": [{"code": a.code, "name": _texts(a.name)} for a in found.areas],
        "competences": [
            {"code": c.code, "area": c.area, "name": c.name_en, "levels": list(c.levels)}
            for c in found.competences.values()
        ],
        "_links": _links(request, "workforce:competences"),
    }


@router.get(
    "/competence-archetypes", response={200: Archetypes}, url_name="competence-archetypes",
    summary="List the archetypes for government-wide themes", by_alias=True,
)  # fmt: skip
def list_archetypes(request: HttpRequest) -> dict:
    found = competences.archetypes()
    return {
        "status": _texts(found.status),
        "archetypes": [
            {
                "code": a.code,
                "name": _texts(a.name),
                "text": _texts(a.text),
                "why": _texts(a.why),
                "basis": a.basis,
                "competences": _needs(a.needs),
            }
            for a in found.archetypes
        ],
        "_links": _links(request, "workforce:archetypes"),
    }


@router.get(
    "/job-profiles", response={200: JobProfiles}, url_name="job-profiles",
    summary="List the role profiles and the published profile sets", by_alias=True,
)  # fmt: skip
def list_job_profiles(request: HttpRequest) -> dict:
    roles = competences.role_profiles()
    return {
        "roleProfiles": {
            "name": roles.name,
            "document": roles.document,
            "source": roles.source,
            "note": roles.competences_note,
            "profiles": [{"number": n, "name": name} for n, name in roles.profiles],
        },
        "profileSets": [
            {
                "version": s.version,
                "name": _texts(s.name),
                "source": s.source,
                "scale": s.scale,
                "publishedAt": row.published_at,
                "publishedBy": row.published_by.code,
                "profiles": [
                    {"code": p.code, "name": _texts(p.name), "competences": _needs(p.needs)} for p in s.profiles
                ],
            }
            for row, s in competences.published()
        ],
        "_links": _links(request, "workforce:competences"),
    }
