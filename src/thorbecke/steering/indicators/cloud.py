"""Priority 1, cloud: where the applications in the landscape are hosted and by whom (``landscape.figures``), and how
much of the registered cloud demand the catalogue can meet (``cloud.figures``)."""

from collections.abc import Mapping
from datetime import datetime

from thorbecke.cloud.figures import needs_met
from thorbecke.landscape.figures import outside_eu
from thorbecke.steering.indicators.registry import NATIONAL, Value, computes, ratios


@computes("cloud-outside-eu")
def hosted_outside_eu(as_of: datetime) -> Mapping[int | None, Value]:
    """Of an organisation's components whose hosting is stated: the share supplied or hosted from outside the EU."""
    return ratios(outside_eu(as_of))


@computes("cloud-needs-met")
def demand_met(as_of: datetime) -> Mapping[int | None, Value]:
    """Of the registered cloud needs: the share that at least one offering meets, every gate passed. For the country
    only: an organisation's needs are its own (their page answers others as if they did not exist), so neither its
    figure nor its type's or province's, where one organisation could stand alone, is published."""
    counts = needs_met(as_of).values()
    return {NATIONAL: Value(sum(met for met, _ in counts), sum(total for _, total in counts))} if counts else {}
