"""Priority 3, AI: indicators read from the algorithm register (``ai.adoption``)."""

from collections.abc import Mapping
from datetime import datetime

from thorbecke.ai.adoption import classified_before, published_before
from thorbecke.steering.indicators.registry import Value, computes, ratios


@computes("ai-algorithms-published")
def algorithms_published(as_of: datetime) -> Mapping[int | None, Value]:
    """Per organisation that has published any: how many of its algorithms are in the public register."""
    return {organisation: Value(count) for organisation, count in published_before(as_of).items()}


@computes("ai-algorithms-classified")
def algorithms_classified(as_of: datetime) -> Mapping[int | None, Value]:
    """Of an organisation's published algorithms: the share for which the AI Act decision aid was run."""
    return ratios(classified_before(as_of))
