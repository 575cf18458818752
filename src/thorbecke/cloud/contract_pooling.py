"""Pooling opportunities in the cloud contracts organisations hold: the same product bought by at least two
organisations under different terms, so that buying it together could bring all of them the better terms.

The same product: the same offering of the catalogue, where a contract names one; otherwise the same product and
supplier names, normalised (case, punctuation, spacing and a trailing legal form ignored: "Kantoor-365" by
"Wolk B.V." is "kantoor365" by "wolk"). Different terms: at least two distinct texts of terms (case, punctuation
and spacing ignored). The product is shown as the first organisation to register it spelled it.
When to pool: at the earliest end date among them, when the first contract could be replaced.

Who sees what: the programme sees every opportunity with the organisations' names and their terms side by side; an
organisation sees only the opportunities it is in, with the number of organisations and their total value per year,
not the others' names, terms or dates."""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from thorbecke.cloud.models import Contract

LEGAL_FORMS = frozenset({"bv", "nv", "vof", "gmbh", "ag", "inc", "llc", "ltd", "plc", "sa", "sas", "sarl"})


def normalised(text: str) -> str:
    """Letters and digits only, lower case, without a trailing legal form (B.V., GmbH, Inc.)."""
    words = re.findall(r"\w+", text.casefold())
    if len(words) > 2 and len(words[-1]) == 1 and words[-2] + words[-1] in LEGAL_FORMS:
        words = words[:-2]
    elif len(words) > 1 and words[-1] in LEGAL_FORMS:
        words = words[:-1]
    return "".join(words)


def product_key(contract: Contract) -> tuple:
    if contract.offering_id is not None:
        return ("offering", contract.offering_id)
    return ("product", normalised(contract.product), normalised(contract.supplier))


@dataclass(frozen=True)
class Opportunity:
    product: str
    supplier: str
    offering_id: int | None
    organisations: int
    total_per_year: Decimal
    # For the programme only: every contract, terms side by side, and when the first one ends. Empty for others.
    contracts: tuple[Contract, ...] = ()
    earliest_end: date | None = None


# A member sees an opportunity only when at least this many other organisations are in it: with fewer, the total
# less its own value would be one organisation's contract, and a probe contract (a product typed in to see what
# comes back) would tell who holds what. The programme, who pools, sees every opportunity.
OTHERS_AT_LEAST = 3


def opportunities(organisation_id: int | None = None) -> list[Opportunity]:
    """Every opportunity, in full (``organisation_id`` None: the programme's view); or those this organisation holds
    a contract in together with at least ``OTHERS_AT_LEAST`` others, as count and total, named as it named the
    product itself. Largest total value first, then by product."""
    groups: dict[tuple, list[Contract]] = defaultdict(list)
    for contract in Contract.objects.select_related("organisation", "offering"):
        groups[product_key(contract)].append(contract)
    found = []
    for contracts in groups.values():
        organisations = {c.organisation_id for c in contracts}
        if len(organisations) < 2 or len({normalised(c.terms) for c in contracts}) < 2:
            continue
        full = organisation_id is None
        if not full and (organisation_id not in organisations or len(organisations) - 1 < OTHERS_AT_LEAST):
            continue
        own = [c for c in contracts if c.organisation_id == organisation_id]
        first = min(contracts if full else own, key=lambda c: c.pk)
        found.append(
            Opportunity(
                first.offering.name if first.offering else first.product,
                first.supplier,
                first.offering_id,
                len(organisations),
                sum((c.annual_value_eur for c in contracts), Decimal(0)),
                tuple(sorted(contracts, key=lambda c: c.ends_on)) if full else (),
                min(c.ends_on for c in contracts) if full else None,
            )
        )
    return sorted(found, key=lambda o: (-o.total_per_year, o.product))
