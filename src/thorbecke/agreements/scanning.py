"""Scanning organisations' hosts: bounded concurrency, one host at a time per worker (so no host is asked
twice at once), a retry for a measurement that could not be made, and progress as it goes, on the command
line and on the hub (a ScanRun row updated after every host).

Each host is measured by every group of checks in MEASURES: the website (HTTPS, headers, security.txt),
TLS against the NCSC guidelines with the post-quantum key exchange, and the domain's mail and DNS
standards. By default the hosts are measured in this process (``scan``), which serves a single hub; at national
scale they go through Celery (``enqueue``, then ``follow`` for the progress), one task per host. Either way,
resuming skips hosts measured since a given moment, so an interrupted scan continues where it stopped.
The programme starts a scan from the hub's pages too (``start``): on Celery when a broker is configured, else in
a background thread of the hub's process; either way the scans page follows its ScanRun.
"""

import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict
from datetime import datetime

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models import Count, F
from django.utils import timezone

from thorbecke.agreements import dialogue, scorecards
from thorbecke.agreements.checks import tls, web
from thorbecke.agreements.checks.algorithms import every_organisation, measure_algorithms
from thorbecke.agreements.checks.base import ERROR, Result, Target
from thorbecke.agreements.checks.mail.domain import measure_domain
from thorbecke.agreements.models import Measurement, ScanRun
from thorbecke.registry.models import Domain, Organisation

RETRY_PAUSE = 2.0
Measure = Callable[[Target], list[Result]]


def _mail_and_dns(target: Target) -> list[Result]:
    return measure_domain(target.host)


MEASURES: dict[str, Measure] = {"web": web.measure, "tls": tls.measure_tls, "mail": _mail_and_dns}


def registered_hosts(organisation_code: str = "") -> list[tuple[Organisation, Target]]:
    """The registered domains of the current organisations (or of one), as hosts to scan."""
    domains = Domain.objects.select_related("organisation").filter(organisation__end_date__isnull=True)
    if organisation_code:
        domains = domains.filter(organisation__code=organisation_code)
    return [(d.organisation, Target(d.name)) for d in domains]


def measure_host(target: Target, measures: Sequence[Measure]) -> list[Result]:
    results = []
    for measure in measures:
        found = measure(target)
        if any(r.verdict == ERROR for r in found):  # once more, for a hiccup; a second failure stands
            time.sleep(RETRY_PAUSE)
            again = measure(target)
            found = [b if a.verdict == ERROR else a for a, b in zip(found, again, strict=True)]
        results += found
    return results


def _todo(hosts: Iterable[tuple[Organisation, Target]], since: datetime | None) -> list[tuple[Organisation, Target]]:
    todo = list(hosts)
    if since is not None:
        done = set(Measurement.objects.filter(measured_at__gte=since).values_list("host", flat=True))
        todo = [(org, target) for org, target in todo if target.host not in done]
    return todo


def _line(run: ScanRun) -> str:
    left = run.seconds_left
    return f"{run.done}/{run.total} hosts, {run.rate:.0f} a minute, about {left if left is not None else '-'} s left"


def _scope(hosts: Sequence[tuple[Organisation, Target]]) -> str:
    """The one organisation whose hosts are scanned, by name; empty when there are several."""
    names = {organisation.name for organisation, _target in hosts}
    return names.pop() if len(names) == 1 else ""


def scan(
    hosts: Iterable[tuple[Organisation, Target]],
    workers: int = 4,
    since: datetime | None = None,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
    groups: Sequence[str] = tuple(MEASURES),
    run: ScanRun | None = None,
) -> dict[str, int]:
    """Measure every host with the named groups of checks in this process, with a pool of workers, and store
    the results in ``run`` (a new one by default); returns counts by verdict."""
    measures = [MEASURES[group] for group in groups]
    todo = _todo(hosts, since)
    counts = {"hosts": len(todo), "pass": 0, "fail": 0, "error": 0}
    if run is None:
        run = ScanRun.objects.create(total=len(todo), counts=counts, scope=_scope(todo))
    else:
        ScanRun.objects.filter(pk=run.pk).update(total=len(todo), counts=counts)

    def one(organisation: Organisation, target: Target) -> list[Result]:
        try:
            results = measure_host(target, measures)
            Measurement.record(organisation, target.host, results, run.pk)
            return results
        finally:
            close_old_connections()

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(one, organisation, target) for organisation, target in todo]
            for future in as_completed(futures):
                for result in future.result():
                    counts[result.verdict] += 1
                ScanRun.objects.filter(pk=run.pk).update(done=F("done") + 1, counts=counts)
                run.refresh_from_db()
                progress(_line(run))
    except BaseException:
        ScanRun.objects.filter(pk=run.pk).update(state=ScanRun.State.FAILED, finished_at=timezone.now())
        raise
    ScanRun.objects.filter(pk=run.pk).update(state=ScanRun.State.FINISHED, finished_at=timezone.now())
    return counts


def enqueue(
    hosts: Iterable[tuple[Organisation, Target]],
    since: datetime | None = None,
    groups: Sequence[str] = tuple(MEASURES),
) -> ScanRun:
    """Put one Celery task per host on the broker; the workers measure and store, and mark the run finished."""
    from thorbecke.agreements.tasks import measure_host_task

    todo = _todo(hosts, since)
    finished = {"state": ScanRun.State.FINISHED, "finished_at": timezone.now()} if not todo else {}
    run = ScanRun.objects.create(total=len(todo), queue="celery", scope=_scope(todo), **finished)
    for organisation, target in todo:
        measure_host_task.delay(run.pk, organisation.pk, asdict(target), list(groups))
    return run


def follow(
    run: ScanRun,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
    every: float = 2.0,
) -> dict[str, int]:
    """Show a queued run's progress until the workers have measured every host; returns counts by verdict.
    Stopping here stops nothing: the hosts stay on the broker for the workers."""
    while True:
        run.refresh_from_db()
        progress(_line(run))
        if run.state != ScanRun.State.RUNNING:
            break
        time.sleep(every)
    counts = {"hosts": run.total, "pass": 0, "fail": 0, "error": 0}
    counts |= dict(run.measurements.values_list("verdict").annotate(n=Count("pk")).values_list("verdict", "n"))
    ScanRun.objects.filter(pk=run.pk).update(counts=counts)
    return counts


def start(hosts: list[tuple[Organisation, Target]], organisation: Organisation | None = None) -> ScanRun:
    """Start scanning the hosts with every group of checks and return its run at once, for the scans page: on
    Celery when a broker is configured, else in a background thread; comply or explain follows an in-process
    scan, and the scheduled comply_or_explain command a queued one. Registration in the algorithm register is
    read at once, for the one organisation or for every one: it needs no host, only the hub's own register."""
    groups = tuple(MEASURES)
    measure_algorithms([organisation] if organisation else every_organisation())
    if settings.CELERY_BROKER_URL:
        return enqueue(hosts, groups=groups)
    run = ScanRun.objects.create(total=len(hosts), scope=_scope(hosts))

    def work() -> None:
        try:
            scan(hosts, groups=groups, run=run, progress=lambda line: None)
            dialogue.reconcile()
            scorecards.record_day()
        finally:
            connections.close_all()

    threading.Thread(target=work, name=f"scan-{run.pk}", daemon=True).start()
    return run
