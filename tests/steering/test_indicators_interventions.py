"""The interventions: mandatory standards as the hub measured them, the register of accessibility statements, and
comply or explain answered on time."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from tests.steering.observed import last_month, observed, of
from thorbecke.agreements import dialogue
from thorbecke.agreements.accessibility_register import SUBJECT as STATEMENTS
from thorbecke.agreements.catalogue import import_agreements
from thorbecke.agreements.checks.base import Result
from thorbecke.agreements.models import Agreement, Gap, GapStep, Measurement, Status
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def measured(code: str, host: str, check: str, verdict: str, days_ago: int = 0) -> None:
    """A measurement as the scanner records it; ``days_ago`` dates it back, as an earlier scan would have."""
    (found,) = Measurement.record(Organisation.objects.get(code=code), host, [Result(check, verdict)])
    if days_ago:
        Measurement.objects.filter(pk=found.pk).update(measured_at=timezone.now() - timedelta(days=days_ago))


@pytest.mark.parametrize(
    ("indicator", "check"),
    [
        ("standards-https-hsts", "https-hsts"),
        ("standards-dmarc", "dmarc"),
        ("standards-tls", "tls"),
        ("accessibility-statements", "accessibility"),
    ],
)
def test_a_standard_is_met_when_every_host_meets_it_and_unmeasurable_is_no_data(register, indicator, check):
    measured("gm0344", "utrecht.nl", check, "pass")
    measured("gm0344", "www.utrecht.nl", check, "pass")
    measured("gm0363", "amsterdam.nl", check, "pass")
    measured("gm0363", "www.amsterdam.nl", check, "fail")
    measured("gm0014", "groningen.nl", check, "error")
    found = observed(indicator)
    assert (of(found, "gm0344"), of(found, "gm0363")) == (1.0, 0.0)
    assert ("organisation", "gm0014") not in found, "nothing measurable is no data, not a failure"
    assert found[("country", "NL")] == 0.5


def test_a_fix_measured_counts_at_the_next_computation_and_a_past_month_keeps_what_was_known(register):
    measured("gm0363", "amsterdam.nl", "https-hsts", "fail", days_ago=40)
    assert of(observed("standards-https-hsts"), "gm0363") == 0.0
    measured("gm0363", "amsterdam.nl", "https-hsts", "pass")
    assert of(observed("standards-https-hsts"), "gm0363") == 1.0
    assert of(observed("standards-https-hsts", last_month()), "gm0363") == 0.0, "last month it still failed"


def test_accessibility_reads_the_registers_measurement(register):
    measured("gm0344", STATEMENTS, "accessibility", "fail")
    assert observed("accessibility-statements")[("country", "NL")] == 0.0


@pytest.fixture
def mandatory(accounts):
    import_agreements(settings.SHARED_DATA_DIR)
    hsts = Agreement.objects.get(slug="standaard-https-en-hsts")
    hsts.status, hsts.applies_to = Status.MANDATORY, ["gemeente"]
    hsts.save()
    return hsts


def test_gaps_count_once_answered_or_due_and_on_time_by_the_date_in_the_notice(mandatory):
    measured("gm0344", "utrecht.nl", "https-hsts", "fail")
    measured("gm0363", "amsterdam.nl", "https-hsts", "fail")
    dialogue.reconcile()
    utrecht, amsterdam = (Gap.objects.get(organisation__code=code) for code in ("gm0344", "gm0363"))
    assert observed("gaps-answered-on-time") == {("country", "NL"): None}, "nothing due yet: no data"

    editor = User.objects.get(username="utrecht-editor")
    dialogue.plan(utrecht, editor, "Nieuwe server", date.today() + timedelta(days=60))
    found = observed("gaps-answered-on-time")
    assert of(found, "gm0344") == 1.0 and ("organisation", "gm0363") not in found

    # Amsterdam's date passes without an answer: a gap not answered on time.
    past = date.today() - timedelta(days=1)
    GapStep.objects.filter(gap=amsterdam, action=GapStep.Action.OPENED).update(date=past)
    Gap.objects.filter(pk=amsterdam.pk).update(answer_due=past)
    found = observed("gaps-answered-on-time")
    assert of(found, "gm0363") == 0.0 and found[("org_type", "gemeente")] == 0.5
