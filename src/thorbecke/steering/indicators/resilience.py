"""Priority 5, resilience and autonomy: the cryptographic inventory's readiness for quantum computers and the
applications past their end of support (``landscape``), and threat indicators shared with others (``soc``)."""

from collections.abc import Mapping
from datetime import datetime

from thorbecke.landscape.crypto import readiness_before
from thorbecke.landscape.figures import past_end_of_support
from thorbecke.soc.sharing import shared_before
from thorbecke.steering.indicators.registry import Value, computes, ratios


@computes("resilience-post-quantum-ready")
def post_quantum_ready(as_of: datetime) -> Mapping[int | None, Value]:
    """The share of the entries of an organisation's cryptographic inventory that are ready, in its latest count."""
    return ratios(readiness_before(as_of))


@computes("resilience-past-end-of-support")
def end_of_support(as_of: datetime) -> Mapping[int | None, Value]:
    """The share of an organisation's components whose end of support has passed (legacy)."""
    return ratios(past_end_of_support(as_of))


@computes("resilience-threat-indicators-shared")
def threat_indicators(as_of: datetime) -> Mapping[int | None, Value]:
    """How many threat indicators (STIX) an organisation has shared through the hub."""
    return {organisation: Value(count) for organisation, count in shared_before(as_of).items()}
