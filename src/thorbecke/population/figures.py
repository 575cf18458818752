"""The figures the synthetic population follows, and where households live.

``data/cbs_distributions.json`` holds the published figures (each with its CBS table and year) and our
assumptions (marked as such); the shared address table (CBS 2024, addresses per postcode area) gives every
municipality's name and its number of addresses, which is how many of the persons live there.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from thorbecke.caches import process_cache
from thorbecke.locations import shared_data_dir

DISTRIBUTIONS = Path(__file__).parent / "data" / "cbs_distributions.json"
ADDRESSES = Path("geo") / "pc4_gemeente_2024.csv"  # under SHARED_DATA_DIR


@process_cache()
def distributions() -> dict[str, Any]:
    """The published figures and our assumptions, as one dict (see the JSON's ``_about``)."""
    return json.loads(DISTRIBUTIONS.read_text(encoding="utf-8"))


def _address_rows(shared_dir: Path | None) -> list[dict[str, str]]:
    with ((shared_dir or shared_data_dir()) / ADDRESSES).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def address_weights(shared_dir: Path | None = None) -> dict[str, int]:
    """Addresses per municipality (CBS pc6hnr 2024 via the PC4 table): where households live."""
    counts: dict[str, int] = {}
    for row in _address_rows(shared_dir):
        counts[row["gemeentecode"]] = counts.get(row["gemeentecode"], 0) + int(row["adressen"])
    return dict(sorted(counts.items()))


def municipality_names(shared_dir: Path | None = None) -> dict[str, str]:
    """The name of every municipality (CBS 2024) by its code."""
    return {row["gemeentecode"]: row["gemeentenaam"] for row in _address_rows(shared_dir)}
