"""Resilience and autonomy: quantum readiness of the cryptographic inventory and components past their end of
support (landscape), and threat indicators shared through the hub (soc)."""

from datetime import date, timedelta

import pytest

from tests.landscape.conftest import landscape  # noqa: F401 (a fixture)
from tests.registry.test_permissions import utrecht_crypto
from tests.soc.test_sharing import indicator
from tests.steering.observed import last_month, observed, of
from thorbecke.landscape import crypto
from thorbecke.landscape.models import CryptoAsset, QuantumStatus
from thorbecke.registry.models import Organisation
from thorbecke.soc.sharing import check, store

pytestmark = pytest.mark.django_db


def test_post_quantum_readiness_is_the_latest_count_before_the_end_of_the_month(register):
    utrecht_crypto()  # one RSA signature: vulnerable, counted today
    utrecht = Organisation.objects.get(code="gm0344")
    assert of(observed("resilience-post-quantum-ready"), "gm0344") == 0.0
    assert observed("resilience-post-quantum-ready", last_month()) == {("country", "NL"): None}, "not yet counted"
    CryptoAsset.objects.filter(organisation=utrecht).update(status=QuantumStatus.READY)  # migrated
    crypto.snapshot(utrecht)
    assert of(observed("resilience-post-quantum-ready"), "gm0344") == 1.0


def test_components_past_their_end_of_support_by_the_months_calendar(landscape):  # noqa: F811
    # Each municipality has two components; its case system's support ends on 2025-06-30.
    found = observed("resilience-past-end-of-support")
    assert (of(found, "gm0344"), of(found, "gm0014")) == (0.5, 0.5)
    assert of(observed("resilience-past-end-of-support", "2025-05"), "gm0344") == 0.0, "still supported then"
    assert of(observed("resilience-past-end-of-support", "2025-06"), "gm0344") == 0.5, "ended by the month's end"


def test_threat_indicators_shared_are_counted_per_organisation_once_each(register):
    utrecht = Organisation.objects.get(code="gm0344")
    assert observed("resilience-threat-indicators-shared") == {("country", "NL"): None}
    first = indicator("clear")
    store(check([first, indicator("green")], utrecht), utrecht)
    assert of(observed("resilience-threat-indicators-shared"), "gm0344") == 2
    store(check([first | {"modified": "2026-11-02T10:00:00.000Z"}], utrecht), utrecht)  # a new version
    assert of(observed("resilience-threat-indicators-shared"), "gm0344") == 2
    store(check([indicator("amber", "203.0.113.9")], utrecht), utrecht)
    assert observed("resilience-threat-indicators-shared")[("country", "NL")] == 3


def test_a_snapshot_dated_last_month_counts_for_last_month(register):
    utrecht_crypto()
    crypto.snapshot(Organisation.objects.get(code="gm0344"), day=date.today() - timedelta(days=40))
    assert of(observed("resilience-post-quantum-ready", last_month()), "gm0344") == 0.0
