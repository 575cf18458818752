"""Priority 1, cloud: where the applications in the landscape are hosted and by whom (``landscape.figures``), and how
much of the registered cloud demand the catalogue can meet (``cloud.figures``)."""

from collections.abc import Mapping
from datetime import datetime

from thorbecke.cloud.figures import needs_met
from thorbecke.landscape.figures import outside_eu
from thorbecke.steering.indicators.registry import Value, computes, ratios


@computes("cloud-outside-eu")
def hosted_outside_eu(as_of: datetime) -> Mapping[int | None, Value]:
    """Of an organisation's components whose hosting is stated: the share supplied or hosted from outside the EU."""
    return ratios(outside_eu(as_of))


@computes("cloud-needs-met")
def demand_met(as_of: datetime) -> Mapping[int | None, Value]:
    """Of an organisation's registered cloud needs: the share that at least one offering meets, every gate passed."""
    return ratios(needs_met(as_of))
