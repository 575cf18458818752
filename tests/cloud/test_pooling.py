"""Pooled demand: the aggregate by kind, quarter and layer, a bundle's window and the offerings that meet every
member, with the total cost, or what blocks them; each worked out by hand in the comments."""

import re
from datetime import date

import pytest
from django.utils import translation

from tests.cloud.builders import PROGRAMME, need, offering, provider
from thorbecke.cloud import pooling
from thorbecke.cloud.models import Bundle
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def catalogue(register):
    """Four IaaS offerings, all allowed for Intern. Scores: A and D 100 (all at 4); E 75 (all at 3);
    B 11.25+7.5+7.5+11.25+10+11.25+7.5+2.5 = 68.75. D has no price; E no exit terms but ISO/IEC 27001."""
    rijk, eu, nl = provider("Rijksdatacentrum", "NL", government=True), provider("EuroWolk GmbH", "DE"), provider()
    return {
        o.name: o
        for o in (
            offering("A", by=rijk, deployment="government-shared", price_eur=50),
            offering("B", [3, 3, 3, 3, 2, 3, 3, 2], by=eu, deployment="eu-public", data_locations=["DE"],
                     processing_locations=["DE"], key_holder="provider-eu", price_eur=30),
            offering("D", by=nl),
            offering("E", [3] * 8, by=nl, exit_extraction=False, price_eur=25,
                     certificates={"ISO/IEC 27001": date(2028, 6, 30)}),
        )
    }  # fmt: skip


def test_the_quarter_of_a_day():
    assert [pooling.period_of(date(2027, m, 1)) for m in (1, 3, 4, 12)] == ["2027-Q1", "2027-Q1", "2027-Q2", "2027-Q4"]
    assert pooling.period_label("2027-Q1") == "2027-Q1"
    with translation.override("nl"):
        assert pooling.period_label("2027-Q1") == "2027-K1"


def test_needs_aggregated_by_kind_quarter_and_layer(register):
    need("gm0344", volume=10, budget_eur=10000, starts_on=date(2027, 1, 1))
    need("gm0344", volume=8, unit="TB", starts_on=date(2027, 1, 10))
    need("gm0363", volume=20, starts_on=date(2027, 2, 15))
    need("gm0599", volume=5, budget_eur=4000, starts_on=date(2027, 3, 31))
    need("pv26", volume=4, budget_eur=1000, starts_on=date(2027, 1, 1))
    need("gm0518", service_model="paas", volume=100, unit="users", starts_on=date(2027, 4, 1))
    # 2027-Q1 IaaS: the province apart (a layer of its own, listed before municipalities); the four municipal needs
    # of three municipalities: 10 + 20 + 5 = 35 vCPU and 8 TB; budgets 10,000 + 4,000, two needs without one.
    # The Hague's PaaS starts 1 April: 2027-Q2.
    cells = [(c.period, c.service_model, c.layer, c.needs, c.organisations, c.volumes, c.budget_eur, c.without_budget)
             for c in pooling.aggregate()]  # fmt: skip
    assert cells == [
        ("2027-Q1", "iaas", "provincie", 1, 1, {"vCPU": 4}, 1000, 0),
        ("2027-Q1", "iaas", "gemeente", 4, 3, {"vCPU": 35, "TB": 8}, 14000, 2),
        ("2027-Q2", "paas", "gemeente", 1, 1, {"users": 100}, 0, 1),
    ]
    assert [c.needs for c in pooling.aggregate(layer="gemeente")] == [4, 1]
    assert [c.needs for c in pooling.aggregate(kind="paas")] == [1]
    assert [c.needs for c in pooling.aggregate(period="2027-Q1")] == [1, 4]
    assert [n.organisation.code for n in pooling.needs_in("iaas", "2027-Q1", "provincie")] == ["pv26"]
    assert len(pooling.needs_in("iaas", "2027-Q1", "gemeente")) == 4


