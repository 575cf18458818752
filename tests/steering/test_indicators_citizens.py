"""Citizens and entrepreneurs first: reports handled on time and their reporters' satisfaction (signals), and the
non-take-up of schemes per municipality (proactive)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.registry.test_permissions import utrecht_report
from tests.steering.observed import last_month, observed, of
from thorbecke.proactive.models import NonTakeUp, Screening
from thorbecke.signals.models import Category, Feedback, ServiceRequest

pytestmark = pytest.mark.django_db


def close(client, report: ServiceRequest) -> None:
    """Staff close the report on its page, as they do."""
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(f"/meldingen/{report.pk}/status/", {"status": "closed", "note": "Gedaan.", "audience": "public"})


def late_report() -> ServiceRequest:
    """A second report of Utrecht's whose deadline has passed."""
    report = ServiceRequest.objects.create(
        category=Category.objects.get(slug="container-is-vol"), organisation=utrecht_report().organisation,
        lat=52.09, long=5.12, description="Nog een volle container.",
    )  # fmt: skip
    report.expected_at = timezone.now() - dt.timedelta(hours=1)
    report.save()
    return report


def test_reports_closed_by_their_deadline_within_the_month(client, accounts):
    report = utrecht_report()
    report.expected_at = report.requested_at + dt.timedelta(days=3)
    report.save()
    assert observed("citizens-reports-on-time") == {("country", "NL"): None}, "nothing closed: no data"
    close(client, report)
    assert of(observed("citizens-reports-on-time"), "gm0344") == 1.0
    close(client, late_report())
    found = observed("citizens-reports-on-time")
    assert of(found, "gm0344") == 0.5 and found[("province", "pv26")] == 0.5
    assert observed("citizens-reports-on-time", last_month()) == {("country", "NL"): None}, "closed this month"


def test_satisfaction_is_the_mean_of_the_answers_given_within_the_month(client, accounts):
    report = utrecht_report()
    close(client, report)
    Feedback.objects.create(request=report, satisfaction=5)
    assert of(observed("citizens-report-satisfaction"), "gm0344") == 5.0
    other = late_report()
    close(client, other)
    Feedback.objects.create(request=other, satisfaction=2)
    assert of(observed("citizens-report-satisfaction"), "gm0344") == 3.5
    page = client.get("/en/steering/indicators/citizens-report-satisfaction/").content.decode()
    assert "Reporters&#x27; satisfaction" in page and '<td class="utrecht-table__cell">3.5</td>' in page


def screening(days_ago: int, **figures: tuple[int, int]) -> Screening:
    """A screening's figures as ``proactive.figures.record`` keeps them: (entitled, receiving) per municipality."""
    found = Screening.objects.create(period="2026-01", source="test", results="test", persons=1000)
    Screening.objects.filter(pk=found.pk).update(finished_at=timezone.now() - dt.timedelta(days=days_ago))
    for gemeente, (entitled, receiving) in figures.items():
        NonTakeUp.objects.create(screening=found, scheme="zorgtoeslag", gemeente=gemeente, entitled=entitled,
                                 receiving=receiving, unclaimed_per_month=0.0)  # fmt: skip
    return found


def test_non_take_up_per_municipality_from_the_latest_screening_as_published(register):
    screening(40, GM0344=(100, 80), GM0363=(100, 95))  # 5 not receiving: withheld by the small-cell rule
    found = observed("citizens-non-take-up-zorgtoeslag")
    assert of(found, "gm0344") == 0.2 and ("organisation", "gm0363") not in found
    assert observed("citizens-non-take-up-huurtoeslag") == {("country", "NL"): None}, "another scheme: no data"
    screening(0, GM0344=(100, 90), GM0363=(200, 150))
    found = observed("citizens-non-take-up-zorgtoeslag")
    assert (of(found, "gm0344"), of(found, "gm0363"), found[("country", "NL")]) == (0.1, 0.25, 60 / 300)
    assert of(observed("citizens-non-take-up-zorgtoeslag", last_month()), "gm0344") == 0.2
