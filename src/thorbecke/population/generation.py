"""A synthetic population of the Netherlands, and the checks every population file must pass before screening.

``generate`` writes persons and households for the whole country (or a share of it) in the layout of
:mod:`thorbecke.population.schema`: ``<out>/gemeente=GM0344/part-0.parquet``, one row per person, a household's
members on consecutive rows (aanvrager first), household facts repeated on every member's row. The figures it
follows are in ``data/cbs_distributions.json``, each with its CBS table and year, or marked as our assumption.

Reproducible: each municipality is generated alone from a generator seeded with ``(seed, municipality number)``,
and its persons get a block of identifiers fixed before anything random happens (persons are shared out over the
municipalities by their address counts). So the same seed gives the same bytes however the work is split, and one
municipality can be regenerated without the others.

``validate`` refuses a malformed or partial population (naming file, row and field) so the screening can stop
before it writes any result; ``read`` yields the partitions one by one.
"""

from __future__ import annotations

import csv
import json
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from thorbecke.caches import process_cache
from thorbecke.locations import shared_data_dir
from thorbecke.population.schema import HOUSEHOLD_INPUTS, ROLES, SCHEMA

DISTRIBUTIONS = Path(__file__).parent / "data" / "cbs_distributions.json"
ADDRESSES = Path("geo") / "pc4_gemeente_2024.csv"  # under SHARED_DATA_DIR
PARTITION = re.compile(r"^gemeente=(GM\d{4})$")
ROW_GROUP = 100_000
FILE_NAME = "part-0.parquet"

# Household types; the order is the order of the shares in the JSON's derived_counts.
SINGLE, COUPLE, FAMILY, SINGLE_PARENT, OTHER = range(5)
TYPE_KEYS = ("single", "couple_without_children", "couple_with_children", "single_parent", "other")
AANVRAGER, PARTNER, KIND, MEDEBEWONER = range(4)

NON_NEGATIVE = (
    "toetsingsinkomen",
    "vermogen",
    "aow_jaren_niet_verzekerd",
    "huur",
    "kwijtschelding_aanslag",
    "kwijtschelding_netto_inkomen",
    "kwijtschelding_uitgaven",
    "kwijtschelding_woon_en_zorglasten",
)
BSN_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1], dtype=np.int64)
# Identifiers are spread over 10M-number blocks by their first digit; an affine step within a block hides the
# running order (a BSN must not reveal sequence) while staying a bijection.
BSN_BLOCK = 10_000_000
BSN_STEP, BSN_OFFSET = 3_141_593, 2_718_281  # gcd(BSN_STEP, 10) == 1


class PopulationError(ValueError):
    """A population file that does not meet the contract: names the file, the row (0-based, within the file;
    None for a problem with the whole file or its schema) and the field."""

    def __init__(self, file: Path | str, row: int | None, field: str | None, reason: str) -> None:
        self.file, self.row, self.field, self.reason = str(file), row, field, reason
        where = f"file {self.file}"
        where += f", row {row}" if row is not None else ", row - (whole file)"
        where += f", field {field}" if field else ""
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type, tuple]:
        # Raised in worker processes: travels back to the parent by pickling, with all four parts.
        return type(self), (self.file, self.row, self.field, self.reason)


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


# --- Figures ---------------------------------------------------------------------------------------------------


@process_cache()
def distributions() -> dict[str, Any]:
    """The published figures and our assumptions, as one dict (see the JSON's ``_about``)."""
    return json.loads(DISTRIBUTIONS.read_text(encoding="utf-8"))


def _address_rows(shared_dir: Path | None) -> list[dict[str, str]]:
    with ((shared_dir or shared_data_dir()) / ADDRESSES).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def address_weights(shared_dir: Path | None = None) -> dict[str, int]:
    """Addresses per municipality (CBS pc6hnr 2024 via the PC4 table): where households live."""
    counts: dict[str, int] = {}
    for row in _address_rows(shared_dir):
        counts[row["gemeentecode"]] = counts.get(row["gemeentecode"], 0) + int(row["adressen"])
    return dict(sorted(counts.items()))


