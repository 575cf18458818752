"""The demo's pool: its members match Utrecht's illustrative assignment, and a second start adds nothing."""

import pytest

from thorbecke.demo.workforce_pools import seed_pools
from thorbecke.workforce import pool_matching
from thorbecke.workforce.models import Assignment, PoolMember

pytestmark = pytest.mark.django_db


def test_the_demo_pool_can_be_walked_and_is_seeded_once(register):
    seed_pools()
    assert PoolMember.objects.count() == 6 and Assignment.objects.count() == 2
    utrecht = Assignment.objects.get(organisation__code="gm0344")
    # E.8 at e-3 is a must; the province of Utrecht, Dutch, 16 hours: Anouk, Bas and Chaima (Daan, Eva and Fedde
    # are in other provinces).
    ranked = [(PoolMember.objects.get(pk=m.member_id).user.first_name.split()[1], m.score)
              for m in pool_matching.match(utrecht).matches]  # fmt: skip
    assert ranked == [
        ("Anouk", 100.0),  # E.8 above, A.5 met, B.1 above
        ("Bas", 66.7),  # E.8 met, A.5 missing (0), B.1 above
        ("Chaima", 58.3),  # E.8 met, A.5 short by 1 (75), B.1 missing (0)
    ]
    seed_pools()
    assert PoolMember.objects.count() == 6 and Assignment.objects.count() == 2
