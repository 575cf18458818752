"""The interventions that hold the priorities together: mandatory standards as the hub measures them, the
register of accessibility statements, and comply or explain (``agreements``)."""

from collections.abc import Mapping
from datetime import datetime

from thorbecke.agreements.dialogue import answered_on_time_before
from thorbecke.agreements.scorecards import lights_before
from thorbecke.steering.indicators.registry import Value, computes, ratios, share

COUNTED = {"meets": True, "fails": False, "partly": False}  # "error": nothing could be measured, so no data


def meeting(as_of: datetime, check: str) -> dict[int | None, Value]:
    """Per organisation measured on ``check`` before ``as_of``: 1 of 1 when every host's latest measurement passes,
    0 of 1 when one fails or could not be measured; an organisation none of whose hosts could be measured is
    left out."""
    return {org: share(COUNTED[light]) for org, light in lights_before(as_of, check).items() if light in COUNTED}


@computes("standards-https-hsts")
def https_hsts(as_of: datetime) -> Mapping[int | None, Value]:
    """Organisations whose every measured website meets HTTPS with HSTS."""
    return meeting(as_of, "https-hsts")


@computes("standards-dmarc")
def dmarc(as_of: datetime) -> Mapping[int | None, Value]:
    """Organisations whose every measured mail domain has a DMARC policy that meets the standard."""
    return meeting(as_of, "dmarc")


@computes("standards-tls")
def tls(as_of: datetime) -> Mapping[int | None, Value]:
    """Organisations whose every measured host meets the NCSC's TLS guidelines."""
    return meeting(as_of, "tls")


@computes("accessibility-statements")
def accessibility(as_of: datetime) -> Mapping[int | None, Value]:
    """Organisations whose every statement in the register of accessibility statements is "fully compliant"."""
    return meeting(as_of, "accessibility")


@computes("gaps-answered-on-time")
def gaps_answered(as_of: datetime) -> Mapping[int | None, Value]:
    """Of the gaps (comply or explain) an organisation had to answer by ``as_of``: those answered on time."""
    return ratios(answered_on_time_before(as_of))
