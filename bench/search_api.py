"""Benchmark: the front door's search as a person's browser or a municipality's website calls it.

Targets (issue 4): search p95 under 50 ms with the whole catalogue loaded, hub memory with the
model loaded under 1 GB. Runs the hub as in production (granian, WSGI, one worker) on a fresh
SQLite database with the real register and catalogue, then asks every question of the
evaluation set through GET /api/v1/products/search, sequentially over keep-alive.

    make bench            # or: .venv/bin/python bench/search_api.py
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from organisations_api import measure, percentile, start_hub
from search_quality import load_questions


def prepare(env: dict[str, str]) -> None:
    script = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", "--no-input", "--verbosity", "0")
call_command("import_organisations", "--verbosity", "0")
call_command("import_products", "--verbosity", "0")
"""
    subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)


def resident_mb(pid: int) -> float:
    """Resident memory of a process and all its children (granian serves from a worker process)."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        status = Path(f"/proc/{current}/status").read_text()
        total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
        children = Path(f"/proc/{current}/task/{current}/children")
        pids += [int(child) for child in children.read_text().split()] if children.exists() else []
    return total / 1024


def main() -> None:
    questions = [q["question"] for q in load_questions()]
    paths = [f"/api/v1/products/search?{urllib.parse.urlencode({'q': q})}" for q in questions]
    with tempfile.TemporaryDirectory(prefix="thorbecke-bench-") as tmp:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thorbecke.hub.settings", "THORBECKE_DATA_DIR": tmp}
        env.pop("THORBECKE_DATABASE_URL", None)
        prepare(env)
        port, server = start_hub(env)
        try:
            start = time.perf_counter()
            measure(port, paths[0], 1)
            build = time.perf_counter() - start
            print(f"first search (loads the model, builds the index without cache): {build:.1f} s")
            for path in paths[:50]:
                measure(port, path, 1)  # warm up
            timings = [t for path in paths for t in measure(port, path, 1)]
            p95 = percentile(timings, 0.95)
            memory = resident_mb(server.pid)
            print(f"{len(paths)} questions, granian WSGI with 1 worker, SQLite, sequential over keep-alive")
            print(
                f"search over HTTP: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
                f"p99 {percentile(timings, 0.99):.1f} ms, max {max(timings):.1f} ms"
            )
            print(f"hub resident memory with the model and index loaded: {memory:.0f} MB (target < 1,024 MB)")
            print(
                f"target p95 < 50 ms: {'met' if p95 < 50 else 'NOT MET'}; "
                f"target memory < 1 GB: {'met' if memory < 1024 else 'NOT MET'}"
            )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
