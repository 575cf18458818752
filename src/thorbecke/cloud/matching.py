"""Matching a need to the supply: which offerings pass every gate, ranked, each with why it passes and what it
lacks; and when none passes, what blocks it.

The gates, in the order a "no match" is explained (each one a rule a person can check by hand; worked examples in
``tests/cloud/test_matching.py``):

1. service model: the offering's is the need's;
2. classification: the offering is allowed up to at least the need's classification, and its deployment is one the
   definitions allow for that classification;
3. territory: every country where the offering stores or processes data is within the need's (NL, EU, anywhere);
   an offering that does not say where counts as anywhere;
4. keys: customer-held keys satisfy every need; a provider in the EU satisfies "us or a provider in the EU";
5. sovereignty: at every objective the need sets a minimum for, the offering's effective level (its chain applied)
   is at least that minimum;
6. exit terms: when the need requires them, the data is extracted at the end of the contract in named formats;
7. certifications: every scheme the need requires is held and valid on the need's first day;
8. availability: at least the need's minimum, when it sets one; an offering that states none fails it;
9. budget: price per unit per month x volume x months of the need, within the budget, when both are known.

The offerings that pass are ranked by Sovereignty Score (higher first), then by cost (lower first, unknown last),
then by name."""

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from thorbecke.cloud import framework as sovereignty
from thorbecke.cloud import taxonomy
from thorbecke.cloud.supply import Row, Supply, supply
from thorbecke.web.templatetags.numbers import money

GATES = ("service_model", "classification", "territory", "keys", "sovereignty", "exit", "certifications",
         "availability", "budget")  # fmt: skip
NEED_TERRITORY = {"nl": 0, "eu": 1, "any": 2}
NEED_KEYS = {"customer": 0, "eu": 1, "any": 2}


@dataclass(frozen=True)
class Constraints:
    service_model: str
    classification: str
    data_territory: str  # nl, eu or any
    keys: str  # customer, eu or any
    minimum_levels: dict[str, int] = field(default_factory=dict)
    minimum_availability: float | None = None
    exit_terms: bool = False
    certifications: tuple[str, ...] = ()
    volume: int = 1
    starts_on: date | None = None
    ends_on: date | None = None
    budget_eur: float | None = None

    @classmethod
    def of(cls, need: object) -> "Constraints":
        """The constraints of a stored Need."""
        availability, budget = need.minimum_availability, need.budget_eur  # type: ignore[attr-defined]
        return cls(
            need.service_model, need.classification, need.data_territory, need.keys,  # type: ignore[attr-defined]
            {k: int(v) for k, v in (need.minimum_levels or {}).items()},  # type: ignore[attr-defined]
            None if availability is None else float(availability), need.exit_terms,  # type: ignore[attr-defined]
            tuple(need.certifications or ()), need.volume, need.starts_on, need.ends_on,  # type: ignore[attr-defined]
            None if budget is None else float(budget),
        )  # fmt: skip

    @property
    def months(self) -> int:
        """Whole months the need runs, a started month counting as one."""
        if not self.starts_on or not self.ends_on:
            return 1
        months = (self.ends_on.year - self.starts_on.year) * 12 + self.ends_on.month - self.starts_on.month
        return max(1, months + (1 if self.ends_on.day >= self.starts_on.day else 0))


def gate_masks(c: Constraints, s: Supply) -> dict[str, np.ndarray]:
    """Per gate, which offerings pass it."""
    tax = taxonomy.current()
    n = len(s)
    models = tax.codes("service_models")
    masks = {"service_model": s.service_model == (models.index(c.service_model) if c.service_model in models else -2)}
    term = tax.term("classifications", c.classification)
    if term is None:
        masks["classification"] = np.zeros(n, bool)
    else:
        allowed = [taxonomy.DEPLOYMENTS.index(d) for d in term.allowed_deployments]
        masks["classification"] = (s.classification >= term.rank) & np.isin(s.deployment, allowed)
    masks["territory"] = s.territory <= NEED_TERRITORY.get(c.data_territory, -1)
    masks["keys"] = s.keys <= NEED_KEYS.get(c.keys, -1)
    codes = sovereignty.framework().codes
    ok = np.ones(n, bool)
    for code, minimum in c.minimum_levels.items():
        if minimum > 0 and code in codes:
            ok &= s.levels[:, codes.index(code)] >= minimum
    masks["sovereignty"] = ok
    masks["exit"] = s.exit if c.exit_terms else np.ones(n, bool)
    ok = np.ones(n, bool)
    first_day = (c.starts_on or date.today()).toordinal()
    for scheme in c.certifications:
        held = s.expiry.get(scheme)
        ok &= held >= first_day if held is not None else np.zeros(n, bool)
    masks["certifications"] = ok
    if c.minimum_availability is None:
        masks["availability"] = np.ones(n, bool)
    else:
        masks["availability"] = np.nan_to_num(s.availability, nan=-1.0) >= c.minimum_availability
    cost = s.price * c.volume * c.months
    masks["budget"] = np.ones(n, bool) if c.budget_eur is None else np.isnan(cost) | (cost <= c.budget_eur)
    return masks


