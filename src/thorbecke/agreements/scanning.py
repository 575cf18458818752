"""Scanning organisations' websites: bounded concurrency, one host at a time per worker (so no host is
asked twice at once), a retry for a measurement that could not be made, and progress as it goes.

This is the in-process queue that serves a single hub; resuming skips hosts measured since a given
moment, so an interrupted scan continues where it stopped.
"""

import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import datetime

from django.db import close_old_connections

from thorbecke.agreements.models import Measurement
from thorbecke.agreements.web_checks import ERROR, Result, Target, measure
from thorbecke.registry.models import Organisation

RETRY_PAUSE = 2.0


def _measure_host(target: Target) -> list[Result]:
    results = measure(target)
    if any(r.verdict == ERROR for r in results):  # once more, for a hiccup; a second failure stands
        time.sleep(RETRY_PAUSE)
        again = measure(target)
        results = [b if a.verdict == ERROR else a for a, b in zip(results, again, strict=True)]
    return results


def scan(
    hosts: Iterable[tuple[Organisation, Target]],
    workers: int = 4,
    since: datetime | None = None,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
) -> dict[str, int]:
    """Measure every host and store the results; returns counts by verdict."""
    todo = list(hosts)
    if since is not None:
        done = set(Measurement.objects.filter(measured_at__gte=since).values_list("host", flat=True))
        todo = [(org, target) for org, target in todo if target.host not in done]
    counts = {"hosts": len(todo), "pass": 0, "fail": 0, "error": 0}
    start = time.monotonic()

    def one(organisation: Organisation, target: Target) -> list[Result]:
        try:
            results = _measure_host(target)
            Measurement.objects.bulk_create(
                [
                    Measurement(
                        organisation=organisation,
                        host=target.host,
                        check_key=r.check,
                        verdict=r.verdict,
                        problems=r.problems,
                        evidence=r.evidence,
                    )
                    for r in results
                ]
            )
            return results
        finally:
            close_old_connections()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(one, organisation, target) for organisation, target in todo]
        for number, future in enumerate(as_completed(futures), start=1):
            for result in future.result():
                counts[result.verdict] += 1
            elapsed = time.monotonic() - start
            rate = number / elapsed if elapsed else 0.0
            left = (len(todo) - number) / rate if rate else 0.0
            progress(f"{number}/{len(todo)} hosts, {rate * 60:.0f} a minute, about {left:.0f} s left")
    return counts
