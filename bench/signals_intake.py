"""Benchmark: reports taken in, routed and listed, as issue 6 asks.

Targets (issue 6), on this machine with the embedded database (SQLite):
- at least 200 new reports per second accepted and routed: Open311 POSTs to the hub as in
  production (granian, WSGI), each checked, routed by point and category, rate-limited, checked
  for "already reported" and committed before the answer;
- routing plus classification p95 under 20 ms (in-process: suggest a category for a held-out
  report text, then route it at a point);
- listing an organisation's open reports p95 under 100 ms with 1 million reports stored (the
  staff list page, rendered in-process by Django's test client, for the organisation with the
  most reports).

    .venv/bin/python bench/signals_intake.py [--reports 1000000] [--workers 2]

Needs wrk (Debian package; `make bench` installs it).
"""

import argparse
import csv
import datetime as dt
import http.client
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from organisations_api import percentile, start_hub

SEED = 311


def prepare(env: dict[str, str]) -> str:
    """A fresh database with the register, the categories and an Open311 key; returns the key."""
    script = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", "--no-input", "--verbosity", "0")
call_command("import_organisations", "--verbosity", "0")
call_command("import_categories", "--verbosity", "0")
call_command("create_open311_key", "bench", "--per-minute", "1000000", "--per-address", "1000000")
"""
    done = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


def sample_points(count: int) -> list[tuple[float, float]]:
    """Points inside Dutch municipalities (a representative point of each, moved up to ~300 m)."""
    import shapely
    from django.conf import settings

    geojson = json.loads((settings.SHARED_DATA_DIR / "geo" / "cbs_gemeenten_2024.geojson").read_text())
    anchors = [shapely.geometry.shape(f["geometry"]).representative_point() for f in geojson["features"]]
    rng = random.Random(SEED)
    points = []
    for _ in range(count):
        anchor = rng.choice(anchors)
        points.append((anchor.y + rng.uniform(-0.002, 0.002), anchor.x + rng.uniform(-0.003, 0.003)))
    return points


def post_sequentially(port: int, bodies: list[bytes]) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    timings = []
    for body in bodies:
        start = time.perf_counter()
        connection.request("POST", "/open311/v2/requests.json", body, headers)
        response = connection.getresponse()
        response.read()
        timings.append((time.perf_counter() - start) * 1000)
        if response.status != 201:
            raise SystemExit(f"a report was refused: {response.status}")
    return timings


def post_with_wrk(port: int, bodies: list[bytes], connections: int, seconds: int, folder: Path) -> str:
    """wrk (C, Debian) posts the bodies in turn, so that the load generator takes little of the two cores."""
    script = folder / "post.lua"
    quoted = ",\n".join(json.dumps(body.decode()) for body in bodies)
    script.write_text(
        "local bodies = {\n" + quoted + "\n}\nlocal i = 0\n"
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        "function setup(thread) thread:set('offset', math.random(1, #bodies)) end\n"
        "request = function()\n  i = i + 1\n"
        "  return wrk.format(nil, nil, nil, bodies[((offset or 0) + i) % #bodies + 1])\nend\n"
    )
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script)]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}/open311/v2/requests.json"], check=True, capture_output=True, text=True
    )
    return out.stdout


def intake(port: int, key: str, points: list[tuple[float, float]], codes: list[str], folder: Path) -> None:
    rng = random.Random(SEED)
    texts = ["Lantaarnpaal doet het niet", "Er ligt een berg vuilnis naast de container", "Losliggende stoeptegel"]

    def body(i: int) -> bytes:
        lat, lon = points[i % len(points)]
        fields = {
            "api_key": key,
            "service_code": rng.choice(codes),
            "lat": f"{lat:.6f}",
            "long": f"{lon:.6f}",
            "description": rng.choice(texts),
            "device_id": f"bench-{i}",  # each device posts a few times a minute: under its limit
        }
        return urllib.parse.urlencode(fields).encode()

    timings = post_sequentially(port, [body(i) for i in range(1000)])
    print(
        f"  one client, one at a time: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms ({1000 / statistics.mean(timings):.0f} reports/s)"
    )
    before = count_reports(folder)
    out = post_with_wrk(port, [body(i) for i in range(1000, 11000)], 8, 20, folder)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    refused = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)\s*$", out, re.MULTILINE))
    stored = count_reports(folder) - before
    print(
        f"  wrk, 8 connections, 20 s: {rate:,.0f} reports/s accepted and routed (target >= 200); "
        f"p50 {latency['50']}, p99 {latency['99']}; refused {refused.group(1) if refused else 0}; "
        f"{stored:,} new reports in the database"
    )


def count_reports(folder: Path) -> int:
    with sqlite3.connect(folder / "thorbecke.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM signals_servicerequest").fetchone()[0]


def routing_and_classification(points: list[tuple[float, float]]) -> None:
    from thorbecke.signals.classifier import get_classifier, read_examples, split
    from thorbecke.signals.models import Category
    from thorbecke.signals.routing import RoutingError, route

    classifier = get_classifier()
    categories = {c.slug: c for c in Category.objects.all()}
    _, held_out = split(read_examples())
    timings = []
    for i, example in enumerate(held_out * 3):
        lat, lon = points[i % len(points)]
        start = time.perf_counter()
        best = classifier.suggest(example.text, limit=3)[0]
        try:
            route(categories[best.category], lat, lon)
        except RoutingError:
            pass  # a Rijkswaterstaat category off its network is refused: still a full routing decision
        timings.append((time.perf_counter() - start) * 1000)
    print(
        f"  {len(timings)} held-out texts at points in municipalities: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms, p99 {percentile(timings, 0.99):.1f} ms (target p95 < 20 ms)"
    )


def fill(database: Path, total: int) -> None:
    """Insert reports straight into SQLite: the municipalities by size, 30% open, over two years."""
    from django.conf import settings

    from thorbecke.registry.models import Organisation
    from thorbecke.signals.models import Category, Layer

    # Reports follow where people live: each municipality weighted by its addresses (CBS PC4 table).
    addresses: dict[str, int] = {}
    with (settings.SHARED_DATA_DIR / "geo" / "pc4_gemeente_2024.csv").open() as table:
        for row in csv.DictReader(table):
            code = row["gemeentecode"].lower()
            addresses[code] = addresses.get(code, 0) + int(row["adressen"])
    current = Organisation.objects.filter(org_type="gemeente", end_date__isnull=True, code__in=addresses)
    municipalities, weights = zip(*((o.pk, addresses[o.code]) for o in current), strict=True)
    slugs = list(Category.objects.filter(layer=Layer.GEMEENTE, parent__isnull=False).values_list("slug", flat=True))
    rng = random.Random(SEED)
    now = dt.datetime.now(dt.UTC)
    connection = sqlite3.connect(database)
    columns = (
        "token, category_id, organisation_id, description, lat, long, address_string, address_id, zipcode, "
        "media_url, device_id, account_id, email, first_name, last_name, phone, attributes, status, status_notes, "
        "requested_at, updated_at, expected_at, api_client, reporter_key, client_address"
    )
    sql = f"INSERT INTO signals_servicerequest ({columns}) VALUES ({', '.join('?' * 25)})"
    start = time.perf_counter()
    batch = 50_000
    for offset in range(0, total, batch):
        rows = []
        organisations = rng.choices(municipalities, weights, k=min(batch, total - offset))
        for organisation in organisations:
            at = now - dt.timedelta(seconds=rng.uniform(0, 2 * 365 * 86400))
            status = "open" if rng.random() < 0.3 else "closed"
            stamp = at.isoformat(sep=" ")
            rows.append(
                (
                    random.getrandbits(128).to_bytes(16).hex(),
                    rng.choice(slugs),
                    organisation,
                    "Lantaarnpaal doet het niet",
                    52.0 + rng.random(),
                    5.0 + rng.random(),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "{}",
                    status,
                    "",
                    stamp,
                    stamp,
                    (at + dt.timedelta(days=5)).isoformat(sep=" "),
                    "bench",
                    "",
                    "",
                )
            )
        connection.executemany(sql, rows)
        connection.commit()
        done = offset + len(rows)
        rate = done / (time.perf_counter() - start)
        print(f"\r  stored {done:,} of {total:,} reports ({rate:,.0f}/s)", end="", flush=True)
    connection.execute("ANALYZE")
    connection.close()
    print()


def listing() -> None:
    from django.db.models import Count
    from django.test import Client

    from thorbecke.registry.accounts import create_account
    from thorbecke.registry.models import Organisation
    from thorbecke.signals.models import ServiceRequest

    busiest = ServiceRequest.objects.values("organisation").annotate(n=Count("pk")).order_by("-n").first()

    organisation = Organisation.objects.get(pk=busiest["organisation"])
    user = create_account("bench-viewer", organisation.code, "viewer", "bench-password-long").user
    client = Client()
    client.force_login(user)
    open_count = ServiceRequest.objects.filter(organisation=organisation, status="open").count()
    timings = []
    pages = [1, 2, 3, 10, 50, 100]
    for i in range(200):
        start = time.perf_counter()
        response = client.get("/meldingen/", {"status": "open", "page": pages[i % len(pages)]})
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"the list answered {response.status_code}")
    print(
        f"  {organisation.name}: {busiest['n']:,} reports, {open_count:,} open; list of open reports, 50 a page: "
        f"p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms (target p95 < 100 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1_000_000, help="reports stored for the listing (1 million)")
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes (default 2, one per core)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="thorbecke-bench-") as tmp:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thorbecke.hub.settings", "THORBECKE_DATA_DIR": tmp}
        env.pop("THORBECKE_DATABASE_URL", None)
        os.environ.update({"DJANGO_SETTINGS_MODULE": "thorbecke.hub.settings", "THORBECKE_DATA_DIR": tmp})
        os.environ.pop("THORBECKE_DATABASE_URL", None)
        os.environ["THORBECKE_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
        key = prepare(env)
        import django

        django.setup()
        from thorbecke.signals.models import Category, Layer

        points = sample_points(5000)
        codes = list(Category.objects.filter(layer=Layer.GEMEENTE, parent__isnull=False).values_list("slug", flat=True))
        print("Routing plus classification, in-process:")
        routing_and_classification(points)
        print(f"Open311 POST through the hub (granian WSGI, {args.workers} workers, SQLite in WAL mode):")
        port, server = start_hub(env, args.workers)
        try:
            intake(port, key, points, codes, Path(tmp))
        finally:
            server.terminate()
            server.wait(timeout=10)
        print(f"Listing with {args.reports:,} reports stored:")
        fill(Path(tmp) / "thorbecke.sqlite3", args.reports)
        listing()


if __name__ == "__main__":
    main()