def municipality_names(shared_dir: Path | None = None) -> dict[str, str]:
    """The name of every municipality (CBS 2024) by its code."""
    return {row["gemeentecode"]: row["gemeentenaam"] for row in _address_rows(shared_dir)}


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


# --- Identifiers -----------------------------------------------------------------------------------------------


def bsn_digits(values: np.ndarray) -> np.ndarray:
    """The nine digits of each number (leading zeros included), one row per number."""
    powers = 10 ** np.arange(8, -1, -1, dtype=np.int64)
    return (values[:, None] // powers) % 10


def is_bsn(values: np.ndarray) -> np.ndarray:
    """Whether each number is a possible BSN: 1..999,999,999 and passing the 11-test (weights 9..2 and -1)."""
    values = np.asarray(values, dtype=np.int64)
    ok = (values > 0) & (values <= 999_999_999)
    digits = bsn_digits(np.where(ok, values, 0))
    return ok & ((digits @ BSN_WEIGHTS) % 11 == 0)


def synthetic_bsn(index: np.ndarray) -> np.ndarray:
    """A unique nine-digit number passing the 11-test for each person index (0 <= index < 50M).

    The index picks a block (first digit pair {1,2}, {3,4}, ...) and, scrambled, the eight digits after the first;
    the last of those eight is the check digit. When the 11-test would need a check digit of 10, the first digit
    moves to the block's second value, which shifts the sum by 9 and makes the check digit 8: still unique, since
    the two first digits belong to this block alone."""
    index = np.asarray(index, dtype=np.int64)
    block, within = np.divmod(index, BSN_BLOCK)
    middle = (within * BSN_STEP + BSN_OFFSET) % BSN_BLOCK  # seven digits, d2..d8
    first = 2 * block + 1
    mid_digits = bsn_digits(middle)[:, 2:]  # d2..d8
    rest = mid_digits @ BSN_WEIGHTS[1:8]
    check = (9 * first + rest) % 11
    bad = check == 10
    first = np.where(bad, first + 1, first)
    check = np.where(bad, (9 * first + rest) % 11, check)
    return first * 100_000_000 + middle * 10 + check


# --- Sampling helpers ------------------------------------------------------------------------------------------


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF (Abramowitz & Stegun 7.1.26, error < 1.5e-7): numpy has no erf and scipy is not a
    dependency."""
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = 1.0 - poly * np.exp(-z * z)
    return 0.5 * (1.0 + np.sign(x) * erf)


def income_from_rank(u: np.ndarray) -> np.ndarray:
    """Map a rank in [0, 1) to a personal income following 83931NED's classes and class means."""
    classes = distributions()["personal_income"]["classes"]
    counts = np.array([c["persons_thousands"] for c in classes])
    edges = np.concatenate([[0.0], np.cumsum(counts) / counts.sum()])
    edges[-1] = 1.0
    k = np.searchsorted(edges, u, side="right") - 1
    k = np.clip(k, 0, len(classes) - 1)
    v = (u - edges[k]) / (edges[k + 1] - edges[k])
    out = np.empty_like(u)
    for i, c in enumerate(classes):
        sel = k == i
        if not sel.any():
            continue
        low, mean = c["low"], c["mean_thousands"] * 1000
        if c["high"] is None:
            alpha = mean / (mean - low)  # Pareto with the published class mean
            out[sel] = low * (1.0 - np.minimum(v[sel], 1 - 1e-9)) ** (-1.0 / alpha)
        else:
            power = (c["high"] - low) / (mean - low) - 1.0  # low + width * v^power has the published mean
            out[sel] = low + (c["high"] - low) * v[sel] ** power
    return out


def band_ages(rng: np.random.Generator, weights: list[float], n: int) -> np.ndarray:
    """Ages from 5-year band weights starting at 18-19, 20-24, ... (uniform within a band)."""
    lows = np.array([18, *range(20, 100, 5)])
    highs = np.array([20, *range(25, 105, 5)])
    p = np.asarray(weights, dtype=np.float64)
    band = rng.choice(len(p), size=n, p=p / p.sum())
    return lows[band] + (rng.random(n) * (highs[band] - lows[band])).astype(np.int64)


def lognormal_from(rng: np.random.Generator, median: float, mean: float, z: np.ndarray) -> np.ndarray:
    """Lognormal with the given median and mean, driven by standard normal ``z``."""
    sigma = math.sqrt(2.0 * math.log(mean / median))
    return median * np.exp(sigma * z)


def net_from_gross(gross: np.ndarray) -> np.ndarray:
    """A rough yearly net income: gross less an effective rate interpolated on a small table (not a tax calculation)."""
    net = distributions()["net_income"]
    return gross * (1.0 - np.interp(gross, net["gross"], net["tax_rate"]))


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
    huur: np.ndarray  # a month, 0 for an owner
    zelfstandig: np.ndarray


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


def _rents(rng: np.random.Generator, renter: np.ndarray, social: np.ndarray) -> np.ndarray:
    """The monthly rent with service costs: social and private rents apart; 0 for an owner."""
    rent_cfg = distributions()["rent"]
    soc, pri = rent_cfg["social"], rent_cfg["private"]
    huur = np.zeros(len(renter))
    huur[social] = np.clip(rng.normal(soc["mean"], soc["sd"], int(social.sum())), soc["min"], None)
    private = renter & ~social
    huur[private] = np.clip(
        pri["median"] * np.exp(pri["sigma"] * rng.standard_normal(int(private.sum()))), pri["min"], pri["max"]
    )
    huur[renter] += rng.random(int(renter.sum())) * rent_cfg["service_costs"]["max"]
    return np.round(huur, 2)


def _zelfstandig(rng: np.random.Generator, hs: Households, aanvrager_age: np.ndarray, renter: np.ndarray) -> np.ndarray:
    """Whether the home is self-contained: a share of renters, more of young singles, rent a room."""
    unz = distributions()["rent"]["unzelfstandig"]
    young_single = (hs.htype == SINGLE) & (aanvrager_age < 25)
    p_unz = np.where(young_single, unz["young_single_renter_share"], unz["other_renter_share"])
    return ~(renter & (rng.random(hs.count) < p_unz))


def homes(rng: np.random.Generator, hs: Households, aanvrager_age: np.ndarray, household_rank: np.ndarray) -> Home:
    renter, social = _tenure(rng, household_rank)
    huur = _rents(rng, renter, social)
    return Home(renter, huur, _zelfstandig(rng, hs, aanvrager_age, renter))


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
        "huur": np.where(home.renter, home.huur, 0.0)[hh],
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


def write_partition(table: pa.Table, out_dir: Path, code: str) -> Path:
    """Write one municipality's table; through a temporary name so a crash never leaves a half file under the
    final name."""
    folder = out_dir / f"gemeente={code}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    tmp = folder / f".{FILE_NAME}.tmp"
    pq.write_table(table, tmp, row_group_size=ROW_GROUP, compression="zstd", write_statistics=True)
    tmp.replace(path)
    return path


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


# --- Reading and validating ------------------------------------------------------------------------------------


def partition_files(path: Path) -> list[tuple[str, Path]]:
    """(municipality, file) for every Parquet file under ``path``, in code and name order. A partition folder whose
    name is not ``gemeente=GM....`` is refused."""
    path = Path(path)
    if not path.is_dir():
        raise PopulationError(path, None, None, "not a directory with gemeente=GM.... partitions")
    found = []
    for folder in sorted(p for p in path.iterdir() if not p.name.startswith((".", "_"))):
        m = PARTITION.match(folder.name)
        if not folder.is_dir() or not m:
            raise PopulationError(folder, None, "gemeente", "partition name is not gemeente=GM followed by four digits")
        found += [(m.group(1), f) for f in sorted(folder.glob("*.parquet"))]
    if not found:
        raise PopulationError(path, None, None, "no population files (gemeente=GM..../*.parquet)")
    return found


def _read_file(file: Path) -> pa.Table:
    try:
        table = pq.read_table(file)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for a truncated or corrupt file
        raise PopulationError(file, None, None, f"unreadable or truncated Parquet file ({exc})") from exc
    names = table.schema.names
    for field in SCHEMA:
        if field.name not in names:
            raise PopulationError(file, None, field.name, "missing column")
    for name in names:
        if SCHEMA.get_field_index(name) < 0:
            raise PopulationError(file, None, name, "extra column, not in the population schema")
    for field in SCHEMA:
        actual = table.schema.field(field.name).type
        if actual != field.type:
            raise PopulationError(file, None, field.name, f"type {actual}, expected {field.type}")
    return table.select(SCHEMA.names)


def read(path: Path) -> Iterator[tuple[str, pa.Table]]:
    """Yield (municipality, table) per partition file, the columns in schema order. Checks the schema of each file;
    call ``validate`` first to check the contents before anything is written."""
    for code, file in partition_files(path):
        yield code, _read_file(file)


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _known_codes(shared_dir: Path | None) -> set[str] | None:
    try:
        return set(address_weights(shared_dir))
    except OSError:
        return None  # without the shared table only the code's form is checked


def validate_table(table: pa.Table, file: Path | str) -> None:
    """Check one file's contents (schema already checked): nulls, values, roles, BSNs and households."""
    for name in SCHEMA.names:
        col = table[name]
        if col.null_count:
            raise PopulationError(file, _first(col.is_null().to_numpy(zero_copy_only=False)), name, "null value")
    for name in NON_NEGATIVE:
        values = table[name].to_numpy()
        bad = ~np.isfinite(values)
        if bad.any():
            raise PopulationError(file, _first(bad), name, "not a finite number")
        bad = values < 0
        if bad.any():
            raise PopulationError(file, _first(bad), name, f"negative ({values[_first(bad)]})")
    rol = table["rol"]
    bad = ~pc.is_in(rol, value_set=pa.array(ROLES)).to_numpy(zero_copy_only=False)
    if bad.any():
        raise PopulationError(file, _first(bad), "rol", f"role {rol[_first(bad)].as_py()!r} is not one of {ROLES}")
    ids = table["persoon_id"].to_numpy()
    bad = ~is_bsn(ids)
    if bad.any():
        raise PopulationError(
            file, _first(bad), "persoon_id", f"{ids[_first(bad)]} is not a nine-digit BSN passing the 11-test"
        )
    order = np.argsort(ids, kind="stable")
    dup = np.flatnonzero(ids[order][1:] == ids[order][:-1])
    if len(dup):
        rows = np.sort(order[dup[0] : dup[0] + 2])
        raise PopulationError(file, int(rows[1]), "persoon_id", f"duplicate of row {rows[0]}")

    hh = table["huishouden_id"].to_numpy()
    n = len(hh)
    if n == 0:
        return
    starts = np.flatnonzero(np.concatenate([[True], hh[1:] != hh[:-1]]))
    run_ids = hh[starts]
    order = np.argsort(run_ids, kind="stable")
    dup = np.flatnonzero(run_ids[order][1:] == run_ids[order][:-1])
    if len(dup):
        later = int(max(order[dup[0]], order[dup[0] + 1]))
        raise PopulationError(file, int(starts[later]), "huishouden_id", "household split over non-consecutive rows")
    is_a = pc.equal(rol, "aanvrager").to_numpy(zero_copy_only=False)
    per_hh = np.add.reduceat(is_a.astype(np.int64), starts)
    bad = per_hh != 1
    if bad.any():
        k = _first(bad)
        reason = "household has no aanvrager" if per_hh[k] == 0 else f"household has {per_hh[k]} aanvragers"
        row = int(starts[k]) if per_hh[k] == 0 else int(np.flatnonzero(is_a[starts[k] :])[1] + starts[k])
        raise PopulationError(file, row, "rol", reason)
    # Household facts are read from the aanvrager's row; a member that disagrees means a broken join upstream.
    sizes = np.diff(np.append(starts, n))
    aanvrager_row = np.repeat(np.flatnonzero(is_a), sizes)
    for name in HOUSEHOLD_INPUTS:
        values = table[name].to_numpy(zero_copy_only=False)
        bad = values != values[aanvrager_row]
        if bad.any():
            raise PopulationError(file, _first(bad), name, "household fact differs from the aanvrager's row")


def validate(path: Path, *, shared_dir: Path | None = None) -> None:
    """Refuse a malformed or partial population: raises PopulationError naming the file, row and field.

    Checks partition names (and, when the shared address table is there, that the code is a 2024 municipality),
    readability, columns and types, nulls, negative or non-finite amounts, roles, BSNs (11-test, unique over all
    files), one aanvrager per household, households on consecutive rows and in one file only, and household facts
    equal on every member's row."""
    known = _known_codes(shared_dir)
    files = partition_files(path)
    all_ids, id_file, id_row = [], [], []
    hh_ids, hh_file, hh_row = [], [], []
    for i, (code, file) in enumerate(files):
        if known is not None and code not in known:
            raise PopulationError(file.parent, None, "gemeente", f"{code} is not a municipality code (CBS 2024)")
        table = _read_file(file)
        validate_table(table, file)
        ids = table["persoon_id"].to_numpy()
        all_ids.append(ids)
        id_file.append(np.full(len(ids), i, dtype=np.int32))
        id_row.append(np.arange(len(ids), dtype=np.int64))
        hh = table["huishouden_id"].to_numpy()
        starts = np.flatnonzero(np.concatenate([[True], hh[1:] != hh[:-1]])) if len(hh) else np.zeros(0, np.int64)
        hh_ids.append(hh[starts])
        hh_file.append(np.full(len(starts), i, dtype=np.int32))
        hh_row.append(starts)
    for values, fidx, rows, field, reason in (
        (all_ids, id_file, id_row, "persoon_id", "duplicate persoon_id, also in"),
        (hh_ids, hh_file, hh_row, "huishouden_id", "household split over files, also in"),
    ):
        v, f, r = np.concatenate(values), np.concatenate(fidx), np.concatenate(rows)
        order = np.argsort(v, kind="stable")
        dup = np.flatnonzero(v[order][1:] == v[order][:-1])
        if len(dup):
            a, b = order[dup[0]], order[dup[0] + 1]
            raise PopulationError(files[f[b]][1], int(r[b]), field, f"{reason} {files[f[a]][1]} row {r[a]}")


def household_of(path: Path, gemeente: str, persoon_id: int) -> pa.Table:
    """The current rows of a person's household, read from the municipality's partition: what a life event's
    re-screening asks of the source. Raises PopulationError when the person is not there."""
    file = Path(path) / f"gemeente={gemeente}" / FILE_NAME
    if not file.exists():
        raise PopulationError(file, None, None, f"no population for {gemeente}")
    person = pq.read_table(file, columns=["huishouden_id"], filters=[("persoon_id", "=", persoon_id)])
    if person.num_rows != 1:
        raise PopulationError(file, None, "persoon_id", f"{persoon_id} does not live in {gemeente}")
    household = person["huishouden_id"][0].as_py()
    table = pq.read_table(file, filters=[("huishouden_id", "=", household)])
    return table.append_column("gemeente", pa.array([gemeente] * table.num_rows, pa.string()))
