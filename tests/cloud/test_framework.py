"""The Cloud Sovereignty Framework's score, and levels inherited down the chain, on examples computed by hand."""

import pytest

from thorbecke.cloud import framework as sovereignty
from thorbecke.cloud.framework import ChainError, effective_levels, framework, inherited, score

CODES = ("SOV-1", "SOV-2", "SOV-3", "SOV-4", "SOV-5", "SOV-6", "SOV-7", "SOV-8")


def levels(*values: int) -> dict[str, int]:
    return dict(zip(CODES, values, strict=True))


def test_the_framework_is_version_1_2_1_with_its_weights():
    f = framework()
    assert f.version == "1.2.1"
    assert f.codes == CODES
    assert [o.weight for o in f.objectives] == [15, 10, 10, 15, 20, 15, 10, 5]
    assert [v.level for v in f.levels] == [0, 1, 2, 3, 4]


def test_score_is_the_weighted_share_of_level_4():
    # 15*3/4 + 10*2/4 + 10*4/4 + 15*1/4 + 20*2/4 + 15*3/4 + 10*4/4 + 5*0/4
    # = 11.25 + 5 + 10 + 3.75 + 10 + 11.25 + 10 + 0 = 61.25
    assert score(levels(3, 2, 4, 1, 2, 3, 4, 0)) == pytest.approx(61.25)
    assert score(levels(*[4] * 8)) == 100
    assert score({}) == 0  # nothing assessed counts as level 0
    assert score({"SOV-5": 4}) == 20  # supply chain alone weighs 20


def test_an_offering_inherits_the_weakest_level_of_what_it_runs_on():
    platform = levels(3, 4, 4, 4, 4, 1, 4, 4)
    own = levels(4, 4, 4, 4, 2, 4, 4, 4)
    assert inherited(own, [platform]) == levels(3, 4, 4, 4, 2, 1, 4, 4)
    # 15*3/4 + 10 + 10 + 15 + 20*2/4 + 15*1/4 + 10 + 5 = 11.25 + 45 + 10 + 3.75 + 5 = 75
    assert score(inherited(own, [platform])) == pytest.approx(75.0)


def test_the_chain_is_followed_all_the_way_down():
    own = {1: levels(*[4] * 8), 2: levels(4, 4, 4, 4, 2, 4, 4, 4), 3: levels(3, 4, 4, 4, 4, 1, 4, 4)}
    # 1 runs on 2, 2 runs on 3: 1 gets 3's SOV-1 and SOV-6 and 2's SOV-5.
    effective = effective_levels(own, {1: [2], 2: [3]})
    assert effective[1] == levels(3, 4, 4, 4, 2, 1, 4, 4)
    assert effective[3] == own[3]
    # Running on two: the weakest of both per objective.
    effective = effective_levels(own, {1: [2, 3]})
    assert effective[1] == levels(3, 4, 4, 4, 2, 1, 4, 4)


def test_a_chain_that_runs_on_itself_is_refused():
    own = {1: levels(*[4] * 8), 2: levels(*[4] * 8)}
    with pytest.raises(ChainError):
        effective_levels(own, {1: [2], 2: [1]})


def test_running_on_something_unknown_inherits_nothing_known():
    assert effective_levels({1: levels(*[4] * 8)}, {1: [99]})[1] == levels(*[0] * 8)


def test_top_is_four():
    assert sovereignty.TOP == 4
