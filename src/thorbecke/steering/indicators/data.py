"""Priority 2, data: joining the data system (FSC), as the hub measures it for the agreements
(``agreements.checks.exchange``, ``agreements.checks.api_design``), read as the scorecard showed it then."""

from collections.abc import Mapping
from datetime import datetime

from thorbecke.steering.indicators.interventions import meeting
from thorbecke.steering.indicators.registry import Value, computes


@computes("data-exchange-node")
def exchange_node(as_of: datetime) -> Mapping[int | None, Value]:
    """Organisations with a node announced in the data system's directory, under a valid contract with the hub."""
    return meeting(as_of, "exchange")


@computes("data-processing-register")
def processing_register(as_of: datetime) -> Mapping[int | None, Value]:
    """Organisations with a register of processing activities whose processing log is open to the hub."""
    return meeting(as_of, "processing-log")


@computes("data-api-design-rules")
def api_design(as_of: datetime) -> Mapping[int | None, Value]:
    """Organisations whose every measured OpenAPI document meets the API Design Rules."""
    return meeting(as_of, "api-design")
