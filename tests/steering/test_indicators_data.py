"""Data: joining the data system, read from the hub's measurements of each organisation."""

import pytest

from tests.steering.observed import last_month, observed, of
from tests.steering.test_indicators_interventions import measured

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("indicator", "check"),
    [("data-exchange-node", "exchange"), ("data-processing-register", "processing-log"),
     ("data-api-design-rules", "api-design")],
)  # fmt: skip
def test_organisations_that_joined_the_data_system_by_the_hubs_measurement(register, indicator, check):
    measured("gm0344", "data system", check, "pass")
    measured("gm0363", "data system", check, "fail")
    found = observed(indicator)
    assert (of(found, "gm0344"), of(found, "gm0363"), found[("country", "NL")]) == (1.0, 0.0, 0.5)
    assert ("organisation", "gm0014") not in found, "never measured: no data"


def test_a_node_announced_since_counts_from_the_next_computation_not_before(register):
    measured("gm0363", "data system", "exchange", "fail", days_ago=40)
    assert of(observed("data-exchange-node"), "gm0363") == 0.0
    measured("gm0363", "data system", "exchange", "pass")
    assert of(observed("data-exchange-node"), "gm0363") == 1.0
    assert of(observed("data-exchange-node", last_month()), "gm0363") == 0.0
