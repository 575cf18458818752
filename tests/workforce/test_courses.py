"""The course catalogue: the repository's real courses load with unknowns left unknown; a wrong list is refused
whole with its field named; search, the courses for a gap or a job profile, and learning paths, worked by hand."""

import copy
import datetime
from decimal import Decimal

import pytest
import yaml

from thorbecke.registry.models import Organisation
from thorbecke.workforce import competences, courses, profiles
from thorbecke.workforce.competences import ModelError, Need
from thorbecke.workforce.models import Course

pytestmark = pytest.mark.django_db
REPOSITORY = yaml.safe_load(courses.DATA_FILE.read_text(encoding="utf-8"))


def need(code: str, level: int) -> Need:
    return Need(competences.framework().competences[code], level)


def course(code: str, taught: dict[str, int], **extra: object) -> dict:
    return {"code": code, "provider": "Academie", "title": {"nl": code.upper()}, "url": "https://example.org/" + code,
            "competences": [{"code": c, "level": lv} for c, lv in taught.items()], **extra}  # fmt: skip


def loaded(*entries: dict) -> list[Course]:
    courses.save(courses.parse_courses({"courses": list(entries)}))
    return courses.catalogue()


def titles(found: list) -> list[str]:
    return [getattr(item, "course", item).title_nl for item in found]


def test_the_repositorys_courses_load_with_unknowns_left_unknown():
    assert courses.load_repository_courses() == (12, 0)
    assert courses.load_repository_courses() == (0, 12)  # loading again replaces, adds nothing
    assert Course.objects.count() == 12
    ai = Course.objects.get(code="nationale-ai-cursus")
    assert (ai.cost_euro, ai.duration_hours, ai.format, ai.language) == (Decimal("0.00"), None, "e-learning", "nl")
    assert ai.duration_en.startswith("4 to 5 hours")  # a range stays words; no hours are made up from it
    nsob = Course.objects.get(code="nsob-wintercursus-ai")
    assert [(r.starts_on, r.ends_on, r.place) for r in nsob.runs.all()] == [(datetime.date(2026, 1, 19), None, "")]
    assert (nsob.format, nsob.language, nsob.cost_euro) == ("", "", None)  # not in the source: not known
    vng = Course.objects.get(code="vng-losse-modules")
    assert (vng.format, vng.duration_hours, vng.duration_nl, vng.cost_nl, list(vng.runs.all())) == (
        "",
        None,
        "",
        "",
        [],
    )
    assert Course.objects.get(code="rijks-data-science-programma").profiles == ["cwa-16458:27"]
    assert not Course.objects.filter(duration_hours__isnull=False).exists()  # no source gives hours


REFUSALS = [
    (lambda d: d["courses"][0].pop("url"), "courses[0].url"),
    (lambda d: d["courses"][0].update(url="example.org"), "courses[0].url"),
    (lambda d: d["courses"][1]["title"].pop("nl"), "courses[1].title.nl"),
    (lambda d: d["courses"][1]["competences"][0].update(code="Z.9"), "courses[1].competences[0].code"),
    (lambda d: d["courses"][1]["competences"][0].update(level=2), "courses[1].competences[0].level"),  # A.1: 4-5
    (lambda d: d["courses"][2]["competences"].append({"code": "A.7", "level": 4}), "courses[2].competences[2].code"),
    (lambda d: d["courses"][3].update(archetypes=["ai-literacy", "astrology"]), "courses[3].archetypes[1]"),
    (lambda d: d["courses"][9].update(profiles=["cwa-16458:99"]), "courses[9].profiles[0]"),
    (lambda d: d["courses"][3].update(format="podcast"), "courses[3].format"),
    (lambda d: d["courses"][3].update(language="fr"), "courses[3].language"),
    (lambda d: d["courses"][11].update(cost_euro=-5), "courses[11].cost_euro"),
    (lambda d: d["courses"][11].update(duration_hours="lang"), "courses[11].duration_hours"),
    (lambda d: d["courses"][9]["runs"][0].update(starts_on="3 september"), "courses[9].runs[0].starts_on"),
    (lambda d: d["courses"][9]["runs"][0].update(ends_on="2018-09-02"), "courses[9].runs[0].ends_on"),
    (lambda d: d["courses"][0].update(provider_organisation="radio"), "courses[0].provider_organisation"),
    (lambda d: d["courses"][5].update(code="radio-opensourcewerken"), "courses[5].code"),
    (lambda d: d.update(courses=[]), "courses"),
]


@pytest.mark.parametrize(("change", "field"), REFUSALS)
def test_a_wrong_course_list_is_refused_with_its_field_named(change, field):
    content = copy.deepcopy(REPOSITORY)
    change(content)
    with pytest.raises(ModelError) as refused:
        courses.parse_courses(content)
    assert refused.value.field == field


def test_a_provider_in_the_register_is_linked(register):
    entry = course("eigen", {}, provider_organisation="gm0344")
    assert courses.parse_courses({"courses": [entry]})[0].fields["provider_organisation"].code == "gm0344"