def passing(c: Constraints, s: Supply | None = None) -> np.ndarray:
    """The row numbers of the offerings that pass every gate, ranked."""
    s = supply() if s is None else s
    masks = gate_masks(c, s)
    ok = np.logical_and.reduce([masks[g] for g in GATES])
    rows = np.flatnonzero(ok)
    cost = s.price[rows] * c.volume * c.months
    # lexsort sorts by its last key first: score descending, then cost ascending (unknown last).
    order = np.lexsort((np.nan_to_num(cost, nan=np.inf), -s.score[rows]))
    return rows[order]


@dataclass(frozen=True)
class Match:
    offering_id: int
    name: str
    provider: str
    score: float
    cost: float | None
    passes: list[str]
    lacks: list[str]


@dataclass(frozen=True)
class Step:
    """One gate of the funnel: how many offerings are left after it."""

    gate: str
    label: str
    left: int


@dataclass(frozen=True)
class Near:
    """An offering that fails only a few gates, and which."""

    offering_id: int
    name: str
    provider: str
    fails: list[str]


@dataclass(frozen=True)
class Result:
    matches: list[Match]
    total: int
    funnel: list[Step]
    blocked_by: Step | None
    near: list[Near]

    @property
    def blocker(self) -> str:
        """No match, in one sentence: what the offerings left before the blocking gate lack."""
        if self.blocked_by is None:
            return ""
        labels = [step.label for step in self.funnel[: self.funnel.index(self.blocked_by) + 1]]
        return _("No offering that is %(conditions)s.") % {"conditions": "; ".join(labels)}


def match(c: Constraints, limit: int = 10, s: Supply | None = None) -> Result:
    """The ranked offerings for these constraints, the first ``limit`` explained; or what blocks a match."""
    s = supply() if s is None else s
    masks = gate_masks(c, s)
    ranked = passing(c, s)
    funnel, left = [], np.ones(len(s), bool)
    for gate in GATES:
        left = left & masks[gate]
        funnel.append(Step(gate, _label(gate, c), int(left.sum())))
    blocked_by = next((step for step in funnel if step.left == 0), None) if len(ranked) == 0 else None
    near: list[Near] = []
    if len(ranked) == 0:
        failed = np.sum([~masks[g] for g in GATES], axis=0) if len(s) else np.zeros(0)
        candidates = np.flatnonzero(masks["service_model"])
        for i in candidates[np.argsort(failed[candidates], kind="stable")][:3]:
            row = s.rows[i]
            near.append(Near(row.id, row.name, row.provider, [_fails(g, c, row) for g in GATES if not masks[g][i]]))
    matches = [explain(s, int(i), c) for i in ranked[:limit]]
    return Result(matches, len(ranked), funnel, blocked_by, near)


def _level_name(level: int) -> str:
    return f"SEAL-{level}"


def _label(gate: str, c: Constraints) -> str:
    """What the offerings left after this gate are, as a condition."""
    tax = taxonomy.current()
    if gate == "service_model":
        return tax.name("service_models", c.service_model)
    if gate == "classification":
        return _("allowed for %(classification)s") % {"classification": tax.name("classifications", c.classification)}
    if gate == "territory":
        return {"nl": _("keeping data in the Netherlands"), "eu": _("keeping data in the EU")}.get(
            c.data_territory, _("storing data anywhere")
        )
    if gate == "keys":
        return {"customer": _("with keys held by the customer"), "eu": _("with keys held in the EU")}.get(
            c.keys, _("with keys held by anyone")
        )
    if gate == "sovereignty":
        minimums = [f"{code} ≥ {_level_name(v)}" for code, v in sorted(c.minimum_levels.items()) if v > 0]
        return _("at %(minimums)s") % {"minimums": ", ".join(minimums)} if minimums else _("at any sovereignty level")
    if gate == "exit":
        return _("with exit terms") if c.exit_terms else _("with or without exit terms")
    if gate == "certifications":
        return (
            _("certified %(schemes)s") % {"schemes": ", ".join(c.certifications)}
            if c.certifications
            else _("with or without certificates")
        )
    if gate == "availability":
        if c.minimum_availability is None:
            return _("at any availability")
        return _("available at least %(availability)s%%") % {"availability": _number(c.minimum_availability)}
    if c.budget_eur is None:
        return _("at any price")
    return _("within a budget of %(budget)s") % {"budget": money(c.budget_eur)}


