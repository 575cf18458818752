"""Benchmark: recomputing every scorecard (issue 7). Target: 1,000 organisations in under 5 s.

Fills a fresh SQLite database (or the PostgreSQL one in THORBECKE_DATABASE_URL) with 1,000
organisations (the real register, padded with labelled benchmark organisations), 3 hosts each and
10 rounds of every scorecard check per host (360,000 measurements, the last round current), then times
the scorecards.

    .venv/bin/python bench/agreements_scorecards.py [--organisations 1000] [--rounds 10]
"""

import argparse
import os
import random
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("THORBECKE_DATA_DIR", tempfile.mkdtemp(prefix="thorbecke-scorecard-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from thorbecke.agreements.models import Measurement
    from thorbecke.agreements.scorecards import CHECKS, scorecards
    from thorbecke.registry.models import Organisation

    call_command("migrate", "--no-input", "--verbosity", "0")
    call_command("import_organisations", "--verbosity", "0")
    missing = args.organisations - Organisation.objects.filter(end_date__isnull=True).count()
    Organisation.objects.bulk_create(
        [
            Organisation(code=f"bench-{i:04d}", org_type="rijksorganisatie", name=f"Benchmarkorganisatie {i}",
                         short_name=f"Benchmarkorganisatie {i}", sort_name=f"benchmarkorganisatie {i:04d}",
                         source="bench/agreements_scorecards.py")
            for i in range(max(0, missing))
        ]
    )  # fmt: skip
    organisations = list(Organisation.objects.filter(end_date__isnull=True)[: args.organisations])
    rng = random.Random(7)
    rows = [
        Measurement(organisation=o, host=f"www{h}.{o.code}.example", check_key=check,
                    verdict=rng.choice(["pass", "pass", "fail", "error"]), current=round_ == args.rounds - 1)
        for round_ in range(args.rounds) for o in organisations for h in range(3) for check in CHECKS
    ]  # fmt: skip
    Measurement.objects.bulk_create(rows, batch_size=5000)
    print(f"{len(organisations):,} organisations, {len(rows):,} measurements")
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        found = scorecards()
        timings.append(time.perf_counter() - start)
    print(f"all scorecards recomputed ({len(found):,} rows): median {statistics.median(timings):.2f} s, "
          f"worst {max(timings):.2f} s (target < 5 s)")  # fmt: skip


if __name__ == "__main__":
    main()
