"""Scanning at scale: the hosts go through Celery on the real Redis broker, a real worker measures them,
and the scan's progress and counts come out as with the in-process queue."""

import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker

from thorbecke.agreements.models import Measurement, ScanRun
from thorbecke.agreements.scanning import enqueue, follow
from thorbecke.hub.celery import app
from thorbecke.registry.models import Organisation

BROKER = "redis://127.0.0.1:6379/15"


@pytest.fixture
def worker(settings):
    try:
        redis.Redis.from_url(BROKER).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (the machine's services start it)")
    queue = f"thorbecke-test-{uuid.uuid4().hex}"  # nothing left over from another run reaches this worker
    app.conf.update(broker_url=BROKER, task_default_queue=queue, broker_connection_retry_on_startup=False)
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]):
        yield
    redis.Redis.from_url(BROKER).delete(queue)


@pytest.mark.django_db(transaction=True)  # the worker thread has its own connection
def test_hosts_are_measured_by_celery_workers(register, good, bad, worker, monkeypatch):
    monkeypatch.setattr("thorbecke.agreements.scanning.RETRY_PAUSE", 0)
    utrecht, amsterdam = Organisation.objects.get(code="gm0344"), Organisation.objects.get(code="gm0363")
    run = enqueue([(utrecht, good), (amsterdam, bad)], groups=["web"])
    assert run.queue == "celery" and run.total == 2
    lines = []
    counts = follow(run, progress=lines.append, every=0.1)
    assert counts == {"hosts": 2, "pass": 3, "fail": 3, "error": 0}
    run.refresh_from_db()
    assert (run.state, run.done) == ("finished", 2) and run.finished_at is not None
    assert lines[-1].startswith("2/2 hosts")
    assert Measurement.objects.filter(run=run, organisation=utrecht, verdict="pass").count() == 3
    assert enqueue([], groups=["web"]).state == ScanRun.State.FINISHED  # nothing to do is done at once