def _number(value: float) -> str:
    return number_format(value, decimal_pos=None if value != int(value) else 0, use_l10n=True)


def _fails(gate: str, c: Constraints, row: Row) -> str:
    tax = taxonomy.current()
    if gate == "service_model":
        return _("is %(model)s") % {"model": tax.name("service_models", row.service_model)}
    if gate == "classification":
        return _("%(deployment)s, allowed up to %(classification)s") % {
            "deployment": tax.name("deployments", row.deployment),
            "classification": tax.name("classifications", row.classification),
        }
    if gate == "territory":
        places = sorted({*row.data_locations, *row.processing_locations})
        return _("data stored or processed in %(places)s") % {"places": ", ".join(places) or _("places not stated")}
    if gate == "keys":
        return _("keys held by %(holder)s") % {"holder": tax.name("key_holders", row.key_holder)}
    if gate == "sovereignty":
        below = [
            _("%(code)s at %(level)s, below %(minimum)s")
            % {"code": code, "level": _level_name(row.levels[code]), "minimum": _level_name(minimum)}
            for code, minimum in sorted(c.minimum_levels.items())
            if row.levels.get(code, 0) < minimum
        ]
        return "; ".join(below)
    if gate == "exit":
        return _("no exit terms")
    if gate == "certifications":
        first = c.starts_on or date.today()
        missing = [s for s in c.certifications if row.certificates.get(s, date.min) < first]
        return _("no valid %(schemes)s on %(day)s") % {"schemes": ", ".join(missing), "day": first.isoformat()}
    if gate == "availability":
        return (
            _("availability not stated")
            if row.availability is None
            else _("available %(a)s%%") % {"a": _number(row.availability or 0)}
        )
    return _("over budget")


def explain(s: Supply, i: int, c: Constraints) -> Match:
    """Why the offering in row ``i`` passes the constraints, and what it lacks."""
    row = s.rows[i]
    tax = taxonomy.current()
    price = s.price[i]
    cost = None if math.isnan(price) else float(price) * c.volume * c.months
    passes = [
        _("%(deployment)s, allowed up to %(classification)s")
        % {"deployment": tax.name("deployments", row.deployment),
           "classification": tax.name("classifications", row.classification)},
        _("data stored and processed in %(places)s")
        % {"places": ", ".join(sorted({*row.data_locations, *row.processing_locations}))},
        _("keys held by %(holder)s") % {"holder": tax.name("key_holders", row.key_holder)},
    ]  # fmt: skip
    for code, minimum in sorted(c.minimum_levels.items()):
        if minimum > 0:
            passes.append(
                _("%(code)s at %(level)s, minimum %(minimum)s")
                % {"code": code, "level": _level_name(row.levels[code]), "minimum": _level_name(minimum)}
            )
    if c.exit_terms:
        passes.append(_("exit terms: data extracted as %(formats)s") % {"formats": row.exit_formats})
    for scheme in c.certifications:
        passes.append(
            _("%(scheme)s valid until %(day)s") % {"scheme": scheme, "day": row.certificates[scheme].isoformat()}
        )
    if c.budget_eur is not None and cost is not None:
        passes.append(
            _("%(cost)s for the period, within %(budget)s") % {"cost": money(cost), "budget": money(c.budget_eur)}
        )
    # The objectives below the top level, one line per level (and apart, those held down by what it runs on).
    below: dict[tuple[int, bool], list[str]] = {}
    for code in sovereignty.framework().codes:
        level = row.levels[code]
        if level < sovereignty.TOP:
            below.setdefault((level, row.own_levels.get(code, 0) > level), []).append(code)
    lacks = []
    for (level, limited), codes in sorted(below.items(), key=lambda item: (-item[0][0], item[0][1])):
        text = _("%(code)s only at %(level)s") % {"code": ", ".join(codes), "level": _level_name(level)}
        lacks.append(f"{text} {_('(limited by what it runs on)')}" if limited else text)
    if cost is None:
        lacks.append(_("no list price, so its cost is not known"))
    if c.ends_on:
        for scheme in c.certifications:
            if row.certificates[scheme] < c.ends_on:
                lacks.append(_("%(scheme)s expires before the need ends") % {"scheme": scheme})
    if row.service_model == "caas" and not row.haven:
        lacks.append(_("no passing Haven check"))
    return Match(row.id, row.name, row.provider, float(s.score[i]), cost, passes, lacks)