def test_search_applies_every_filter_and_leaves_out_what_is_not_known():
    all_courses = loaded(
        course("a", {"D.7": 3}, format="e-learning", language="nl", cost_euro=100, archetypes=["data"],
               runs=[{"starts_on": "2027-02-01"}]),
        course("b", {"D.7": 2}, format="classroom", language="en", cost_euro=900, runs=[{"starts_on": "2027-06-01"}]),
        course("c", {"A.7": 3}, description={"nl": "Over AI en risico's", "en": "On AI and risks"}),
    )  # fmt: skip
    search = courses.search
    assert titles(search(courses.Filters(), all_courses)) == ["A", "B", "C"]
    assert titles(search(courses.Filters(competence="D.7"), all_courses)) == ["A", "B"]
    assert titles(search(courses.Filters(competence="D.7", level=3), all_courses)) == ["A"]
    assert titles(search(courses.Filters(archetype="data"), all_courses)) == ["A"]
    assert titles(search(courses.Filters(format="classroom", language="en"), all_courses)) == ["B"]
    assert titles(search(courses.Filters(max_cost=Decimal("500")), all_courses)) == ["A"]  # C's cost: not known
    assert titles(search(courses.Filters(starts_after=datetime.date(2027, 3, 1)), all_courses)) == ["B"]
    assert titles(search(courses.Filters(text="ai RISICO"), all_courses)) == ["C"]
    assert titles(search(courses.Filters(text="ai blockchain"), all_courses)) == []


def test_the_courses_for_a_gap_close_it_at_the_level_needed_most_first():
    all_courses = loaded(course("a", {"D.7": 3, "D.10": 3}), course("b", {"D.7": 2}), course("c", {"A.5": 3}))
    found = courses.courses_for_needs([need("D.7", 3), need("D.10", 3), need("A.5", 3)], all_courses)
    assert [(m.course.title_nl, [n.competence.code for n in m.closes]) for m in found] == [
        ("A", ["D.7", "D.10"]),
        ("C", ["A.5"]),
    ]  # fmt: skip  B teaches D.7 at e-2 only: it does not close e-3


def test_the_courses_for_a_job_profile_name_it_or_teach_its_competences(accounts):
    courses.load_repository_courses()
    found = courses.courses_for_profile(profiles.find("cwa-16458", "27"))
    assert [(m.course.code, m.names_profile, m.closes) for m in found] == [("rijks-data-science-programma", True, [])]
    assert courses.courses_for_profile(profiles.find("cwa-16458", "6")) == []  # CWA profiles carry no competences
    published = competences.parse_profile_set(
        {"version": "2027.1", "name": {"nl": "KWIV", "en": "KWIV"}, "source": "test",
         "profiles": [{"code": "9.1", "name": {"nl": "Data-analist", "en": "Data analyst"},
                       "competences": [{"code": "D.7", "level": 2}, {"code": "E.3", "level": 2}]}]},
        competences.framework(),
    )  # fmt: skip
    competences.publish(published, Organisation.objects.get(code="gm0344"))
    found = courses.courses_for_profile(profiles.find("2027.1", "9.1"))
    # Closing both: the NSOB course (E.3 e-3) does not teach D.7; the webinar E.3 e-2 only. Hand-counted:
    assert [(m.course.code, [n.competence.code for n in m.closes]) for m in found] == [
        ("nationale-ai-cursus", ["D.7"]), ("rijks-data-science-programma", ["D.7"]),
        ("radio-webinar-genai", ["E.3"]), ("nsob-wintercursus-ai", ["E.3"]),
    ]  # fmt: skip


def test_a_learning_path_takes_the_fewest_courses_ordered_from_lower_level_to_higher():
    ai = courses.find_archetype("ai-literacy")  # A.7 e-3, D.7 e-2, E.3 e-2
    # Greedy takes P first (two needs), then Q; the path shows Q first, as its level is lower.
    path = courses.learning_path(ai, loaded(course("p", {"A.7": 3, "E.3": 2}), course("q", {"D.7": 2})))
    assert (titles(path.steps), path.uncovered) == (["Q", "P"], [])
    # One course that closes everything beats three that close one each.
    path = courses.learning_path(
        ai, loaded(course("x", {"A.7": 3}), course("y", {"D.7": 2}), course("w", {"A.7": 4, "D.7": 2, "E.3": 3}))
    )
    assert (titles(path.steps), path.uncovered) == (["W"], [])


def test_the_repositorys_learning_paths_say_what_stays_uncovered():
    courses.load_repository_courses()
    found = {}
    for archetype in competences.archetypes().archetypes:
        path = courses.learning_path(archetype)
        found[archetype.code] = ([s.course.code for s in path.steps],
                                 [f"{n.competence.code} e-{n.level}" for n in path.uncovered])  # fmt: skip
    assert found == {
        # NSOB closes A.7 e-3 and E.3 e-2; then D.7 e-2: the National AI course and the data science programme tie,
        # the title decides. Ordered: the e-2 course first.
        "ai-literacy": (["nationale-ai-cursus", "nsob-wintercursus-ai"], []),
        "digital-leadership": (["dgabd-curriculum-ict", "abd-ict-app"], ["A.9 e-4"]),
        "data": (["rijks-data-science-programma"], ["D.10 e-3", "A.5 e-3"]),
        "information-security": (["nsob-wintercursus-ai"], ["D.1 e-4", "E.8 e-3"]),
    }
