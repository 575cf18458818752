"""Demand, pooled: needs aggregated by kind (service model), period (the quarter a need starts) and layer of
government; bundles of needs for joint procurement, with the offerings that meet every member's constraints.

A bundle's offerings are the intersection of what each member alone accepts (``matching.passing``), ranked by
Sovereignty Score (higher first), then by total cost (lower first, unknown last), then by name. The total cost is
price per unit per month x each member's volume x that member's months, summed. When no offering meets them all,
the joint funnel says at which gate the last offering drops out, and per member what it alone would accept and its
condition at that gate. Worked examples in ``tests/cloud/test_pooling.py``."""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thorbecke.cloud import matching
from thorbecke.cloud.matching import GATES, Constraints, Match
from thorbecke.cloud.models import Bundle, Need
from thorbecke.cloud.supply import Supply, supply
from thorbecke.registry import layers
from thorbecke.registry.models import Organisation


def period_of(day: date) -> str:
    """The quarter a day is in, as a key: 2027-Q1."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period_label(key: str) -> str:
    """The quarter for people: 2027-K1 in Dutch, 2027-Q1 in English."""
    year, quarter = key.split("-Q")
    return pgettext("quarter of a year", "%(year)s-Q%(quarter)s") % {"year": year, "quarter": quarter}


def layer_of(organisation: Organisation) -> str:
    return layers.of(organisation.org_type, organisation.parent_id)


@dataclass
class Cell:
    """The needs of one kind, starting in one quarter, of one layer of government."""

    service_model: str
    period: str
    layer: str
    needs: int = 0
    organisations: int = 0
    volumes: dict[str, int] = field(default_factory=dict)  # per unit, as the needs give it
    budget_eur: float = 0.0  # of the needs that give a budget
    without_budget: int = 0

    @property
    def layer_label(self) -> str:
        return str(layers.BY_KEY[self.layer].label) if self.layer in layers.BY_KEY else self.layer

    @property
    def period_label(self) -> str:
        return period_label(self.period)


def aggregate(needs: QuerySet[Need] | None = None, *, kind: str = "", period: str = "", layer: str = "") -> list[Cell]:
    """The cells of these needs (all when None), filtered, ordered by period, kind and layer."""
    queryset = Need.objects.all() if needs is None else needs
    if kind:
        queryset = queryset.filter(service_model=kind)
    cells: dict[tuple[str, str, str], Cell] = {}
    members: dict[tuple[str, str, str], set[int]] = {}
    rows = queryset.values_list(
        "service_model", "starts_on", "organisation_id", "organisation__org_type", "organisation__parent_id",
        "volume", "unit", "budget_eur",
    )  # fmt: skip
    for model, starts_on, org, org_type, parent, volume, unit, budget in rows:
        key = (model, period_of(starts_on), layers.of(org_type, parent))
        if (period and key[1] != period) or (layer and key[2] != layer):
            continue
        cell = cells.setdefault(key, Cell(*key))
        members.setdefault(key, set()).add(org)
        cell.needs += 1
        cell.volumes[unit] = cell.volumes.get(unit, 0) + volume
        if budget is None:
            cell.without_budget += 1
        else:
            cell.budget_eur += float(budget)
    order = {known.key: i for i, known in enumerate(layers.LAYERS)}
    for key, cell in cells.items():
        cell.organisations = len(members[key])
    return sorted(cells.values(), key=lambda c: (c.period, c.service_model, order.get(c.layer, len(order))))


def needs_in(kind: str = "", period: str = "", layer: str = "") -> list[Need]:
    """The needs of a cell (or of a row or column of cells, where a part is left out)."""
    queryset = Need.objects.select_related("organisation").order_by("starts_on", "organisation__sort_name", "pk")
    if kind:
        queryset = queryset.filter(service_model=kind)
    return [
        n
        for n in queryset
        if (not period or period_of(n.starts_on) == period) and (not layer or layer_of(n.organisation) == layer)
    ]


class PoolingError(ValueError):
    """Bad input for a bundle, with the field it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def same_unit(unit: str) -> str:
    return " ".join(unit.split()).casefold()


def check_members(needs: Iterable[Need]) -> None:
    """A bundle pools at least two needs whose volumes add up: one service model, one unit."""
    needs = list(needs)
    if len(needs) < 2:
        raise PoolingError("needs", _("Choose at least two needs to pool."))
    models = sorted({n.service_model for n in needs})
    if len(models) > 1:
        raise PoolingError(
            "needs",
            _("The needs are of different service models (%(models)s): pool needs of one model.")
            % {"models": ", ".join(models)},
        )
    units = sorted({same_unit(n.unit) for n in needs})
    if len(units) > 1:
        raise PoolingError(
            "needs",
            _("The needs count their volume in different units (%(units)s), so it cannot add up.")
            % {"units": ", ".join(units)},
        )


