"""A synthetic population of the Netherlands: persons and households, municipality by municipality.

``generate`` writes persons and households for the whole country (or a share of it) in the layout of
:mod:`thorbecke.population.schema`: ``<out>/gemeente=GM0344/part-0.parquet``, one row per person, a household's
members on consecutive rows (aanvrager first), household facts repeated on every member's row. The figures it
follows are in :mod:`thorbecke.population.figures`.

Reproducible: each municipality is generated alone from a generator seeded with ``(seed, municipality number)``,
and its persons get a block of identifiers fixed before anything random happens (persons are shared out over the
municipalities by their address counts). So the same seed gives the same bytes however the work is split, and one
municipality can be regenerated without the others.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from thorbecke.population.bsn import BSN_BLOCK, synthetic_bsn
from thorbecke.population.dataset import write_partition
from thorbecke.population.figures import address_weights, distributions
from thorbecke.population.sampling import band_ages, income_from_rank, lognormal_from, net_from_gross, normal_cdf
from thorbecke.population.schema import ROLES, SCHEMA

# Household types; the order is the order of the shares in the JSON's derived_counts.
SINGLE, COUPLE, FAMILY, SINGLE_PARENT, OTHER = range(5)
TYPE_KEYS = ("single", "couple_without_children", "couple_with_children", "single_parent", "other")
AANVRAGER, PARTNER, KIND, MEDEBEWONER = range(4)


def municipality_rng(seed: int, code: str) -> np.random.Generator:
    """The generator for one municipality: depends on the seed and the code only, so any subset regenerates alone."""
    return np.random.default_rng([int(seed), int(code[2:])])


# --- One municipality, step by step ----------------------------------------------------------------------------
# Each step below draws from the municipality's generator in its turn; generate_gemeente calls them in the one
# order that makes the population (tests/population/test_generation.py pins it). Moving a step, or a draw within
# one, makes another population.


@dataclass(frozen=True)
class Households:
    """Who lives with whom: per household its type, children, size, first row and whether a partner lives there;
    per person the household's index, the role and (for a child) the rank, 0 for the oldest. The members of a
    household are on consecutive rows: aanvrager, partner, children, medebewoners."""

    htype: np.ndarray
    nkids: np.ndarray
    size: np.ndarray
    start: np.ndarray
    has_partner: np.ndarray
    hh: np.ndarray
    role: np.ndarray
    kid_rank: np.ndarray

    @property
    def count(self) -> int:
        return len(self.size)

    @property
    def persons(self) -> int:
        return len(self.hh)

    @property
    def aanvrager(self) -> np.ndarray:
        return self.role == AANVRAGER

    @property
    def partner(self) -> np.ndarray:
        return self.role == PARTNER

    @property
    def kind(self) -> np.ndarray:
        return self.role == KIND

    @property
    def medebewoner(self) -> np.ndarray:
        return self.role == MEDEBEWONER

    @property
    def aanvrager_or_partner(self) -> np.ndarray:
        """The members whose incomes and wealth count together."""
        return self.aanvrager | self.partner

    def total(self, per_person: np.ndarray) -> np.ndarray:
        """The sum of a per-person amount over each household."""
        return np.bincount(self.hh, weights=per_person, minlength=self.count)


@dataclass(frozen=True)
class Income:
    inkomen: np.ndarray  # per person: the yearly toetsingsinkomen
    adult: np.ndarray  # per person: 18 or over
    household_rank: np.ndarray  # per household: the aanvrager's and partner's income rank, standard normal
    joint: np.ndarray  # per household: the aanvrager's and partner's toetsingsinkomen


@dataclass(frozen=True)
class Home:  # per household
    renter: np.ndarray
    huur: np.ndarray  # a month with service costs (what the tenant pays), 0 for an owner
    kale_huur: np.ndarray  # a month without service costs, 0 for an owner
    zelfstandig: np.ndarray

    @property
    def servicekosten(self) -> np.ndarray:
        """The subsidiable service costs (art. 5 lid 3 Wht 2025) a month."""
        return np.round(self.huur - self.kale_huur, 2)


@dataclass(frozen=True)
class Wealth:
    vermogen: np.ndarray  # per person
    joint: np.ndarray  # per household: the aanvrager's and partner's
    all: np.ndarray  # per household: every member's


@dataclass(frozen=True)
class Kwijtschelding:  # per household: the inputs of the kwijtschelding rules
    aanslag: np.ndarray
    netto_inkomen: np.ndarray
    uitgaven: np.ndarray
    woon_en_zorglasten: np.ndarray


@dataclass(frozen=True)
class TakeUp:
    zorgtoeslag: np.ndarray  # per person
    kindgebonden_budget: np.ndarray  # per person (the aanvrager)
    kinderbijslag: np.ndarray  # per person (the aanvrager)
    aow: np.ndarray  # per person
    huurtoeslag: np.ndarray  # per household
    kwijtschelding: np.ndarray  # per household


def _has_partner_type(htype: np.ndarray) -> np.ndarray:
    return (htype == COUPLE) | (htype == FAMILY)


def _household_types(rng: np.random.Generator, n: int) -> np.ndarray:
    counts = distributions()["household_types"]["derived_counts"]
    p_type = np.array([counts[k] for k in TYPE_KEYS], dtype=np.float64)
    p_type /= p_type.sum()
    return rng.choice(5, size=n, p=p_type)


def _children_at_home(rng: np.random.Generator, htype: np.ndarray) -> np.ndarray:
    """1 to 6 children for couples with children and single parents, none for the others."""
    kids = distributions()["children_per_family"]
    split = kids["three_plus_split"]["value"]
    nkids = np.zeros(len(htype), dtype=np.int64)
    for t, kind in ((FAMILY, "couple"), (SINGLE_PARENT, "single_parent")):
        c = kids[kind]
        p = np.array([c["1"], c["2"], *(c["3+"] * split[str(n)] for n in range(3, 7))], dtype=np.float64)
        nkids[htype == t] = rng.choice(np.arange(1, 7), size=int((htype == t).sum()), p=p / p.sum())
    return nkids


def _medebewoners(rng: np.random.Generator, htype: np.ndarray) -> np.ndarray:
    """Other members: at most one in a family (a couple or a single parent), the rest of an 'other' household."""
    mede = distributions()["medebewoners"]
    other_sizes = mede["other_household_size"]
    m = np.zeros(len(htype), dtype=np.int64)
    fam = (htype == COUPLE) | (htype == FAMILY) | (htype == SINGLE_PARENT)
    m[fam] = rng.random(int(fam.sum())) < mede["share_of_families_with_one"]
    sizes = np.array([int(s) for s in other_sizes])
    p_other = np.array(list(other_sizes.values()), dtype=np.float64)
    m[htype == OTHER] = rng.choice(sizes, size=int((htype == OTHER).sum()), p=p_other / p_other.sum()) - 1
    return m


def _household_compositions(rng: np.random.Generator, persons: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw households in batches until ``persons`` people are housed; the last household is cut to fit.

    Returns per household: type, number of children, size."""
    types, nkids, nmede = [], [], []
    housed = 0
    while housed < persons:
        n = int((persons - housed) / 2.108 * 1.02) + 8
        t = _household_types(rng, n)
        k = _children_at_home(rng, t)
        m = _medebewoners(rng, t)
        types.append(t)
        nkids.append(k)
        nmede.append(m)
        housed += int((1 + _has_partner_type(t) + k + m).sum())
    t, k, m = np.concatenate(types), np.concatenate(nkids), np.concatenate(nmede)
    size = 1 + _has_partner_type(t) + k + m
    end = np.cumsum(size)
    last = int(np.searchsorted(end, persons))  # the household that holds person number `persons`
    t, k, size = t[: last + 1], k[: last + 1], size[: last + 1].copy()
    size[-1] -= int(end[last]) - persons
    return t, k, size