def test_a_bundle_needs_two_needs_that_add_up(register):
    programme = Organisation.objects.get(code=PROGRAMME)
    utrecht, amsterdam = need("gm0344"), need("gm0363")
    for members, message in [
        ([utrecht], "at least two needs"),
        ([utrecht, need("gm0599", service_model="paas")], "different service models (iaas, paas)"),
        ([utrecht, need("gm0599", unit="TB")], "different units (tb, vcpu)"),
    ]:
        with pytest.raises(pooling.PoolingError, match=re.escape(message)) as refused:
            pooling.form_bundle("Rekenkracht", "", members, programme)
        assert refused.value.field == "needs"
    assert not Bundle.objects.exists()
    # " VCPU" and "vCPU" are one unit.
    bundle = pooling.form_bundle("Rekenkracht", "", [utrecht, need("gm0363", unit=" VCPU"), amsterdam], programme)
    assert bundle.needs.count() == 3


def test_the_window_and_when_all_members_run(register):
    # Utrecht all of 2027, Amsterdam April to September: from 1 January to 31 December, all run April-September.
    members = [need("gm0344"), need("gm0363", starts_on=date(2027, 4, 1), ends_on=date(2027, 9, 30))]
    assert pooling.window(members) == pooling.Window(date(2027, 1, 1), date(2027, 12, 31), date(2027, 4, 1),
                                                     date(2027, 9, 30))  # fmt: skip
    # A need of 2028 next to one of 2027: no time when both run.
    apart = [members[1], need("gm0599", starts_on=date(2028, 1, 1), ends_on=date(2028, 6, 30))]
    assert pooling.window(apart) == pooling.Window(date(2027, 4, 1), date(2028, 6, 30), None, None)


def test_the_offerings_that_meet_every_member_with_the_total_cost(catalogue):
    programme = Organisation.objects.get(code=PROGRAMME)
    utrecht = need("gm0344")  # EU, exit terms: A, B and D (E has no exit terms)
    amsterdam = need("gm0363", data_territory="nl", volume=20, starts_on=date(2027, 4, 1), ends_on=date(2027, 9, 30))
    # Amsterdam keeps data in the Netherlands: A and D. Both: A and D, tied at 100. A costs 50 x 10 vCPU x 12 months
    # for Utrecht + 50 x 20 vCPU x 6 months for Amsterdam = 6,000 + 6,000 = 12,000; D has no price, so comes after.
    result = pooling.bundle_offers(pooling.form_bundle("Rekenkracht", "", [utrecht, amsterdam], programme))
    assert [(o.name, o.score, o.cost) for o in result.offers] == [("A", 100, 12000), ("D", 100, None)]
    assert result.blocked_by is None and result.members == []
    # The joint funnel: 4 IaaS, 4 allowed for Intern, 3 in NL (A, D, E), 3 with EU keys, 3 at any level, 2 with
    # exit terms (A, D), and both pass the rest.
    assert [step.left for step in result.funnel] == [4, 4, 3, 3, 3, 2, 2, 2, 2]
    # Why each passes, the members' reasons once; D lacks a price.
    a, d = result.offers
    assert "data stored and processed in NL" in a.passes and "exit terms: data extracted as OVF, S3" in a.passes
    assert "no list price, so its cost is not known" in d.lacks


def test_no_offering_for_all_members_says_which_gate_and_who(catalogue):
    programme = Organisation.objects.get(code=PROGRAMME)
    utrecht = need("gm0344")
    rotterdam = need("gm0599", data_territory="nl", exit_terms=False, certifications=["ISO/IEC 27001"])
    # Utrecht alone: A, B, D. Rotterdam alone: E (the only one certified). Jointly, gate by gate: 4 IaaS; 4 allowed
    # for Intern; 3 in NL for Rotterdam (A, D, E; B is in Germany); 3 with EU keys; 3 at any level; 2 with exit
    # terms for Utrecht (A, D); 0 certified for Rotterdam. Before that gate A and D were left: Utrecht keeps both,
    # Rotterdam neither.
    result = pooling.bundle_offers(pooling.form_bundle("Opslag", "", [utrecht, rotterdam], programme))
    assert result.offers == []
    assert [step.left for step in result.funnel] == [4, 4, 3, 3, 3, 2, 0, 0, 0]
    assert result.blocked_by == "certifications"
    by_org = {m.need.organisation.code: m for m in result.members}
    assert [a.name for a in by_org["gm0344"].accepts] == ["A", "D", "B"]
    assert (by_org["gm0344"].condition, by_org["gm0344"].keeps) == ("with or without certificates", 2)
    assert [a.name for a in by_org["gm0599"].accepts] == ["E"]
    assert (by_org["gm0599"].condition, by_org["gm0599"].keeps) == ("certified ISO/IEC 27001", 0)
