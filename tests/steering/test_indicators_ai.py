"""AI: of the algorithms published in the register, those classified with the AI Act decision aid."""

import pytest

from tests.ai.test_decision_aid import HIGH_RISK_PROVIDER
from tests.conftest import PASSWORD
from tests.steering.observed import last_month, observed, of
from tests.steering.test_indicators import _publish
from thorbecke.ai.classification import current_tree

pytestmark = pytest.mark.django_db


def test_published_algorithms_classified_with_the_decision_aid(client, accounts):
    current_tree.clear()
    first = _publish("gm0344", "Eerste")
    _publish("gm0344", "Tweede")
    assert of(observed("ai-algorithms-classified"), "gm0344") == 0.0
    client.login(username="utrecht-editor", password=PASSWORD)
    url = f"/algoritmes/{first.public_id}/classificeren/?" + "&".join(f"{q}={a}" for q, a in HIGH_RISK_PROVIDER)
    assert client.post(url).status_code == 302
    assert of(observed("ai-algorithms-classified"), "gm0344") == 0.5
    assert observed("ai-algorithms-classified", last_month()) == {("country", "NL"): None}, "published this month"
