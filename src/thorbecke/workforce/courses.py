"""The academies' courses: a catalogue the programme keeps, checked against the competence model; search by
competence, archetype or gap; the courses for a job profile or for competences a person or team lacks; and learning
paths per archetype.

A course list (the repository's ``data/courses.yaml``, or a file the programme uploads) is checked whole before
anything is written: an unknown competence, a level the competence is not defined at, an unknown archetype or job
profile, a format or language not in the lists, a negative cost or duration, a run that ends before it starts, or a
repeated code refuses the file with its field named (``courses[3].competences[0].level``), and nothing changes."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from thorbecke.registry.models import Organisation
from thorbecke.workforce import competences, profiles
from thorbecke.workforce.competences import ModelError, Need, _list, _load, _mapping, _needs, _string, _unique
from thorbecke.workforce.models import Course, CourseRun
from thorbecke.workforce.models.courses import Format, Language

DATA_FILE = Path(__file__).parent / "data" / "courses.yaml"


@dataclass(frozen=True)
class CourseEntry:
    """One course of a checked file, ready to be written."""

    fields: dict
    runs: tuple[dict, ...]


# --- checking ---


def _optional_texts(entry: dict, key: str, where: str) -> tuple[str, str]:
    if entry.get(key) in (None, ""):
        return "", ""
    value = _mapping(entry[key], f"{where}.{key}")
    nl = _string(value, "nl", f"{where}.{key}")
    english = value.get("en", "")
    if not isinstance(english, str):
        raise ModelError(f"{where}.{key}.en", _("must be a text"))
    return nl, english.strip()


def _amount(entry: dict, key: str, where: str) -> Decimal | None:
    value = entry.get(key)
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = None
    if isinstance(value, bool) or amount is None or not amount.is_finite() or amount < 0:
        raise ModelError(f"{where}.{key}", _("must be a number of zero or more, or left out when not known"))
    return amount


def _choice(entry: dict, key: str, where: str, choices: list[str]) -> str:
    value = entry.get(key) or ""
    if value not in ("", *choices):
        raise ModelError(
            f"{where}.{key}",
            _("'%(value)s' is not one of: %(choices)s") % {"value": value, "choices": ", ".join(choices)},
        )
    return value


def _date(entry: dict, key: str, where: str, required: bool) -> datetime.date | None:
    value = entry.get(key)
    if value in (None, "") and not required:
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ModelError(f"{where}.{key}", _("must be a date such as 2027-03-01")) from None


def _url(entry: dict, where: str) -> str:
    url = _string(entry, "url", where)
    if not url.startswith(("https://", "http://")):
        raise ModelError(f"{where}.url", _("must be a web address starting with https://"))
    return url


def _no_repeats(values: list, where: str) -> None:
    for index, value in enumerate(values):
        if value in values[:index]:
            raise ModelError(f"{where}[{index}]", _("'%(code)s' appears twice") % {"code": value})


def _archetypes(entry: dict, where: str) -> list[str]:
    known = {a.code for a in competences.archetypes().archetypes}
    codes = entry.get("archetypes") or []
    if not isinstance(codes, list):
        raise ModelError(f"{where}.archetypes", _("must be a list"))
    for index, code in enumerate(codes):
        if code not in known:
            raise ModelError(f"{where}.archetypes[{index}]", _("'%(code)s' is not an archetype") % {"code": code})
    _no_repeats(codes, f"{where}.archetypes")
    return list(codes)


def _profiles(entry: dict, where: str) -> list[str]:
    keys = entry.get("profiles") or []
    if not isinstance(keys, list):
        raise ModelError(f"{where}.profiles", _("must be a list"))
    for index, key in enumerate(keys):
        scheme, _colon, code = str(key).partition(":")
        if profiles.find(scheme, code) is None:
            raise ModelError(
                f"{where}.profiles[{index}]",
                _("'%(key)s' is not a job profile (scheme:code, such as cwa-16458:27)") % {"key": key},
            )
    _no_repeats(keys, f"{where}.profiles")
    return [str(key) for key in keys]


def _runs(entry: dict, where: str) -> tuple[dict, ...]:
    raw = entry.get("runs") or []
    if not isinstance(raw, list):
        raise ModelError(f"{where}.runs", _("must be a list"))
    runs = []
    for index, item in enumerate(raw):
        at = f"{where}.runs[{index}]"
        run = _mapping(item, at)
        starts, ends = _date(run, "starts_on", at, True), _date(run, "ends_on", at, False)
        if ends and ends < starts:
            raise ModelError(f"{at}.ends_on", _("is before the start date"))
        place = run.get("place") or ""
        runs.append({"starts_on": starts, "ends_on": ends, "place": str(place).strip()[:200]})
    return tuple(runs)


def _organisation(entry: dict, where: str) -> Organisation | None:
    code = entry.get("provider_organisation")
    if not code:
        return None
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise ModelError(
            f"{where}.provider_organisation", _("'%(code)s' is not an organisation in the register") % {"code": code}
        )
    return found


def parse_courses(content: object) -> list[CourseEntry]:
    top = _mapping(content, "courses")
    framework = competences.framework()
    entries = []
    for index, raw in enumerate(_list(top, "courses", "")):
        at = f"courses[{index}]"
        entry = _mapping(raw, at)
        title_nl, title_en = _optional_texts(entry, "title", at)
        if not title_nl:
            raise ModelError(f"{at}.title.nl", _("is required"))
        taught = entry.get("competences") or []
        if not isinstance(taught, list):
            raise ModelError(f"{at}.competences", _("must be a list"))
        needs = _needs(taught, f"{at}.competences", framework) if taught else ()
        fields = {
            "code": _string(entry, "code", at),
            "provider": _string(entry, "provider", at),
            "provider_organisation": _organisation(entry, at),
            "title_nl": title_nl,
            "title_en": title_en,
            "url": _url(entry, at),
            "source_date": str(entry.get("source_date") or "").strip()[:100],
            "competences": [{"code": n.competence.code, "level": n.level} for n in needs],
            "archetypes": _archetypes(entry, at),
            "profiles": _profiles(entry, at),
            "format": _choice(entry, "format", at, Format.values),
            "language": _choice(entry, "language", at, Language.values),
            "duration_hours": _amount(entry, "duration_hours", at),
            "cost_euro": _amount(entry, "cost_euro", at),
        }
        for key in ("description", "duration", "cost"):
            fields[f"{key}_nl"], fields[f"{key}_en"] = _optional_texts(entry, key, at)
        entries.append(CourseEntry(fields, _runs(entry, at)))
    _unique([e.fields["code"] for e in entries], "courses")
    return entries


def load_courses(text: str) -> list[CourseEntry]:
    return parse_courses(_load(text, "courses"))


@transaction.atomic
def save(entries: list[CourseEntry]) -> tuple[int, int]:
    """Write a checked list: a course with a known code is replaced, with its runs; others are added.
    Returns (added, changed)."""
    added = changed = 0
    for entry in entries:
        course, created = Course.objects.update_or_create(code=entry.fields["code"], defaults=entry.fields)
        course.runs.all().delete()
        CourseRun.objects.bulk_create(CourseRun(course=course, **run) for run in entry.runs)
        added, changed = (added + 1, changed) if created else (added, changed + 1)
    return added, changed


def load_repository_courses() -> tuple[int, int]:
    return save(load_courses(DATA_FILE.read_text(encoding="utf-8")))


# --- reading ---


def taught(course: Course) -> dict[str, int]:
    return {item["code"]: item["level"] for item in course.competences}


def closes(course: Course, need: Need) -> bool:
    """A course closes a need when it teaches the competence at the level needed or higher."""
    return taught(course).get(need.competence.code, 0) >= need.level


def catalogue() -> list[Course]:
    return list(Course.objects.prefetch_related(Prefetch("runs")).select_related("provider_organisation"))


@dataclass
class Filters:
    text: str = ""
    competence: str = ""
    level: int | None = None
    archetype: str = ""
    format: str = ""
    language: str = ""
    max_cost: Decimal | None = None
    starts_after: datetime.date | None = None


def search(filters: Filters, courses: list[Course] | None = None) -> list[Course]:
    """The courses that meet every filter given. A filter on cost or start date leaves out the courses whose cost or
    dates are not known: they cannot be shown to meet it."""
    found = []
    words = filters.text.casefold().split()
    for course in catalogue() if courses is None else courses:
        haystack = " ".join(
            (course.title_nl, course.title_en, course.provider, course.description_nl, course.description_en)
        ).casefold()
        levels = taught(course)
        if words and not all(word in haystack for word in words):
            continue
        if filters.competence and levels.get(filters.competence, 0) < (filters.level or 1):
            continue
        if filters.archetype and filters.archetype not in course.archetypes:
            continue
        if (filters.format and course.format != filters.format) or (
            filters.language and course.language != filters.language
        ):
            continue
        if filters.max_cost is not None and (course.cost_euro is None or course.cost_euro > filters.max_cost):
            continue
        if filters.starts_after and not any(run.starts_on >= filters.starts_after for run in course.runs.all()):
            continue
        found.append(course)
    return found


@dataclass
class Match:
    """A course for a gap, with the needs it closes and whether it names the job profile."""

    course: Course
    closes: list[Need] = field(default_factory=list)
    names_profile: bool = False


def courses_for_needs(needs: tuple[Need, ...] | list[Need], courses: list[Course] | None = None) -> list[Match]:
    """The courses that close at least one of the needs, those closing most first, then by title."""
    matches = []
    for course in catalogue() if courses is None else courses:
        closed = [need for need in needs if closes(course, need)]
        if closed:
            matches.append(Match(course, closed))
    return sorted(matches, key=lambda m: (-len(m.closes), m.course.title_nl))


def courses_for_profile(profile: profiles.JobProfile, courses: list[Course] | None = None) -> list[Match]:
    """The courses that name the job profile, and those that teach its competences (when its profile set lists
    them; the CWA role profiles carry none)."""
    courses = catalogue() if courses is None else courses
    by_course = {m.course.pk: m for m in courses_for_needs(profile.needs, courses)}
    for course in courses:
        if profile.key in course.profiles:
            by_course.setdefault(course.pk, Match(course)).names_profile = True
    return sorted(by_course.values(), key=lambda m: (not m.names_profile, -len(m.closes), m.course.title_nl))


@dataclass
class LearningPath:
    archetype: competences.Archetype
    steps: list[Match]
    uncovered: list[Need]


def learning_path(archetype: competences.Archetype, courses: list[Course] | None = None) -> LearningPath:
    """The fewest courses that together close the archetype's needs, by greedy set cover: each time the course that
    closes most of what is still open (ties: the lower levels first, then the title); then ordered from the lowest
    level a course is chosen for to the highest. What no course closes is listed as uncovered."""
    courses = catalogue() if courses is None else courses
    open_needs = list(archetype.needs)
    steps: list[Match] = []
    while open_needs:
        candidates = courses_for_needs(open_needs, courses)
        if not candidates:
            break
        best = min(
            candidates,
            key=lambda m: (-len(m.closes), sum(n.level for n in m.closes), m.course.title_nl, m.course.pk),
        )
        steps.append(best)
        open_needs = [need for need in open_needs if need not in best.closes]
    steps.sort(key=lambda m: (min(n.level for n in m.closes), max(n.level for n in m.closes), m.course.title_nl))
    return LearningPath(archetype, steps, open_needs)


def find_archetype(code: str) -> competences.Archetype | None:
    return next((a for a in competences.archetypes().archetypes if a.code == code), None)
