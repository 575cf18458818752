"""AI literacy per algorithm in use, worked by hand: which algorithms count as in use, which record covers each,
the organisation's state and the national counts; a wrong record is refused with its field named and stores nothing."""

import datetime

import pytest

from thorbecke.ai.models import Algorithm, Lifecycle
from thorbecke.registry.models import Organisation
from thorbecke.workforce import ai_literacy, courses
from thorbecke.workforce.competences import ModelError
from thorbecke.workforce.models import AiLiteracyRecord, Course

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 1)


def algorithm(code: str, name: str, status: str = "In gebruik", lifecycle: str = Lifecycle.PUBLISHED) -> Algorithm:
    return Algorithm.objects.create(
        organisation=Organisation.objects.get(code=code), name=name, development_status=status, lifecycle=lifecycle
    )


@pytest.fixture
def deployed(register):
    """Utrecht has two algorithms in use (one still a concept), one in development and one retracted; Amsterdam one
    in use; Rotterdam none."""
    return {
        "parkeren": algorithm("gm0344", "Parkeerscan"),
        "bijstand": algorithm("gm0344", "Bijstandsrisico", lifecycle=Lifecycle.CONCEPT),
        "chat": algorithm("gm0344", "Chatbot", status="In ontwikkeling"),
        "oud": algorithm("gm0344", "Oude scan", lifecycle=Lifecycle.RETRACTED),
        "afval": algorithm("gm0363", "Afvalroutes"),
    }


def states(code: str) -> list[tuple[str, str]]:
    return [(c.algorithm.name, c.state) for c in ai_literacy.coverage(Organisation.objects.get(code=code))]


def test_coverage_per_algorithm_in_use_and_the_national_counts(deployed):
    utrecht = Organisation.objects.get(code="gm0344")
    assert states("gm0344") == [("Bijstandsrisico", "not-recorded"), ("Parkeerscan", "not-recorded")]
    assert ai_literacy.ai_literacy_coverage() == {"deploying": 2, "covered": 0, "partly": 0, "not_recorded": 2}
    # 10 of 10 trained, for the parking scan only: it is covered, the other not recorded; Utrecht partly.
    ai_literacy.record(utrecht, measured_on=DAY, staff_operating=10, staff_trained=10, measure="Eigen training",
                       algorithms=[deployed["parkeren"]])  # fmt: skip
    assert states("gm0344") == [("Bijstandsrisico", "not-recorded"), ("Parkeerscan", "covered")]
    assert ai_literacy.ai_literacy_coverage() == {"deploying": 2, "covered": 0, "partly": 1, "not_recorded": 1}
    # A newer record for all algorithms, 9 of 12 trained, decides for both.
    ai_literacy.record(utrecht, measured_on=DAY + datetime.timedelta(days=7), staff_operating=12, staff_trained=9,
                       measure="Nationale AI-cursus voor iedereen")  # fmt: skip
    assert states("gm0344") == [("Bijstandsrisico", "partly"), ("Parkeerscan", "partly")]
    ai_literacy.record(Organisation.objects.get(code="gm0363"), measured_on=DAY, staff_operating=5, staff_trained=5,
                       measure="Workshop")  # fmt: skip
    assert ai_literacy.ai_literacy_coverage() == {"deploying": 2, "covered": 1, "partly": 1, "not_recorded": 0}
    assert [(o.code, s) for o, s in ai_literacy.deploying()] == [("gm0363", "covered"), ("gm0344", "partly")]


def test_the_courses_followed_are_kept(deployed):
    courses.load_repository_courses()
    followed = list(Course.objects.filter(code__in=["nationale-ai-cursus", "radio-webinar-genai"]))
    row = ai_literacy.record(Organisation.objects.get(code="gm0363"), measured_on=DAY, staff_operating=3,
                             staff_trained=1, courses=followed)  # fmt: skip
    assert sorted(c.code for c in row.courses.all()) == ["nationale-ai-cursus", "radio-webinar-genai"]


TOMORROW = datetime.date.today() + datetime.timedelta(days=2)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"measured_on": TOMORROW}, "measured_on"),
        ({"staff_operating": 0, "staff_trained": 0}, "staff_operating"),
        ({"staff_trained": 11}, "staff_trained"),
        ({"measure": "  "}, "courses"),
        ({"algorithms": "afval"}, "algorithms"),  # Amsterdam's, not Utrecht's
        ({"algorithms": "chat"}, "algorithms"),  # Utrecht's, but in development
    ],
)
def test_a_wrong_record_is_refused_with_its_field_named_and_stores_nothing(deployed, values, field):
    given = {"measured_on": DAY, "staff_operating": 10, "staff_trained": 5, "measure": "Training"} | values
    if "algorithms" in values:
        given["algorithms"] = [deployed[values["algorithms"]]]
    with pytest.raises(ModelError) as refused:
        ai_literacy.record(Organisation.objects.get(code="gm0344"), **given)
    assert refused.value.field == field
    assert not AiLiteracyRecord.objects.exists()


def test_an_organisation_without_algorithms_in_use_records_nothing(deployed):
    with pytest.raises(ModelError) as refused:
        ai_literacy.record(Organisation.objects.get(code="gm0599"), measured_on=DAY, staff_operating=4,
                           staff_trained=4, measure="Training")  # fmt: skip
    assert refused.value.field == "algorithms"
