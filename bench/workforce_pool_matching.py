"""Benchmark: the open pool's matching (issue 27). Target: with 100,000 pool members and 10,000 assignments, one
assignment's ranked matches p95 under 100 ms.

Fills a fresh SQLite database (or the PostgreSQL one in THORBECKE_DATABASE_URL) through the workforce app's own
models in bulk with synthetic data from a seeded random generator (illustrative, not real people): 100,000 members,
each with an account, a CWA role profile, three to eight e-CF competences at levels they are defined at, 8 to 40
hours, a period of availability (open-ended for half), a province and one to three languages; and 10,000
assignments of 20 organisations, each needing two to six competences, up to two of them musts, a third remote.

It times building the pool's arrays once, then ``pool_matching.match`` (what the assignment's page and the API call:
the pool's state checked, the filters, the scores, the top 25 with their explanations) for 200 random assignments,
and writes the figures to bench/results/workforce_pool_matching.json (bench/record.py).

    .venv/bin/python bench/workforce_pool_matching.py [--members 100000] [--assignments 10000]
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

sys.path.insert(0, str(Path(__file__).parent))

PROVINCES = [f"pv{n}" for n in (20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31)]


def languages(rng: random.Random) -> list[str]:
    found = ["nl"] if rng.random() < 0.95 else []
    if rng.random() < 0.6 or not found:
        found.append("en")
    if rng.random() < 0.15:
        found.append(rng.choice(["de", "fr", "fy", "es", "pap", "pl", "tr", "ar"]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--assignments", type=int, default=10_000)
    parser.add_argument("--timed", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("THORBECKE_DATA_DIR", tempfile.mkdtemp(prefix="thorbecke-pool-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    import record
    from thorbecke.registry.models import Organisation
    from thorbecke.workforce import pool_matching
    from thorbecke.workforce.competences import framework
    from thorbecke.workforce.models import Assignment, PoolMember

    started_at = dt.datetime.now(dt.UTC)
    rng = random.Random(27)
    call_command("migrate", "--no-input", "--verbosity", "0")
    competences = list(framework().competences.values())
    organisations = [
        Organisation.objects.get_or_create(
            code=f"bench-pool-{i}", defaults={"org_type": "gemeente", "name": f"Benchmark organisation {i} "
                                              "(illustrative)", "sort_name": "benchmark",
                                              "source": "bench/workforce_pool_matching.py"},
        )[0]
        for i in range(20)
    ]  # fmt: skip
    today = dt.date.today()

    fill = time.perf_counter()
    user_model = get_user_model()
    user_model.objects.bulk_create(
        (user_model(username=f"bench-pool-member-{i}", password="!") for i in range(args.members)), batch_size=5000
    )
    users = user_model.objects.filter(username__startswith="bench-pool-member-").values_list("pk", flat=True)
    members = []
    for user_id in users.iterator():
        held = rng.sample(competences, rng.randint(3, 8))
        start = today + dt.timedelta(days=rng.randint(-60, 365))
        members.append(PoolMember(
            user_id=user_id, profile_scheme="cwa-16458", profile_code=str(rng.randint(1, 30)),
            competences={c.code: rng.choice(c.levels) for c in held}, hours_per_week=rng.choice([8, 16, 24, 32, 36,
            40]), available_from=start,
            available_until=None if rng.random() < 0.5 else start + dt.timedelta(days=rng.randint(90, 730)),
            region=rng.choice(PROVINCES), languages=languages(rng), text="Synthetic benchmark member.",
        ))  # fmt: skip
    PoolMember.objects.bulk_create(members, batch_size=5000)
    assignments = []
    for i in range(args.assignments):
        needed = rng.sample(competences, rng.randint(2, 6))
        musts = set(rng.sample(range(len(needed)), rng.randint(0, min(2, len(needed)))))
        starts = today + dt.timedelta(days=rng.randint(0, 365))
        remote = rng.random() < 0.33
        assignments.append(Assignment(
            organisation=rng.choice(organisations), title=f"Benchmark assignment {i} (illustrative)",
            description="Synthetic.", hours_per_week=rng.choice([8, 16, 24, 32]), starts_on=starts,
            ends_on=starts + dt.timedelta(days=rng.randint(60, 540)) if rng.random() < 0.8 else None,
            competences=[{"code": c.code, "level": rng.choice(c.levels), "must": j in musts}
                         for j, c in enumerate(needed)],
            region="" if remote and rng.random() < 0.5 else rng.choice(PROVINCES), remote=remote,
            languages=rng.choice([["nl"], ["nl"], ["en"], ["nl", "en"]]),
        ))  # fmt: skip
    Assignment.objects.bulk_create(assignments, batch_size=5000)
    filled = time.perf_counter() - fill

    start = time.perf_counter()
    pool_matching.build()
    built = time.perf_counter() - start
    pool_matching.pool()  # kept for the calls below, as a page finds it

    chosen = rng.sample(list(Assignment.objects.all()), args.timed)
    timings, totals = [], []
    for assignment in chosen:
        one = time.perf_counter()
        result = pool_matching.match(assignment)  # as the page and the API call it
        timings.append((time.perf_counter() - one) * 1000)
        totals.append(result.total)
    p50 = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[18]

    print(f"{args.members:,} pool members, {args.assignments:,} assignments (synthetic); filled in {filled:.1f} s")
    print(f"pool arrays built in {built:.2f} s")
    print(f"one assignment's ranked matches: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms over "
          f"{len(timings)} assignments (target p95 < 100 ms); median {statistics.median(totals):,.0f} members "
          f"meet every condition")  # fmt: skip
    record.write(
        "workforce_pool_matching",
        {
            "members": args.members, "assignments": args.assignments, "synthetic": True,
            "fill_seconds": round(filled, 1), "pool_build_seconds": round(built, 3), "timed": len(timings),
            "match_p50_ms": round(p50, 2), "match_p95_ms": round(p95, 2), "match_max_ms": round(max(timings), 2),
            "match_p95_target_ms": 100, "eligible_median": statistics.median(totals),
        },
        started=started_at,
    )  # fmt: skip


if __name__ == "__main__":
    main()
