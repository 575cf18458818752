"""Benchmark: the public steering dashboard at scale (issue 25: "the dashboard p95 under 200 ms").

Builds a fresh SQLite database with the real register, 20 indicators spread over the six priorities and the
interventions, and their observations for 1,000 organisations over 24 months, summed per type of organisation,
province and the country as steering.compute stores them (about 440,000 rows, written in bulk). The organisations
are the register's, then numbered stand-ins up to the count; the values are random (seeded), a tenth left as no
data: this is a load test, the figures mean nothing. Then asks the landing page (/sturing/), every priority's page
and three indicators' pages through Django's test client, in process (no HTTP), and prints p50 and p95 per page and
over all.

    .venv/bin/python bench/steering_dashboard.py [--organisations 1000] [--months 24] [--indicators 20] [--rounds 20]

Not part of the test suite. Two to four minutes, most of it writing the observations.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 200


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build(organisations: int, months: int, indicators: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from thorbecke.registry.models import Organisation, OrganisationType
    from thorbecke.steering import compute, periods
    from thorbecke.steering.indicators import Unit, Value
    from thorbecke.steering.models import Indicator, Observation, Priority

    call_command("migrate", "--no-input", "--verbosity", "0")
    call_command("import_organisations", "--verbosity", "0")
    where = compute.places()
    provinces = sorted({p.province for p in where.values() if p.province})
    stand_in = max(where) + 1
    while len(where) < organisations:  # stand-ins beyond the register, spread over types and provinces
        n = len(where)
        where[stand_in + n] = compute.Place(
            f"bench-{n:04d}", OrganisationType.values[n % 3], provinces[n % len(provinces)]
        )
    where = dict(list(where.items())[:organisations])
    units = [Unit.SHARE, Unit.COUNT, Unit.MEAN]
    made = Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"bench-{i:02d}",
                priority=Priority.values[i % len(Priority.values)],
                unit=units[i % 3],
                name_nl=f"Indicator {i}",
                name_en=f"Indicator {i}",
                definition_nl="Belasting.",
                definition_en="Load.",
                owner="bench",
                source="bench",
                target=0.8 if units[i % 3] == Unit.SHARE else None,
                target_year=2030,
            )
            for i in range(indicators)
        ]
    )
    random.seed(25)
    start = time.perf_counter()
    for indicator in made:
        rows = []
        for period in periods.last(months, dt.date(2026, 12, 1)):
            # What a computation returns: a value per organisation, a tenth of them without data (left out).
            values = {
                pk: Value(float(random.random() < 0.6), 1.0)
                if indicator.unit == Unit.SHARE
                else Value(float(random.randint(0, 9)), None if indicator.unit == Unit.COUNT else 1.0)
                for pk in where
                if random.random() >= 0.1
            }
            rows += compute.observations(indicator, period, values, where)  # summed as compute stores them
        with transaction.atomic():
            Observation.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # PostgreSQL's autovacuum does this by itself; SQLite only when asked
    print(
        f"{Observation.objects.count()} observations ({organisations} organisations x {months} months x "
        f"{indicators} indicators, and their sums) written in {time.perf_counter() - start:.0f} s; "
        f"{Organisation.objects.count()} organisations in the register"
    )


def measure(rounds: int) -> dict:
    from django.test import Client

    from thorbecke.steering.models import Priority

    client = Client()
    pages = ["/sturing/", *(f"/sturing/{priority}/" for priority in Priority.values)]
    pages += [f"/sturing/indicatoren/bench-{i:02d}/" for i in range(3)]  # a share's, a count's and a mean's page
    for path in pages:  # warm up
        assert client.get(path).status_code == 200, path
    figures, everything = {}, []
    for path in pages:
        timings = []
        for _round in range(rounds):
            began = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        everything += timings
        figures[path] = {"p50_ms": round(statistics.median(timings), 1), "p95_ms": round(percentile(timings, 0.95), 1)}
        print(f"{path}: {rounds} requests, p50 {figures[path]['p50_ms']} ms, p95 {figures[path]['p95_ms']} ms")
    p95 = percentile(everything, 0.95)
    print(
        f"all pages: {len(everything)} requests, p50 {statistics.median(everything):.1f} ms, p95 {p95:.1f} ms; "
        f"target p95 < {TARGET_MS} ms: {'met' if p95 < TARGET_MS else 'NOT MET'}"
    )
    return {
        "pages": figures,
        "requests": len(everything),
        "p50_ms": round(statistics.median(everything), 1),
        "p95_ms": round(p95, 1),
        "target_p95_ms": TARGET_MS,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=1000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    started = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory(prefix="thorbecke-bench-") as tmp:
        os.environ.update({"DJANGO_SETTINGS_MODULE": "thorbecke.hub.settings", "THORBECKE_DATA_DIR": tmp})
        os.environ.pop("THORBECKE_DATABASE_URL", None)
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        import django

        django.setup()
        from django.conf import settings

        settings.ALLOWED_HOSTS = ["*"]
        build(args.organisations, args.months, args.indicators)
        figures = measure(args.rounds)
    import record  # bench/record.py, beside this script

    scale = {"organisations": args.organisations, "months": args.months, "indicators": args.indicators}
    record.write("steering_dashboard", {**scale, **figures}, started=started)


if __name__ == "__main__":
    main()
