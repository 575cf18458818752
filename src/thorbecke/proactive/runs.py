"""A screening run: every person of a population screened against every scheme, the run recorded and
its non-take-up figures kept on the hub (`thorbecke screen`, and the demo's first screening)."""

from collections.abc import Callable
from pathlib import Path

from thorbecke.proactive import figures, screening
from thorbecke.proactive.models import Screening


def screen_and_record(
    population: Path,
    out: Path,
    period: str,
    workers: int | None = None,
    chunk_persons: int = screening.DEFAULT_CHUNK_PERSONS,
    scheduler: str | None = None,
    progress: Callable[[screening.Progress], None] | None = None,
) -> tuple[screening.Summary, Screening]:
    """Screen ``population`` for the month ``period`` into ``out`` (resumable; a malformed population is refused with
    PopulationError before anything is written), then record the run and its figures."""
    summary = screening.screen(population, out, period, workers, chunk_persons, scheduler, progress)
    record = Screening.objects.create(period=period, source=str(population), results=str(out), persons=summary.persons)
    figures.record(record, out)
    return summary, record
