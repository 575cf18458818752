"""Benchmark: filtered organisation lists from /api/v1 over HTTP, on 1,000 organisations.

Target (issue 2): p95 under 50 ms. Runs the hub as it runs in production (granian, WSGI, one
worker): on a fresh SQLite database in a temporary folder by default, or on the PostgreSQL
database named by THORBECKE_DATABASE_URL (which it migrates, fills with the register and pads
to 1,000 organisations). Prints latency percentiles per query and overall.

    make bench            # or: .venv/bin/python bench/organisations_api.py [--requests N]
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from thorbecke.node.launcher import free_port

TARGET_ORGANISATIONS = 1000
QUERIES = [
    "/api/v1/organisations?type=gemeente&province=pv26",
    "/api/v1/organisations?type=gemeente&page=5",
    "/api/v1/organisations?q=utrecht",
    "/api/v1/organisations?province=pv27&pageSize=100",
    "/api/v1/organisations?type=waterschap&q=delta",
    "/api/v1/organisations?active=false&type=gemeente&page=3",
]


def prepare(env: dict[str, str]) -> int:
    """Migrate, import the real register, and pad it with labelled benchmark organisations."""
    script = f"""
import django; django.setup()
from django.core.management import call_command
from thorbecke.registry.models import Organisation
call_command("migrate", "--no-input", "--verbosity", "0")
call_command("import_organisations", "--verbosity", "0")
missing = {TARGET_ORGANISATIONS} - Organisation.objects.count()
Organisation.objects.bulk_create([
    Organisation(code=f"bench-{{i:04d}}", org_type="rijksorganisatie", name=f"Benchmarkorganisatie {{i}}",
                 short_name=f"Benchmarkorganisatie {{i}}", sort_name=f"benchmarkorganisatie {{i:04d}}",
                 source="bench/organisations_api.py")
    for i in range(max(0, missing))
])
print(Organisation.objects.count())
"""
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the hub did not start on port {port}")


def start_hub(env: dict[str, str], workers: int = 1) -> tuple[int, subprocess.Popen]:
    """The hub as in production (granian, WSGI) on a free port, once it accepts connections."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "thorbecke.cli", "hub", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(port)
    return port, server


def measure(port: int, path: str, count: int) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        timings.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
    connection.close()
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=500, help="requests per query (default 500)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="thorbecke-bench-") as tmp:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thorbecke.hub.settings", "THORBECKE_DATA_DIR": tmp}
        database = "PostgreSQL" if env.get("THORBECKE_DATABASE_URL", "").startswith("postgres") else "SQLite"
        total = prepare(env)
        port, server = start_hub(env)
        try:
            for path in QUERIES:
                measure(port, path, 20)  # warm up
            print(
                f"{total} organisations, {database}, granian WSGI with 1 worker, "
                f"{args.requests} sequential requests per query over keep-alive"
            )
            print(f"{'query':60} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
            everything: list[float] = []
            for path in QUERIES:
                timings = measure(port, path, args.requests)
                everything += timings
                print(
                    f"{path:60} {statistics.median(timings):8.2f} {percentile(timings, 0.95):8.2f} "
                    f"{percentile(timings, 0.99):8.2f}"
                )
            p95 = percentile(everything, 0.95)
            print(
                f"{'all queries':60} {statistics.median(everything):8.2f} {p95:8.2f} "
                f"{percentile(everything, 0.99):8.2f}"
            )
            print(f"target p95 < 50 ms: {'met' if p95 < 50 else 'NOT MET'}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