def households(rng: np.random.Generator, persons: int) -> Households:
    """The households of ``persons`` people, each member's role set by their place in it; a cut last household
    keeps its first members."""
    htype, nkids, size = _household_compositions(rng, persons)
    nh = len(size)
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    hh = np.repeat(np.arange(nh), size)
    pos = np.arange(persons) - start[hh]
    has_partner_type = _has_partner_type(htype)
    first_kid = 1 + has_partner_type
    role = np.full(persons, MEDEBEWONER, dtype=np.int8)
    role[pos == 0] = AANVRAGER
    role[(pos == 1) & has_partner_type[hh]] = PARTNER
    role[(pos >= first_kid[hh]) & (pos < first_kid[hh] + nkids[hh])] = KIND
    has_partner = np.zeros(nh, dtype=bool)
    has_partner[hh[role == PARTNER]] = True
    return Households(htype, nkids, size, start, has_partner, hh, role, kid_rank=pos - first_kid[hh])


def _child_ages(rng: np.random.Generator, hs: Households) -> tuple[np.ndarray, np.ndarray]:
    """The age of each household's oldest child (drawn for every household), and of each child: the oldest's less
    the years between the siblings before it."""
    kid_w = np.asarray(distributions()["children_at_home_by_age"]["weights_by_age"], dtype=np.float64)
    oldest = rng.choice(len(kid_w), size=hs.count, p=kid_w / kid_w.sum())
    gaps = 1 + rng.poisson(1.6, size=hs.persons)  # years between siblings
    is_k = hs.kind
    gap_kid = np.where(is_k & (hs.kid_rank > 0), gaps, 0)
    cum = np.cumsum(gap_kid)
    cum_hh = cum - np.repeat(cum[hs.start] - gap_kid[hs.start], hs.size)  # cumulative within the household
    return oldest, np.maximum(oldest[hs.hh[is_k]] - cum_hh[is_k], 0)


