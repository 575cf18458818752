"""Priority 4, citizens and entrepreneurs first: reports handled (``signals.figures``) and the schemes people are
entitled to but do not receive (``proactive.figures``). The front door (``services``) keeps no log of what was
searched, so whether an answer was found cannot be computed (decision 0044)."""

from collections.abc import Mapping
from datetime import datetime

from thorbecke.proactive.figures import non_take_up_before
from thorbecke.signals.figures import closed_on_time_between, satisfaction_between
from thorbecke.steering.indicators.registry import Value, computes, month_before, ratios


@computes("citizens-reports-on-time")
def reports_on_time(as_of: datetime) -> Mapping[int | None, Value]:
    """Of the reports an organisation closed within the month: those closed by their deadline."""
    return ratios(closed_on_time_between(month_before(as_of), as_of))


@computes("citizens-report-satisfaction")
def report_satisfaction(as_of: datetime) -> Mapping[int | None, Value]:
    """The mean of the reporters' answers (1 to 5) to the survey after closing, given within the month."""
    return ratios(satisfaction_between(month_before(as_of), as_of))


@computes("citizens-non-take-up-zorgtoeslag")
def non_take_up_zorgtoeslag(as_of: datetime) -> Mapping[int | None, Value]:
    """Per municipality: the share of those entitled to the healthcare allowance who do not receive it."""
    return ratios(non_take_up_before(as_of, "zorgtoeslag"))


@computes("citizens-non-take-up-huurtoeslag")
def non_take_up_huurtoeslag(as_of: datetime) -> Mapping[int | None, Value]:
    """Per municipality: the share of those entitled to the rent allowance who do not receive it."""
    return ratios(non_take_up_before(as_of, "huurtoeslag"))


@computes("citizens-non-take-up-kwijtschelding")
def non_take_up_kwijtschelding(as_of: datetime) -> Mapping[int | None, Value]:
    """Per municipality: the share of those entitled to remission of municipal taxes who do not receive it."""
    return ratios(non_take_up_before(as_of, "kwijtschelding"))
