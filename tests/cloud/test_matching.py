"""Matching a need to the supply: every gate, the ranking and the explanation of "no match", on a catalogue of five
offerings whose answers were worked out by hand (in the comments)."""

from datetime import date

import pytest
from django.utils import translation

from tests.cloud.builders import need, offering, provider
from thorbecke.cloud.matching import Constraints, match, passing
from thorbecke.cloud.supply import supply, territory_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def catalogue(register):
    """Five IaaS offerings. Scores, by the framework's weights (15,10,10,15,20,15,10,5) x level / 4:
    A 100; B 11.25+7.5+7.5+11.25+10+11.25+7.5+2.5 = 68.75; C 0+2.5+5+7.5+5+3.75+5+1.25 = 30;
    D runs on B, so B's 68.75 whatever its own; E all at 3: 75."""
    rijk, eu, us, nl = (
        provider("Rijksdatacentrum", "NL", government=True),
        provider("EuroWolk GmbH", "DE"),
        provider("Hyper Cloud Ireland", "IE", chain=[{"name": "Hyper Cloud Inc.", "country": "US"}]),
        provider("Polder Cloud BV", "NL"),
    )
    a = offering("A", by=rijk, deployment="government-shared", classification="stg-confidentieel", price_eur=50)
    b = offering("B", [3, 3, 3, 3, 2, 3, 3, 2], by=eu, deployment="eu-public", data_locations=["DE"],
                 processing_locations=["DE"], key_holder="provider-eu", price_eur=30)  # fmt: skip
    c = offering("C", [0, 1, 2, 2, 1, 1, 2, 1], by=us, deployment="third-country-public", data_locations=["IE"],
                 processing_locations=["IE", "US"], key_holder="provider-third-country", price_eur=20,
                 classification="intern")  # fmt: skip
    d = offering("D", by=eu, deployment="eu-public", data_locations=["DE"], processing_locations=["DE"],
                 key_holder="provider-eu", runs_on=[b])  # fmt: skip
    e = offering("E", [3] * 8, by=nl, exit_extraction=False, price_eur=25,
                 certificates={"ISO/IEC 27001": date(2028, 6, 30)})  # fmt: skip
    return {o.name: o for o in (a, b, c, d, e)}


def names(c: Constraints) -> list[str]:
    s = supply()
    return [s.rows[i].name for i in passing(c, s)]


def constraints(**fields) -> Constraints:
    values = {"service_model": "iaas", "classification": "intern", "data_territory": "eu", "keys": "eu",
              "exit_terms": True, "volume": 10, "starts_on": date(2027, 1, 1),
              "ends_on": date(2027, 12, 31)}  # fmt: skip
    return Constraints(**{**values, **fields})


def test_scores_and_inherited_levels(catalogue):
    s = supply()
    score = {row.name: s.score[i] for i, row in enumerate(s.rows)}
    assert score == pytest.approx({"A": 100, "B": 68.75, "C": 30, "D": 68.75, "E": 75})
    d = s.rows[s.index[catalogue["D"].pk]]
    assert d.own_levels["SOV-5"] == 4 and d.levels["SOV-5"] == 2


def test_ranked_by_score_then_cost(catalogue):
    # C: its keys are held by a provider outside the EU; E: no exit terms. B and D tie at 68.75: B costs
    # 30 x 10 vCPU x 12 months = 3,600, D has no price, so B first.
    assert names(constraints()) == ["A", "B", "D"]


def test_classification_allows_only_the_deployments_of_its_rule(catalogue):
    # Staatsgeheim Confidentieel: own data centre or government shared service only, and allowed that high: A.
    assert names(constraints(classification="stg-confidentieel")) == ["A"]


def test_territory_counts_where_data_is_processed_too(catalogue):
    # C stores in Ireland but processes in the US too: not "EU only", even with its keys allowed.
    assert "C" not in names(constraints(keys="any"))
    assert names(constraints(keys="any", data_territory="any", exit_terms=False)) == ["A", "E", "B", "D", "C"]
    assert names(constraints(data_territory="nl")) == ["A"]
    assert territory_of([]) == 2 and territory_of(["NL"]) == 0 and territory_of(["NL", "FR"]) == 1