def form_bundle(title: str, notes: str, needs: Iterable[Need], by: Organisation) -> Bundle:
    needs = list(needs)
    if not title.strip():
        raise PoolingError("title", _("Give the bundle a title."))
    check_members(needs)
    bundle = Bundle.objects.create(title=title.strip(), notes=notes, created_by=by)
    bundle.needs.set(needs)
    return bundle


@dataclass(frozen=True)
class Window:
    """From the earliest start to the latest end; the overlap is when every member runs (None: there is none)."""

    starts_on: date
    ends_on: date
    overlap_from: date | None
    overlap_until: date | None


def window(needs: Iterable[Need]) -> Window:
    needs = list(needs)
    start, end = min(n.starts_on for n in needs), max(n.ends_on for n in needs)
    latest_start, earliest_end = max(n.starts_on for n in needs), min(n.ends_on for n in needs)
    if latest_start > earliest_end:
        return Window(start, end, None, None)
    return Window(start, end, latest_start, earliest_end)


@dataclass(frozen=True)
class Offer:
    offering_id: int
    name: str
    provider: str
    score: float
    cost: float | None  # over every member; None when the offering has no list price
    # Why it passes and what it lacks, each member's reasons once (the members' conditions differ).
    passes: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()


@dataclass(frozen=True)
class JointStep:
    gate: str
    left: int  # offerings every member still accepts after this gate


@dataclass(frozen=True)
class Member:
    """A member need when no offering meets them all: what it alone accepts, and its condition at the blocking
    gate, with how many of the offerings left before that gate it keeps."""

    need: Need
    accepts: list[Match]
    total: int
    blocker: str  # when it alone has no match either: what blocks it
    condition: str
    keeps: int


@dataclass(frozen=True)
class BundleOffers:
    offers: list[Offer]
    funnel: list[JointStep]
    blocked_by: str | None  # the gate where the joint set runs out
    members: list[Member]


def bundle_offers(bundle: Bundle, s: Supply | None = None) -> BundleOffers:
    needs = list(bundle.needs.select_related("organisation").order_by("organisation__sort_name", "pk"))
    return offers_for(needs, s)


def offers_for(needs: list[Need], s: Supply | None = None) -> BundleOffers:
    s = supply() if s is None else s
    constraints = [Constraints.of(n) for n in needs]
    joint: set[int] | None = None
    for c in constraints:
        rows = set(matching.passing(c, s).tolist())
        joint = rows if joint is None else joint & rows
    offers = [_offer(s, i, constraints) for i in sorted(joint or ())]
    offers.sort(key=lambda o: (-o.score, math.inf if o.cost is None else o.cost, o.name))
    masks = [matching.gate_masks(c, s) for c in constraints]
    funnel, left, before = [], np.ones(len(s), bool), {}
    for gate in GATES:
        before[gate] = left.copy()
        for m in masks:
            left = left & m[gate]
        funnel.append(JointStep(gate, int(left.sum())))
    if offers:
        return BundleOffers(offers, funnel, None, [])
    blocked_by = next(step.gate for step in funnel if step.left == 0)
    members = []
    for need, c, m in zip(needs, constraints, masks, strict=True):
        result = matching.match(c, limit=5, s=s)
        condition = next(step.label for step in result.funnel if step.gate == blocked_by)
        keeps = int((before[blocked_by] & m[blocked_by]).sum())
        members.append(Member(need, result.matches, result.total, result.blocker, condition, keeps))
    return BundleOffers([], funnel, blocked_by, members)


def _offer(s: Supply, i: int, constraints: list[Constraints]) -> Offer:
    row, price = s.rows[i], s.price[i]
    cost = None if math.isnan(price) else sum(float(price) * c.volume * c.months for c in constraints)
    explained = [matching.explain(s, i, c) for c in constraints]
    passes = tuple(dict.fromkeys(reason for m in explained for reason in m.passes))
    lacks = tuple(dict.fromkeys(reason for m in explained for reason in m.lacks))
    return Offer(row.id, row.name, row.provider, float(s.score[i]), cost, passes, lacks)


def gate_label(gate: str) -> str:
    """A gate's name for people, for the joint funnel."""
    return {
        "service_model": _("service model"),
        "classification": _("classification"),
        "territory": _("where data is stored and processed"),
        "keys": _("who holds the keys"),
        "sovereignty": _("sovereignty minimums"),
        "exit": _("exit terms"),
        "certifications": _("certifications"),
        "availability": _("availability"),
        "budget": _("budget"),
    }[gate]