def _aanvrager_ages(rng: np.random.Generator, hs: Households, oldest: np.ndarray) -> np.ndarray:
    """With children: the oldest child's age plus the mother's age at its birth; otherwise from the household
    type's age bands."""
    roles_cfg = distributions()["adult_age_by_role"]
    mother = roles_cfg["mother_age_at_birth"]
    at_birth = np.clip(rng.normal(mother["mean"], mother["sd"], hs.count), mother["min"], mother["max"]).round()
    aanvrager_age = np.zeros(hs.count, dtype=np.int64)
    with_kids = hs.nkids > 0
    aanvrager_age[with_kids] = np.maximum(oldest[with_kids] + at_birth[with_kids], 18).astype(np.int64)
    for t, key in ((SINGLE, "single"), (COUPLE, "couple_without_children"), (OTHER, "other")):
        sel = hs.htype == t
        aanvrager_age[sel] = band_ages(rng, roles_cfg[key], int(sel.sum()))
    return aanvrager_age


def ages(rng: np.random.Generator, hs: Households) -> tuple[np.ndarray, np.ndarray]:
    """Every person's age at the peildatum (at most 104), and every household's aanvrager's (not capped)."""
    roles_cfg = distributions()["adult_age_by_role"]
    age = np.zeros(hs.persons, dtype=np.int64)
    oldest, child_age = _child_ages(rng, hs)
    age[hs.kind] = child_age
    aanvrager_age = _aanvrager_ages(rng, hs, oldest)
    age[hs.aanvrager] = aanvrager_age
    is_p, is_m = hs.partner, hs.medebewoner
    diff = roles_cfg["partner_age_difference"]
    age[is_p] = np.maximum(
        aanvrager_age[hs.hh[is_p]] + rng.normal(diff["mean"], diff["sd"], int(is_p.sum())).round(), 18
    )
    age[is_m] = band_ages(rng, roles_cfg["medebewoner"], int(is_m.sum()))
    return np.minimum(age, 104), aanvrager_age


