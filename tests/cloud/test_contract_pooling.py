"""Pooling opportunities in cloud contracts, worked out by hand (in the comments), and who sees what of them."""

from datetime import date
from decimal import Decimal

import pytest

from tests.cloud.builders import offering, provider
from thorbecke.cloud.contract_pooling import normalised, opportunities
from thorbecke.cloud.models import Contract
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def contract(code: str, product: str, supplier: str, value: int, until: date, terms: str, **fields) -> Contract:
    return Contract.objects.create(
        organisation=Organisation.objects.get(code=code), product=product, supplier=supplier,
        annual_value_eur=value, starts_on=date(2025, 1, 1), ends_on=until, terms=terms, **fields,
    )  # fmt: skip


@pytest.fixture
def contracts(register):
    """Kantoor (by names, spelled three ways, Utrecht first): Utrecht 120,000 until 2027-12-31 at 10/user,
    Amsterdam 200,000 until 2028-06-30 at 12/user, Zeist 30,000 until 2027-03-31 at 14/user: three organisations,
    350,000 a year, first end 2027-03-31.
    Archief (one offering): Utrecht 50,000 and Amsterdam 40,000 on the same terms: not an opportunity.
    Opslag (by names): only Utrecht, twice: not an opportunity.
    Rekenkracht (one offering, named differently by each): Amsterdam 10,000 and Zeist 5,000 under different terms:
    15,000 a year, first end 2026-12-31."""
    contract("gm0344", "Kantoor 365", "Hyper Cloud B.V.", 120_000, date(2027, 12, 31), "EUR 10 per user per month")
    contract("gm0363", "kantoor-365", "Hyper Cloud BV", 200_000, date(2028, 6, 30), "EUR 12 per user per month")
    contract("gm0355", "KANTOOR 365", "hyper cloud b.v.", 30_000, date(2027, 3, 31), "EUR 14 per user per month")
    archive = offering("Archief", by=provider())
    contract("gm0344", "Archief", "Wolk BV", 50_000, date(2027, 1, 1), "Standard terms", offering=archive)
    contract("gm0363", "Archiefdienst", "Wolk", 40_000, date(2027, 1, 1), "standard  terms", offering=archive)
    contract("gm0344", "Opslag", "Wolk BV", 1_000, date(2027, 1, 1), "A")
    contract("gm0344", "Opslag", "Wolk BV", 2_000, date(2027, 1, 1), "B")
    compute = offering("Rekenkracht", by=archive.provider)
    contract("gm0363", "VMs", "Wolk BV", 10_000, date(2026, 12, 31), "EUR 30 per vCPU", offering=compute)
    contract("gm0355", "Rekenkracht", "Wolk BV", 5_000, date(2027, 6, 30), "EUR 25 per vCPU", offering=compute)


def test_normalised():
    assert normalised("Hyper Cloud B.V.") == normalised("hyper-cloud  BV") == normalised("HyperCloud") == "hypercloud"
    assert normalised("Kantoor 365") == "kantoor365"
    assert normalised("Wolk GmbH") == "wolk"


def test_the_programme_sees_every_opportunity_in_full(contracts):
    found = opportunities()
    assert [(o.product, o.organisations, o.total_per_year, o.earliest_end) for o in found] == [
        ("Kantoor 365", 3, Decimal(350_000), date(2027, 3, 31)),
        ("Rekenkracht", 2, Decimal(15_000), date(2026, 12, 31)),
    ]
    assert [c.organisation.code for c in found[0].contracts] == ["gm0355", "gm0344", "gm0363"]  # by end date
    assert found[0].contracts[0].terms == "EUR 14 per user per month"


def test_an_organisation_sees_an_opportunity_only_among_three_others_as_count_and_total(contracts):
    """Kantoor 365 is held by Utrecht and two others: with two others, Utrecht's total less its own 120,000 would be
    their two contracts, so Utrecht sees nothing yet. Rotterdam joins (40,000): four organisations, 390,000, now
    shown to Utrecht as count and total, named as Utrecht named it."""
    utrecht = Organisation.objects.get(code="gm0344").pk
    assert opportunities(utrecht) == []
    contract("gm0599", "Kantoor-365", "Hyper Cloud", 40_000, date(2027, 6, 30), "EUR 9 per user per month")
    found = opportunities(utrecht)
    assert [(o.product, o.organisations, o.total_per_year) for o in found] == [("Kantoor 365", 4, Decimal(390_000))]
    assert found[0].contracts == () and found[0].earliest_end is None
    assert opportunities(Organisation.objects.get(code="gm0014").pk) == []
    # Zeist is in Rekenkracht with one other: not shown; in Kantoor with three others: shown in its own words.
    assert [o.product for o in opportunities(Organisation.objects.get(code="gm0355").pk)] == ["KANTOOR 365"]
