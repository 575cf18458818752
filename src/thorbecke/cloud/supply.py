"""The catalogue as arrays, for matching: one row per offering, its codes as numbers, its effective sovereignty
levels (the chain of what it runs on applied), its Sovereignty Score, its valid certificates.

Built once per state of the catalogue and kept (``supply()``): a change to an offering, an assessment or a
certificate, or newly published definitions, gives another ``version`` and the arrays are built again."""

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import Count, Max

from thorbecke.caches import process_cache
from thorbecke.cloud import framework as sovereignty
from thorbecke.cloud import taxonomy
from thorbecke.cloud.models import Certification, Offering, SovereigntyAssessment
from thorbecke.registry.countries import EU

TERRITORY_RANK = {"nl": 0, "eu": 1, "third-country": 2}
KEY_RANK = {"customer": 0, "provider-eu": 1, "provider-third-country": 2}
UNKNOWN = 2  # a location or key holder not stated counts as the farthest: nothing shows it is nearer


def territory_of(countries: list[str]) -> int:
    """0 when every country is NL, 1 when every one is in the EU, 2 otherwise or when none is given."""
    if not countries:
        return UNKNOWN
    if all(c == "NL" for c in countries):
        return 0
    return 1 if all(c in EU for c in countries) else 2


@dataclass(frozen=True)
class Row:
    """What an explanation needs of one offering, beside its arrays."""

    id: int
    name: str
    provider: str
    provider_countries: tuple[str, ...]
    service_model: str
    deployment: str
    classification: str
    key_holder: str
    data_locations: tuple[str, ...]
    processing_locations: tuple[str, ...]
    exit_formats: str
    exit_notice_days: int | None
    price_unit: str
    own_levels: dict[str, int]
    levels: dict[str, int]
    runs_on: tuple[int, ...]
    certificates: dict[str, date]
    haven: bool | None
    availability: float | None


@dataclass(frozen=True)
class Supply:
    rows: tuple[Row, ...]
    index: dict[int, int]
    service_model: np.ndarray  # int16, index into the taxonomy's service models, -1 unknown
    deployment: np.ndarray  # int16, index into taxonomy.DEPLOYMENTS
    classification: np.ndarray  # int16, the rank of the highest classification allowed, -1 unknown
    territory: np.ndarray  # int8, TERRITORY_RANK of where data is stored and processed
    keys: np.ndarray  # int8, KEY_RANK
    levels: np.ndarray  # int8 [n, 8], effective levels in the framework's order
    score: np.ndarray  # float64, the Sovereignty Score
    exit: np.ndarray  # bool: data extracted at the end, in named formats
    availability: np.ndarray  # float64, nan when not stated
    price: np.ndarray  # float64 euro per unit per month, nan when not stated
    expiry: dict[str, np.ndarray]  # scheme -> int32 ordinal of its latest expiry, 0 when the offering has none

    def __len__(self) -> int:
        return len(self.rows)


def _state() -> tuple:
    offerings = Offering.objects.aggregate(n=Count("id"), at=Max("updated_at"), top=Max("id"))
    assessments = SovereigntyAssessment.objects.aggregate(n=Count("id"), at=Max("assessed_at"))
    certificates = Certification.objects.aggregate(n=Count("id"), top=Max("id"), at=Max("expires_on"))
    links = Offering.runs_on.through.objects.count()
    return (tuple(offerings.values()), tuple(assessments.values()), tuple(certificates.values()), links,
            taxonomy.current().digest)  # fmt: skip


def build() -> Supply:
    tax = taxonomy.current()
    codes = sovereignty.framework().codes
    models = {c: i for i, c in enumerate(tax.codes("service_models"))}
    deployments = {c: i for i, c in enumerate(taxonomy.DEPLOYMENTS)}
    own: dict[int, dict[str, int]] = {}
    for offering_id, objective, level in SovereigntyAssessment.objects.values_list("offering_id", "objective", "level"):
        own.setdefault(offering_id, {})[objective] = level
    runs_on: dict[int, list[int]] = {}
    for source, target in Offering.runs_on.through.objects.values_list("from_offering_id", "to_offering_id"):
        runs_on.setdefault(source, []).append(target)
    certificates: dict[int, dict[str, date]] = {}
    for offering_id, scheme, expires in Certification.objects.values_list("offering_id", "scheme", "expires_on"):
        held = certificates.setdefault(offering_id, {})
        held[scheme] = max(expires, held.get(scheme, expires))
    fields = ("id", "name", "provider__name", "provider__country", "provider__ownership_chain", "service_model",
              "deployment", "classification", "key_holder", "data_locations", "processing_locations",
              "exit_extraction", "exit_formats", "exit_notice_days", "availability", "price_eur", "price_unit",
              "haven")  # fmt: skip
    raw = list(Offering.objects.order_by("id").values_list(*fields))
    ids = [r[0] for r in raw]
    for i in ids:
        own.setdefault(i, {})
    effective = sovereignty.effective_levels(own, runs_on)
    rows, n = [], len(raw)
    arrays = {
        "service_model": np.full(n, -1, np.int16), "deployment": np.full(n, -1, np.int16),
        "classification": np.full(n, -1, np.int16), "territory": np.full(n, UNKNOWN, np.int8),
        "keys": np.full(n, UNKNOWN, np.int8), "levels": np.zeros((n, len(codes)), np.int8),
        "score": np.zeros(n), "exit": np.zeros(n, bool), "availability": np.full(n, np.nan),
        "price": np.full(n, np.nan),
    }  # fmt: skip
    schemes = sorted({s for held in certificates.values() for s in held})
    expiry = {s: np.zeros(n, np.int32) for s in schemes}
    for i, (oid, name, provider, country, chain, model, deployment, classification, key_holder, data_at,
            processed_at, extraction, formats, notice, availability, price, unit, haven) in enumerate(raw):  # fmt: skip
        levels = effective[oid]
        held = certificates.get(oid, {})
        countries = tuple(dict.fromkeys([country, *(o.get("country", "") for o in chain or [] if o.get("country"))]))
        rows.append(Row(
            oid, name, provider, countries, model, deployment, classification, key_holder, tuple(data_at),
            tuple(processed_at), formats, notice, unit, own[oid], levels, tuple(runs_on.get(oid, ())), held,
            None if haven is None else bool(haven.get("compliant")),
            None if availability is None else float(availability),
        ))  # fmt: skip
        arrays["service_model"][i] = models.get(model, -1)
        arrays["deployment"][i] = deployments.get(deployment, -1)
        arrays["classification"][i] = tax.classification_rank(classification)
        arrays["territory"][i] = territory_of([*data_at, *processed_at])
        arrays["keys"][i] = KEY_RANK.get(key_holder, UNKNOWN)
        arrays["levels"][i] = [levels[c] for c in codes]
        arrays["score"][i] = sovereignty.score(levels)
        arrays["exit"][i] = bool(extraction and formats.strip())
        if availability is not None:
            arrays["availability"][i] = float(availability)
        if price is not None:
            arrays["price"][i] = float(price)
        for scheme, expires in held.items():
            expiry[scheme][i] = expires.toordinal()
    return Supply(tuple(rows), {oid: i for i, oid in enumerate(ids)}, expiry=expiry, **arrays)


supply = process_cache(version=_state)(build)
