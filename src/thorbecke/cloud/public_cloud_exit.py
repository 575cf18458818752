"""Out of the public cloud: for each critical service on a public cloud outside the EU (the landscape's
``critical_on_third_country_cloud``), the offerings it could move to, matched as a need would be.

The constraints a service asks for, derived from what the landscape knows of it:

- classification from its confidentiality (BIO): HIGH -> departementaal-vertrouwelijk, MEDIUM -> intern,
  LOW -> openbaar; not stated -> intern, since nothing shows the data is public and most government data is at
  least internal (personal data);
- service model from its kind and type: a Kubernetes or container type -> caas; a component from a supplier -> saas
  (the supplier's software as a service); a component of its own (website, service) -> paas; anything else, or
  unknown -> iaas;
- data stored and processed in the EU, keys held by the customer or a provider in the EU, and exit terms required:
  the point of moving is to be out of reach of non-EU law and not locked in again.

Each is matched with ``cloud.matching.match``: the top three with why they pass and what they lack, or, when none
passes, what blocks it."""

from dataclasses import dataclass

from thorbecke.cloud.matching import Constraints, Result, match
from thorbecke.cloud.supply import Supply, supply
from thorbecke.landscape.cloud_hosting import ThirdCountryService, critical_on_third_country_cloud
from thorbecke.landscape.models import Entity, Kind, Level
from thorbecke.landscape.visibility import Scope

CLASSIFICATION = {Level.HIGH: "departementaal-vertrouwelijk", Level.MEDIUM: "intern", Level.LOW: "openbaar"}
CONTAINER_TYPES = frozenset({"kubernetes", "container", "containers", "cluster"})
TOP = 3


def classification_of(entity: Entity) -> str:
    return CLASSIFICATION.get(entity.confidentiality, "intern")


def service_model_of(entity: Entity) -> str:
    if entity.type.lower() in CONTAINER_TYPES:
        return "caas"
    if entity.kind == Kind.COMPONENT:
        return "saas" if entity.supplier_id else "paas"
    return "iaas"


def constraints_of(entity: Entity) -> Constraints:
    return Constraints(service_model_of(entity), classification_of(entity), "eu", "eu", exit_terms=True)


@dataclass(frozen=True)
class Exit:
    service: ThirdCountryService
    constraints: Constraints
    result: Result


def exits(scope: Scope, s: Supply | None = None) -> list[Exit]:
    """Every critical third-country-cloud service the scope sees, with its migration candidates or blocker."""
    s = supply() if s is None else s
    found = []
    for service in critical_on_third_country_cloud(scope):
        c = constraints_of(service.entity)
        found.append(Exit(service, c, match(c, limit=TOP, s=s)))
    return found