def test_a_minimum_level_is_a_gate_and_checks_the_inherited_level(catalogue):
    # SOV-5 at least 3: B is at 2 and D inherits B's 2; E is at 3 but has no exit terms.
    assert names(constraints(minimum_levels={"SOV-5": 3})) == ["A"]
    assert names(constraints(minimum_levels={"SOV-5": 3}, exit_terms=False)) == ["A", "E"]


def test_budget_and_certificates(catalogue):
    # Budget 3,000 for 12 months of 10 units: A costs 6,000 and B 3,600, over it; D's cost is unknown, so it
    # stays in (shown as lacking a price); E has no exit terms.
    assert names(constraints(budget_eur=3000)) == ["D"]
    # E's ISO/IEC 27001 runs to 30 June 2028: valid on the first day of a need in 2027, not of one in 2029.
    assert names(constraints(certifications=("ISO/IEC 27001",), exit_terms=False)) == ["E"]
    late = constraints(certifications=("ISO/IEC 27001",), exit_terms=False, starts_on=date(2029, 1, 1),
                       ends_on=date(2029, 6, 30))  # fmt: skip
    assert names(late) == []


def test_a_match_says_why_it_passes_and_what_it_lacks(catalogue):
    result = match(constraints(minimum_levels={"SOV-1": 2}))
    assert [m.name for m in result.matches] == ["A", "B", "D"]
    b, d = result.matches[1], result.matches[2]
    assert b.cost == 3600
    assert "SOV-1 at SEAL-3, minimum SEAL-2" in b.passes
    # One line per level: B is at 3 on six objectives and at 2 on SOV-5 and SOV-8; D has B's, held down by B.
    assert b.lacks == ["SOV-1, SOV-2, SOV-3, SOV-4, SOV-6, SOV-7 only at SEAL-3", "SOV-5, SOV-8 only at SEAL-2"]
    assert d.lacks[:2] == [
        "SOV-1, SOV-2, SOV-3, SOV-4, SOV-6, SOV-7 only at SEAL-3 (limited by what it runs on)",
        "SOV-5, SOV-8 only at SEAL-2 (limited by what it runs on)",
    ]
    assert "no list price, so its cost is not known" in d.lacks


def test_no_match_names_what_blocks_it(catalogue):
    # In the Netherlands, customer keys, exit terms and ISO/IEC 27001: A lacks only the certificate, E only exit
    # terms. The funnel: 5 IaaS, 5 allowed for Intern, 2 in NL (A, E), 2 with customer keys, 2 at any level,
    # 1 with exit terms (A), 0 certified.
    result = match(constraints(data_territory="nl", keys="customer", certifications=("ISO/IEC 27001",)))
    assert result.matches == [] and result.total == 0
    assert [step.left for step in result.funnel] == [5, 5, 2, 2, 2, 1, 0, 0, 0]
    assert result.blocked_by.gate == "certifications"
    assert result.blocker == (
        "No offering that is Infrastructure as a Service; allowed for Internal; keeping data in the Netherlands; "
        "with keys held by the customer; at any sovereignty level; with exit terms; certified ISO/IEC 27001."
    )
    assert [(n.name, n.fails) for n in result.near][:2] == [
        ("A", ["no valid ISO/IEC 27001 on 2027-01-01"]),
        ("E", ["no exit terms"]),
    ]


def test_a_stored_need_is_matched_as_its_constraints(catalogue):
    stored = need(minimum_levels={"SOV-5": 3}, exit_terms=False)
    assert names(Constraints.of(stored)) == ["A", "E"]
    assert Constraints.of(stored).months == 12


def test_the_supply_is_built_again_after_a_change(catalogue):
    assert names(constraints(minimum_levels={"SOV-5": 3})) == ["A"]
    b = catalogue["B"]
    b.assessments.filter(objective="SOV-5").update(level=3)
    b.save()  # an offering's change moves its updated_at
    # D runs on B, so it rises with B.
    assert names(constraints(minimum_levels={"SOV-5": 3})) == ["A", "B", "D"]
