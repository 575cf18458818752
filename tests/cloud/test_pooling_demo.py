"""The demo's illustrative needs: six organisations of three layers, each title saying it is illustrative; seeding
twice adds nothing."""

import pytest

from thorbecke.cloud import pooling
from thorbecke.cloud.models import Bundle, Need
from thorbecke.demo.cloud_demand import seed_demand

pytestmark = pytest.mark.django_db


def test_the_demo_needs_are_illustrative_and_seeded_once(register):
    assert seed_demand() == 7 and seed_demand() == 7
    assert Need.objects.count() == 7 and not Bundle.objects.exists()
    assert all(n.title.endswith("(ter illustratie)") for n in Need.objects.all())
    assert {c.layer for c in pooling.aggregate()} == {"gemeente", "provincie", "waterschap"}
    assert Need.objects.values("organisation").distinct().count() == 6
