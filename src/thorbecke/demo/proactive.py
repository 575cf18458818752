"""The demo's proactive services: a synthetic population of a size one machine screens in seconds, with the test
citizens in it, screened once for this month, so the non-take-up page has figures from the first start and the
test citizens find in their inbox what they may be entitled to. The data system's demo sources serve the same
population."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from thorbecke.population.generation import generate
from thorbecke.population.source import enrol_demo_citizens
from thorbecke.proactive import delivery
from thorbecke.proactive.models import Screening
from thorbecke.proactive.runs import screen_and_record

PERSONS = 200_000
SEED = 1


def ensure_screening(data_dir: Path, say: Callable[[str], None] = print) -> Screening:
    """The latest screening, or a first one of a generated population (kept in the data folder)."""
    population, results = Path(settings.THORBECKE_POPULATION), data_dir / "screening"
    if not population.exists():
        say(f"Generating a synthetic population of {PERSONS:,} persons...")
        generate(population, PERSONS, SEED, shared_dir=settings.SHARED_DATA_DIR)
    enrol_demo_citizens(population)
    found = Screening.objects.first()
    if found is not None:
        return found
    period = f"{dt.date.today():%Y-%m}"
    say(f"Screening it against the schemes for {period}...")
    _, record = screen_and_record(population, results / period, period)
    say(f"Telling {delivery.notify(results / period):,} people in their inbox what they may be entitled to.")
    return record
