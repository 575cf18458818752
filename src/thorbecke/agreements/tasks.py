"""Scanning through Celery: one task per host, so the broker spreads hosts over workers and no host is
asked twice at once. The worker that measures the last host marks the scan finished."""

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from thorbecke.agreements.checks.base import Target
from thorbecke.agreements.models import Measurement, ScanRun
from thorbecke.agreements.scanning import MEASURES, measure_host
from thorbecke.registry.models import Organisation


@shared_task(name="thorbecke.agreements.measure_host")
def measure_host_task(run_id: int, organisation_id: int, target: dict, groups: list[str]) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    results = measure_host(Target(**target), [MEASURES[group] for group in groups])
    Measurement.record(organisation, target["host"], results, run_id)
    ScanRun.objects.filter(pk=run_id).update(done=F("done") + 1)
    ScanRun.objects.filter(pk=run_id, state=ScanRun.State.RUNNING, done__gte=F("total")).update(
        state=ScanRun.State.FINISHED, finished_at=timezone.now()
    )
