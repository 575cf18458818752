"""Serving the hub over WSGI with granian: production mode, not Django's development server (see
docs/decisions/0001-hub-framework-and-server.md)."""

import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings


def threads_per_worker() -> int:
    """Django holds the GIL for most of a request, so a few threads per core keep the cores busy
    without granian's default of hundreds of threads queuing on the interpreter. With SQLite, one:
    it has one writer, and threads of one process that wait for it sleep in SQLite's busy handler
    (measured with bench/signals_intake.py, 2 workers: 98 reports/s with 8 threads, 159 with 1).
    """
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return 1
    return min(32, (os.cpu_count() or 1) * 4)


def serve(
    host: str,
    port: int,
    workers: int,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the hub until stopped (HTTPS with a certificate and key), with `workers` processes."""
    from granian import Granian
    from granian.constants import Interfaces

    scheme = "https" if tls_cert else "http"
    say(f"Thorbecke hub at {scheme}://{host}:{port}/ (Ctrl+C stops it)")
    Granian(
        "thorbecke.hub.wsgi:application",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads_per_worker(),
        websockets=False,
        ssl_cert=tls_cert,
        ssl_key=tls_key,
        log_access=False,
    ).serve()
