"""Non-take-up: per scheme and municipality, how many people the screening found entitled, how many of
them receive it, and what those who do not miss together each month. Aggregated from the screening's
results by Arrow, so the hub keeps figures, never a person's result.

What is published follows the small-cell rule (docs/decisions/0032): a municipality's figures for a
scheme are shown only when as many receiving and as many not receiving are each 0 or at least MIN_CELL;
otherwise its counts and amount are all withheld. The national totals add up the municipalities shown
only, so a total minus the rows shown reveals nothing withheld.
"""

from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from django.db import transaction

from thorbecke.proactive.models import NonTakeUp, Screening
from thorbecke.proactive.rules.schemes import SCHEMES
from thorbecke.registry.models import Organisation

# As CBS publishes microdata results: no count of fewer than 10 persons (or households), nor an amount of theirs.
MIN_CELL = 10


def shown(figure: NonTakeUp) -> bool:
    """Whether a municipality's figure may be published. Both counts are tested, not only the entitled: with the
    entitled shown, a small count of either kind would follow from the other by subtraction."""
    return all(n == 0 or n >= MIN_CELL for n in (figure.receiving, figure.not_receiving))


def aggregate(results: Path) -> list[dict]:
    """One row per scheme and municipality with anyone entitled."""
    dataset = ds.dataset(results, format="parquet")
    rows = []
    for scheme in SCHEMES:
        recht, ontvangt, bedrag = f"{scheme.key}_recht", f"{scheme.key}_ontvangt", f"{scheme.key}_bedrag"
        table = dataset.to_table(columns=["gemeente", ontvangt, bedrag], filter=pc.field(recht))
        missed = pc.if_else(table[ontvangt], 0.0, table[bedrag])
        table = pa.table(
            {
                "gemeente": table["gemeente"],
                "receiving": pc.cast(table[ontvangt], pa.int64()),
                "missed": missed,
            }
        )
        grouped = table.group_by("gemeente").aggregate(
            [("receiving", "count"), ("receiving", "sum"), ("missed", "sum")]
        )
        for gemeente, entitled, receiving, missed_sum in zip(
            grouped["gemeente"].to_pylist(),
            grouped["receiving_count"].to_pylist(),
            grouped["receiving_sum"].to_pylist(),
            grouped["missed_sum"].to_pylist(),
            strict=True,
        ):
            rows.append(
                {
                    "scheme": scheme.key,
                    "gemeente": gemeente,
                    "entitled": entitled,
                    "receiving": receiving,
                    "unclaimed_per_month": round(missed_sum, 2),
                }
            )
    return rows


def record(screening: Screening, results: Path) -> int:
    found = [NonTakeUp(screening=screening, **row) for row in aggregate(results)]
    with transaction.atomic():
        NonTakeUp.objects.filter(screening=screening).delete()
        NonTakeUp.objects.bulk_create(found, batch_size=2000)
    return len(found)


def national(screening: Screening) -> list[dict]:
    """Per scheme, the whole country as far as it is published: the sum of the municipalities shown, and how many
    were withheld."""
    totals: dict[str, dict] = {
        s.key: {"scheme": s, "entitled": 0, "receiving": 0, "unclaimed_per_month": 0.0, "suppressed": 0}
        for s in SCHEMES
    }
    for figure in screening.figures.all():
        total = totals[figure.scheme]
        if not shown(figure):
            total["suppressed"] += 1
            continue
        total["entitled"] += figure.entitled
        total["receiving"] += figure.receiving
        total["unclaimed_per_month"] += figure.unclaimed_per_month
    for total in totals.values():
        total["not_receiving"] = total["entitled"] - total["receiving"]
        total["rate"] = total["not_receiving"] / total["entitled"] if total["entitled"] else None
    return list(totals.values())


def non_take_up_before(moment: datetime, scheme: str) -> dict[int, tuple[int, int]]:
    """Per municipality (organisation pk) in the latest screening finished before ``moment``: (entitled who do not
    receive ``scheme``, entitled), as far as it is published: a figure withheld by the small-cell rule is left out,
    as is a municipality the register does not know. No screening before ``moment``: no figures."""
    screening = Screening.objects.filter(finished_at__lt=moment).order_by("-finished_at", "-pk").first()
    if screening is None:
        return {}
    figures = [f for f in screening.figures.filter(scheme=scheme) if shown(f)]
    organisations = dict(
        Organisation.objects.filter(code__in=[f.gemeente.lower() for f in figures]).values_list("code", "pk")
    )
    return {
        organisations[f.gemeente.lower()]: (f.not_receiving, f.entitled)
        for f in figures
        if f.gemeente.lower() in organisations and f.entitled
    }
