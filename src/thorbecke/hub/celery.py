"""The Celery application for work that is too large for one process: at national scale, the scans of
every organisation's hosts. Start workers with `celery -A thorbecke.hub.celery worker`; the broker is
THORBECKE_CELERY_BROKER (settings.CELERY_BROKER_URL). Celery sets Django up in each worker itself."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")

app = Celery("thorbecke")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["thorbecke.agreements"])