def birth_dates(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    """A birth date (days since 1970, for date32) ``age`` whole years before the peildatum, the day drawn."""
    peildatum = date.fromisoformat(distributions()["reference_date"]["value"])
    days = (age * 365.2425 + rng.random(len(age)) * 365.0).astype(np.int64)
    epoch = (peildatum - date(1970, 1, 1)).days
    return (epoch - days - 1).astype(np.int32)


def aow_years_not_insured(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    """Years a person was not insured for the AOW (lived abroad), for a share of the persons, at most the years
    between 15 and the AOW age."""
    d = distributions()
    flag = d["person_flags"]["aow_jaren_niet_verzekerd"]
    aow_age = d["proxy_thresholds_2026"]["aow"]["age"]
    abroad = rng.random(len(age)) < flag["share"]
    max_years = np.clip(np.minimum(age, aow_age) - 15, 0, flag["max_years"])
    return np.where(abroad, np.floor(rng.random(len(age)) * (max_years + 1)), 0.0)


def _latent_income(rng: np.random.Generator, hs: Households, age: np.ndarray) -> np.ndarray:
    """Each person's income rank as a standard normal: a shift by age plus noise."""
    inc_cfg = distributions()["income_age_shift"]
    shift = np.zeros(hs.persons)
    for low, high, s in inc_cfg["bands"]:
        shift[(age >= low) & (age <= high)] = s
    noise = rng.standard_normal(hs.persons)
    rho = inc_cfg["partner_correlation"]
    is_p = hs.partner
    # A partner's noise leans on the aanvrager's: mild assortative matching.
    noise[is_p] = rho * noise[hs.start[hs.hh[is_p]]] + math.sqrt(1 - rho**2) * noise[is_p]
    return shift + 0.929 * noise  # 0.929: the age shifts take ~0.14 of the unit variance


def _household_income_rank(hs: Households, latent: np.ndarray) -> np.ndarray:
    """The aanvrager's and partner's latent ranks together, standard normal again: the joint income's driver."""
    rho = distributions()["income_age_shift"]["partner_correlation"]
    start, has_partner = hs.start, hs.has_partner
    z_hh = latent[start].copy()
    z_hh[has_partner] = (latent[start[has_partner]] + latent[start[has_partner] + 1]) / math.sqrt(2 * (1 + rho))
    return z_hh


def incomes(rng: np.random.Generator, hs: Households, age: np.ndarray, jaren_niet: np.ndarray) -> Income:
    """The yearly toetsingsinkomen: adults' from their rank, pensioners' at least their (partial) AOW, a share of
    teenagers' from a side job."""
    d = distributions()
    aow = d["proxy_thresholds_2026"]["aow"]
    latent = _latent_income(rng, hs, age)
    adult = age >= 18
    inkomen = np.where(adult, income_from_rank(normal_cdf(latent)), 0.0)
    couple = hs.has_partner[hs.hh] & hs.aanvrager_or_partner
    aow_year = np.where(couple, aow["bruto_gehuwd"], aow["bruto_alleenstaande"]) * 12
    opbouw = np.clip(1.0 - 0.02 * jaren_niet, 0.0, 1.0)
    inkomen = np.where(age >= aow["age"], np.maximum(inkomen, aow_year * opbouw), inkomen)
    teen = d["income_age_shift"]["teen_job"]
    job = (~adult) & (age >= teen["min_age"]) & (rng.random(hs.persons) < teen["share"])
    inkomen[job] = rng.uniform(teen["low"], teen["high"], int(job.sum()))
    inkomen = np.round(inkomen, 0)
    joint = hs.total(np.where(hs.aanvrager_or_partner, inkomen, 0.0))
    return Income(inkomen, adult, _household_income_rank(hs, latent), joint)


def _tenure(rng: np.random.Generator, household_rank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which households rent, and which of those rent socially: the rent share, lower incomes renting more."""
    ten = distributions()["tenure"]
    nh = len(household_rank)
    c = ten["income_correlation"]
    score = -c * household_rank + math.sqrt(1 - c**2) * rng.standard_normal(nh)
    n_rent = round(nh * ten["rent_share"])
    renter = np.zeros(nh, dtype=bool)
    renter[np.argsort(score, kind="stable")[nh - n_rent :]] = True
    social = np.zeros(nh, dtype=bool)
    rent_idx = np.flatnonzero(renter)
    s2 = c * household_rank[rent_idx] + math.sqrt(1 - c**2) * rng.standard_normal(len(rent_idx))
    social[rent_idx[np.argsort(s2, kind="stable")[: round(len(rent_idx) * ten["social_share_of_rent"])]]] = True
    return renter, social


def _rents(rng: np.random.Generator, renter: np.ndarray, social: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The monthly rent with service costs, and without: social and private rents apart; 0 for an owner."""
    rent_cfg = distributions()["rent"]
    soc, pri = rent_cfg["social"], rent_cfg["private"]
    huur = np.zeros(len(renter))
    huur[social] = np.clip(rng.normal(soc["mean"], soc["sd"], int(social.sum())), soc["min"], None)
    private = renter & ~social
    huur[private] = np.clip(
        pri["median"] * np.exp(pri["sigma"] * rng.standard_normal(int(private.sum()))), pri["min"], pri["max"]
    )
    kale_huur = np.round(huur, 2)
    huur[renter] += rng.random(int(renter.sum())) * rent_cfg["service_costs"]["max"]
    return np.round(huur, 2), kale_huur


def _zelfstandig(rng: np.random.Generator, hs: Households, aanvrager_age: np.ndarray, renter: np.ndarray) -> np.ndarray:
    """Whether the home is self-contained: a share of renters, more of young singles, rent a room."""
    unz = distributions()["rent"]["unzelfstandig"]
    young_single = (hs.htype == SINGLE) & (aanvrager_age < 25)
    p_unz = np.where(young_single, unz["young_single_renter_share"], unz["other_renter_share"])
    return ~(renter & (rng.random(hs.count) < p_unz))


def homes(rng: np.random.Generator, hs: Households, aanvrager_age: np.ndarray, household_rank: np.ndarray) -> Home:
    renter, social = _tenure(rng, household_rank)
    huur, kale_huur = _rents(rng, renter, social)
    return Home(renter, huur, kale_huur, _zelfstandig(rng, hs, aanvrager_age, renter))


def _household_savings(rng: np.random.Generator, aanvrager_age: np.ndarray, household_rank: np.ndarray) -> np.ndarray:
    """A household's wealth, lognormal by the main earner's age band, leaning on the household's income rank."""
    sav = distributions()["savings"]
    zc = sav["income_correlation"]
    z_w = zc * household_rank + math.sqrt(1 - zc**2) * rng.standard_normal(len(household_rank))
    hh_wealth = np.zeros(len(household_rank))
    for band in sav["by_age_of_main_earner_thousands"]:
        sel = aanvrager_age >= band["min_age"]
        hh_wealth[sel] = lognormal_from(rng, band["median"] * 1000, band["mean"] * 1000, z_w[sel])
    return hh_wealth


def savings(rng: np.random.Generator, hs: Households, aanvrager_age: np.ndarray, income: Income) -> Wealth:
    """Vermogen: the household's split between aanvrager and partner, other adults' own."""
    hh_wealth = _household_savings(rng, aanvrager_age, income.household_rank)
    joint_member = hs.aanvrager_or_partner
    share = np.where(hs.has_partner[hs.hh], 0.5, 1.0)
    vermogen = np.where(joint_member, hh_wealth[hs.hh] * share, 0.0)
    other_adult = income.adult & ~joint_member
    oa = distributions()["savings"]["other_adults"]
    vermogen[other_adult] = oa["median"] * np.exp(oa["sigma"] * rng.standard_normal(int(other_adult.sum())))
    vermogen = np.round(vermogen, 0)
    return Wealth(vermogen, joint=hs.total(np.where(joint_member, vermogen, 0.0)), all=hs.total(vermogen))


def _municipal_taxes(rng: np.random.Generator, hs: Households, renter: np.ndarray) -> np.ndarray:
    """The household's yearly municipal tax bill: by tenure and size, one level for the whole municipality."""
    tax = distributions()["municipal_taxes"]
    spread = math.exp(tax["municipal_spread_sigma"] * rng.standard_normal())  # one level per municipality
    single_hh = hs.size == 1
    aanslag = np.where(
        renter,
        np.where(single_hh, tax["tenant_single"], tax["tenant_multi"]),
        tax["owner_multi_excluding_ozb"] * np.where(single_hh, tax["owner_single_factor"], 1.0),
    )
    return np.round(aanslag * spread * np.exp(0.05 * rng.standard_normal(hs.count)), 2)


def kwijtschelding_inputs(rng: np.random.Generator, hs: Households, home: Home, inkomen: np.ndarray) -> Kwijtschelding:
    """The household facts the kwijtschelding rules ask for: the bill, the monthly net income, costs."""
    aanslag = _municipal_taxes(rng, hs, home.renter)
    net_cfg = distributions()["net_income"]
    netto_person = net_from_gross(inkomen)
    netto = np.round(hs.total(np.where(hs.aanvrager_or_partner, netto_person, 0.0)) / 12, 2)
    premium = net_cfg["health_premium_month"] * (1 + hs.has_partner)
    return Kwijtschelding(
        aanslag=aanslag,
        netto_inkomen=netto,
        uitgaven=np.round(np.maximum(home.huur - net_cfg["normhuur_month"], 0) * 0.5, 2),
        woon_en_zorglasten=np.round(home.huur + premium, 2),
    )


# Who is likely entitled: rough proxies of the rules (per household or per person), not the rules themselves.


def _thresholds() -> dict[str, Any]:
    return distributions()["proxy_thresholds_2026"]


def huurtoeslag_proxy(hs: Households, income: Income, home: Home, wealth: Wealth) -> np.ndarray:
    ht = _thresholds()["huurtoeslag"]
    inkomen, huur = income.inkomen, home.huur
    kid_income = hs.total(np.where(hs.kind, np.maximum(inkomen - 6218, 0), 0.0))
    other_income = hs.total(np.where(hs.medebewoner, inkomen, 0.0))
    hh_income = income.joint + kid_income + other_income
    multi = hs.size > 1
    ijkpunt = np.where(multi, ht["ijkpunt_multi"], ht["ijkpunt_single"])
    afbouw = np.where(multi, ht["afbouw_multi"], ht["afbouw_single"])
    reach = ijkpunt + 12 * 0.75 * np.maximum(huur - ht["basishuur_approx"], 0) / afbouw
    return (
        home.renter
        & home.zelfstandig
        & (huur <= ht["maximale_huurgrens"])
        & (wealth.all <= ht["vermogensgrens"] * hs.size)
        & (hh_income < reach)
    )


def zorgtoeslag_proxy(hs: Households, income: Income, wealth: Wealth) -> np.ndarray:
    """Per person: the aanvrager claims for the household (the partner is in that claim), another adult alone."""
    zt = _thresholds()["zorgtoeslag"]
    own_limit = (
        zt["drempelinkomen"]
        + (zt["standaardpremie"] - zt["normpercentage_drempel_alleenstaand"] * zt["drempelinkomen"])
        / zt["normpercentage_boven_drempel"]
    )
    pair_limit = (
        zt["drempelinkomen"]
        + (2 * zt["standaardpremie"] - zt["normpercentage_drempel_partner"] * zt["drempelinkomen"])
        / zt["normpercentage_boven_drempel"]
    )
    has_partner, joint = hs.has_partner, income.joint
    zt_a = np.where(has_partner, joint < pair_limit, joint < own_limit) & (
        wealth.joint <= np.where(has_partner, zt["vermogensgrens_partner"], zt["vermogensgrens_alleenstaand"])
    )
    alone = income.adult & ~hs.partner & (income.inkomen < own_limit)
    return np.where(hs.aanvrager, zt_a[hs.hh], alone & (wealth.vermogen <= zt["vermogensgrens_alleenstaand"]))


def kindgebonden_budget_proxy(hs: Households, income: Income, wealth: Wealth, minors: np.ndarray) -> np.ndarray:
    kb = _thresholds()["kindgebonden_budget"]
    has_partner = hs.has_partner
    kgb_reach = (
        np.where(has_partner, kb["drempel_met_partner"], kb["drempel_zonder_partner"])
        + (minors * kb["bedrag_per_kind"] + np.where(has_partner, 0, kb["alleenstaande_ouderkop"])) / kb["afbouw"]
    )
    return (
        (minors > 0)
        & (income.joint < kgb_reach)
        & (wealth.joint <= np.where(has_partner, kb["vermogensgrens_partner"], kb["vermogensgrens_alleenstaand"]))
    )


def kwijtschelding_proxy(hs: Households, kw: Kwijtschelding, wealth: Wealth) -> np.ndarray:
    k = _thresholds()["kwijtschelding"]
    norm = np.where(hs.has_partner, k["bijstandsnorm_gehuwden"], k["bijstandsnorm_alleenstaande"])
    return (kw.netto_inkomen - kw.uitgaven <= norm) & (wealth.joint <= norm + kw.woon_en_zorglasten + kw.aanslag)


def _take_up_rate(key: str) -> float:
    v = distributions()["take_up"]["non_take_up"][key]
    return 1.0 - (v["value"] if isinstance(v, dict) else v)


def take_up(
    rng: np.random.Generator,
    hs: Households,
    age: np.ndarray,
    income: Income,
    home: Home,
    wealth: Wealth,
    kw: Kwijtschelding,
) -> TakeUp:
    """Who receives what: of the likely entitled, a share by the published non-take-up. Zorgtoeslag and
    kindgebonden budget share one draw, kinderbijslag and AOW another."""
    draw = rng.random(hs.persons)
    draw_h = rng.random(hs.count)
    huurtoeslag = huurtoeslag_proxy(hs, income, home, wealth) & (draw_h < _take_up_rate("huurtoeslag"))
    zorgtoeslag = zorgtoeslag_proxy(hs, income, wealth) & (draw < _take_up_rate("zorgtoeslag"))
    minors = hs.total((hs.kind & (age < 18)).astype(np.float64))
    kgb_recht = kindgebonden_budget_proxy(hs, income, wealth, minors)
    kindgebonden_budget = hs.aanvrager & kgb_recht[hs.hh] & (draw < _take_up_rate("kindgebonden_budget"))
    draw2 = rng.random(hs.persons)
    kinderbijslag = hs.aanvrager & (minors[hs.hh] > 0) & (draw2 < _take_up_rate("kinderbijslag"))
    aow = (age >= _thresholds()["aow"]["age"]) & (draw2 < _take_up_rate("aow"))
    kw_recht = kwijtschelding_proxy(hs, kw, wealth)
    kwijtschelding = kw_recht & (rng.random(hs.count) < _take_up_rate("kwijtschelding"))
    return TakeUp(zorgtoeslag, kindgebonden_budget, kinderbijslag, aow, huurtoeslag, kwijtschelding)


def person_flags(rng: np.random.Generator, adult: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """heeft_handicap (a share of the adults) and verzekerd_zorgverzekering, per person."""
    flags = distributions()["person_flags"]
    handicap = adult & (rng.random(len(adult)) < flags["heeft_handicap"]["share_of_adults"])
    verzekerd = rng.random(len(adult)) < flags["verzekerd_zorgverzekering"]["share"]
    return handicap, verzekerd


def population_table(
    hs: Households,
    first_person: int,
    *,
    geboortedatum: np.ndarray,
    jaren_niet: np.ndarray,
    flags: tuple[np.ndarray, np.ndarray],
    income: Income,
    wealth: Wealth,
    home: Home,
    kw: Kwijtschelding,
    received: TakeUp,
) -> pa.Table:
    """The rows in the schema's columns, household facts repeated on every member's row. A person's identifier is
    a synthetic BSN of their person index; a household's, the aanvrager's person index + 1 (unique over the
    country)."""
    hh = hs.hh
    handicap, verzekerd = flags
    columns = {
        "persoon_id": synthetic_bsn(first_person + np.arange(hs.persons, dtype=np.int64)),
        "huishouden_id": np.repeat(first_person + hs.start + 1, hs.size),
        "rol": pc.take(pa.array(ROLES, type=pa.string()), pa.array(hs.role)),
        "geboortedatum": pa.array(geboortedatum, type=pa.date32()),
        "toetsingsinkomen": income.inkomen,
        "vermogen": wealth.vermogen,
        "aow_jaren_niet_verzekerd": jaren_niet,
        "heeft_handicap": handicap,
        "verzekerd_zorgverzekering": verzekerd,
        "woont_in_nederland": np.ones(hs.persons, dtype=bool),
        "kinderbijslag_kind_in_gezin": np.ones(hs.persons, dtype=bool),
        "ontvangt_zorgtoeslag": received.zorgtoeslag,
        "ontvangt_kindgebonden_budget": received.kindgebonden_budget,
        "ontvangt_kinderbijslag": received.kinderbijslag,
        "ontvangt_aow": received.aow,
        "huur": np.where(home.renter, home.kale_huur, 0.0)[hh],
        # Dienst Toeslagen knows the service costs of those who claim huurtoeslag; of anyone else the government
        # does not, and the estimate says what it assumed (issue 22).
        "servicekosten": np.where(home.renter & received.huurtoeslag, home.servicekosten, 0.0)[hh],
        "servicekosten_bekend": (home.renter & received.huurtoeslag)[hh],
        "zelfstandige_woning": home.zelfstandig[hh],
        "kwijtschelding_aanslag": kw.aanslag[hh],
        "kwijtschelding_netto_inkomen": kw.netto_inkomen[hh],
        "kwijtschelding_uitgaven": kw.uitgaven[hh],
        "kwijtschelding_woon_en_zorglasten": kw.woon_en_zorglasten[hh],
        "ontvangt_huurtoeslag": received.huurtoeslag[hh],
        "ontvangt_kwijtschelding": received.kwijtschelding[hh],
    }
    arrays = [
        pa.array(columns[f.name], type=f.type) if not isinstance(columns[f.name], pa.Array) else columns[f.name]
        for f in SCHEMA
    ]
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def generate_gemeente(code: str, persons: int, first_person: int, seed: int) -> pa.Table:
    """The population of one municipality: ``persons`` rows, identifiers from person index ``first_person``.
    The steps draw from the municipality's generator in this order."""
    rng = municipality_rng(seed, code)
    hs = households(rng, persons)
    age, aanvrager_age = ages(rng, hs)
    geboortedatum = birth_dates(rng, age)
    jaren_niet = aow_years_not_insured(rng, age)
    income = incomes(rng, hs, age, jaren_niet)
    home = homes(rng, hs, aanvrager_age, income.household_rank)
    wealth = savings(rng, hs, aanvrager_age, income)
    kw = kwijtschelding_inputs(rng, hs, home, income.inkomen)
    received = take_up(rng, hs, age, income, home, wealth, kw)
    flags = person_flags(rng, income.adult)
    return population_table(
        hs,
        first_person,
        geboortedatum=geboortedatum,
        jaren_niet=jaren_niet,
        flags=flags,
        income=income,
        wealth=wealth,
        home=home,
        kw=kw,
        received=received,
    )


# --- The country -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    out_dir: Path
    seed: int
    persons: int
    households: int
    gemeenten: int
    files: int
    bytes: int
    seconds: float


def allocate(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Share ``total`` out in proportion to ``weights`` (largest remainder, ties by code): deterministic, exact sum."""
    codes = list(weights)
    w = np.array([weights[c] for c in codes], dtype=np.float64)
    exact = total * w / w.sum()
    base = np.floor(exact).astype(np.int64)
    rest = total - int(base.sum())
    order = np.lexsort((np.arange(len(codes)), -(exact - base)))
    base[order[:rest]] += 1
    return {c: int(n) for c, n in zip(codes, base, strict=True)}


def _job(args: tuple[str, int, int, int, str]) -> tuple[str, int, int, int]:
    code, persons, first, seed, out = args
    table = generate_gemeente(code, persons, first, seed)
    path = write_partition(table, Path(out), code)
    households = int(pc.sum(pc.equal(table["rol"], "aanvrager")).as_py())
    return code, persons, households, path.stat().st_size


def plan(persons: int, weights: dict[str, int]) -> list[tuple[str, int, int]]:
    """(municipality, persons, first person index) for every municipality, in code order."""
    alloc = allocate(persons, weights)
    out, first = [], 0
    for code, n in alloc.items():
        out.append((code, n, first))
        first += n
    return out


def generate(
    out_dir: Path,
    persons: int,
    seed: int,
    progress: Callable[[str], None] | None = None,
    *,
    gemeenten: Iterable[str] | None = None,
    workers: int = 1,
    shared_dir: Path | None = None,
) -> Summary:
    """Write a synthetic population of ``persons`` people to ``out_dir`` (one Parquet file per municipality).

    ``gemeenten`` limits the work to those municipalities; their files are identical to the ones a full run
    writes. ``workers`` > 1 generates municipalities in parallel processes (same bytes)."""
    if not 0 < persons < 5 * 2 * BSN_BLOCK:
        raise ValueError("persons must be between 1 and 99,999,999")
    began = time.monotonic()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [j for j in plan(persons, address_weights(shared_dir)) if j[1] > 0]
    if gemeenten is not None:
        wanted = set(gemeenten)
        if unknown := wanted - set(address_weights(shared_dir)):
            raise ValueError(f"not a municipality code: {', '.join(sorted(unknown))}")
        jobs = [j for j in jobs if j[0] in wanted]
    # Largest first: the long jobs start early, so parallel workers finish together.
    jobs.sort(key=lambda j: (-j[1], j[0]))
    todo = sum(j[1] for j in jobs)
    done = households = size = files = 0
    last_report = 0.0
    args = [(code, n, first, seed, str(out_dir)) for code, n, first in jobs]

    def report(result: tuple[str, int, int, int]) -> None:
        nonlocal done, households, size, files, last_report
        done += result[1]
        households += result[2]
        size += result[3]
        files += 1
        now = time.monotonic()
        if progress and (now - last_report >= 2.0 or done == todo):
            last_report = now
            rate = done / max(now - began, 1e-9)
            left = (todo - done) / rate if rate else 0.0
            progress(f"{done:,}/{todo:,} persons ({files} municipalities), {rate:,.0f}/s, about {left:,.0f} s left")

    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(_job, args):
                report(result)
    else:
        for a in args:
            report(_job(a))
    return Summary(out_dir, seed, done, households, len(jobs), files, size, time.monotonic() - began)
