"""Benchmark: computing every steering indicator (issue 25). Target: all indicators for 1,000 organisations over
24 monthly periods in under 30 s on this machine.

Fills a fresh SQLite database (or the PostgreSQL one in THORBECKE_DATABASE_URL) with 1,000 organisations (the real
register, padded with labelled benchmark organisations) and 24 months of what the indicators read, made up by a
seeded random generator (illustrative, not real figures), through the apps' own models in bulk:

- measurements of seven checks on two hosts a month per organisation (the agreements' scans),
- comply-or-explain gaps with their notice and, mostly, an answer,
- reports on public space with a deadline, closed or not, and a survey answer for some,
- a screening a month with the non-take-up figures of every municipality,
- a count of the cryptographic inventory a month, components with end of support and hosting,
- threat indicators shared, algorithms published and partly classified.

Then it times ``steering.compute.compute`` over the 24 months, and writes the figures to
bench/results/steering_indicators.json (bench/record.py).

    .venv/bin/python bench/steering_indicators.py [--organisations 1000] [--months 24]
"""

import argparse
import contextlib
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

CHECKS = ["https-hsts", "dmarc", "tls", "accessibility", "exchange", "processing-log", "api-design"]
SCHEMES = ["zorgtoeslag", "huurtoeslag", "kwijtschelding"]


@contextlib.contextmanager
def dated(*fields: tuple[type, str]) -> Iterator[None]:
    """Let bulk_create keep the dates given: the apps stamp these fields with "now" on creation, and the benchmark
    builds two years of history at once."""
    found = [model._meta.get_field(name) for model, name in fields]
    for field in found:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in found:
            field.auto_now_add = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=1000)
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args()
    os.environ.setdefault("THORBECKE_DATA_DIR", tempfile.mkdtemp(prefix="thorbecke-steering-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    import record
    from thorbecke.agreements.models import Agreement, Gap, GapStep, Measurement
    from thorbecke.ai.models import Algorithm, Classification, Lifecycle
    from thorbecke.landscape.models import Entity, Hosting, Kind, ReadinessSnapshot, Supplier
    from thorbecke.proactive.models import NonTakeUp, Screening
    from thorbecke.registry.models import Organisation, OrganisationType
    from thorbecke.signals.models import Category, Feedback, ServiceRequest, Status
    from thorbecke.soc.models import StixObject, Tlp
    from thorbecke.steering import definitions, periods
    from thorbecke.steering.compute import compute

    started_at = dt.datetime.now(dt.UTC)
    call_command("migrate", "--no-input", "--verbosity", "0")
    call_command("import_organisations", "--verbosity", "0")
    call_command("import_categories", "--verbosity", "0")
    missing = args.organisations - Organisation.objects.filter(end_date__isnull=True).count()
    Organisation.objects.bulk_create(
        [
            Organisation(code=f"bench-{i:04d}", org_type="rijksorganisatie", name=f"Benchmarkorganisatie {i}",
                         short_name=f"Benchmarkorganisatie {i}", sort_name=f"benchmarkorganisatie {i:04d}",
                         source="bench/steering_indicators.py")
            for i in range(max(0, missing))
        ]
    )  # fmt: skip
    organisations = list(Organisation.objects.filter(end_date__isnull=True).order_by("pk")[: args.organisations])
    municipalities = [o for o in organisations if o.org_type == OrganisationType.GEMEENTE]
    rng = random.Random(7)
    months = periods.last(args.months)
    # A moment in the middle of each month, and one late in it.
    middle = {p: periods.end(periods.shift(p, -1)) + dt.timedelta(days=14) for p in months}
    category = Category.objects.filter(active=True).order_by("slug").first()
    build = time.perf_counter()

    with dated((Measurement, "measured_at"), (Gap, "opened_at"), (GapStep, "at"), (ServiceRequest, "requested_at"),
               (Feedback, "at"), (Screening, "finished_at"), (StixObject, "date_added"),
               (Classification, "classified_at")):  # fmt: skip
        measurements = [
            Measurement(organisation=o, host=f"www{h}.{o.code}.example", check_key=check, current=p == months[-1],
                        verdict=rng.choice(["pass", "pass", "pass", "fail", "error"]), measured_at=middle[p])
            for p in months for o in organisations for h in range(2) for check in CHECKS
        ]  # fmt: skip
        Measurement.objects.bulk_create(measurements, batch_size=5000)

        call_command("import_agreements", "--verbosity", "0")
        agreement = Agreement.objects.order_by("pk").first()
        gaps = [
            Gap(organisation=o, agreement=agreement, opened_at=middle[p], state="resolved",
                answer_due=(middle[p] + dt.timedelta(days=30)).date(), closed_at=middle[p] + dt.timedelta(days=60))
            for o in organisations for p in months[::6]
        ]  # fmt: skip
        Gap.objects.bulk_create(gaps, batch_size=5000)
        steps = []
        for gap in Gap.objects.all():
            steps.append(GapStep(gap=gap, action="opened", date=gap.answer_due, at=gap.opened_at))
            if rng.random() < 0.8:
                late = rng.random() < 0.25
                answered = gap.opened_at + dt.timedelta(days=40 if late else 10)
                steps.append(GapStep(gap=gap, action="planned", at=answered))
        GapStep.objects.bulk_create(steps, batch_size=5000)

        reports = []
        for p in months:
            for o in municipalities:
                for _ in range(rng.randint(5, 15)):
                    requested = middle[p] + dt.timedelta(hours=rng.randint(-300, 300))
                    closed = rng.random() < 0.85
                    closed_at = requested + dt.timedelta(days=rng.uniform(0.2, 9)) if closed else None
                    reports.append(ServiceRequest(
                        category=category, organisation=o, description="Benchmarkmelding (illustratief)",
                        status=Status.CLOSED if closed else Status.OPEN, requested_at=requested,
                        expected_at=requested + dt.timedelta(days=5), closed_at=closed_at,
                    ))  # fmt: skip
        ServiceRequest.objects.bulk_create(reports, batch_size=5000)
        feedback = [
            Feedback(request_id=pk, satisfaction=rng.randint(1, 5), at=closed_at)
            for pk, closed_at in ServiceRequest.objects.filter(status=Status.CLOSED).values_list("pk", "closed_at")
            if rng.random() < 0.3
        ]
        Feedback.objects.bulk_create(feedback, batch_size=5000)

        for p in months:
            screening = Screening.objects.create(period=p, source="bench", results="bench", persons=0,
                                                 finished_at=middle[p])  # fmt: skip
            figures = []
            for o in municipalities:
                for scheme in SCHEMES:
                    entitled = rng.randint(50, 5000)
                    figures.append(NonTakeUp(screening=screening, scheme=scheme, gemeente=o.code.upper(),
                                             entitled=entitled, receiving=int(entitled * rng.uniform(0.6, 0.95)),
                                             unclaimed_per_month=0.0))  # fmt: skip
            NonTakeUp.objects.bulk_create(figures, batch_size=5000)

        ReadinessSnapshot.objects.bulk_create(
            [ReadinessSnapshot(organisation=o, day=middle[p].date(), vulnerable=rng.randint(0, 40),
                               upgrade=rng.randint(0, 20), ready=rng.randint(0, 30), unknown=rng.randint(0, 5))
             for p in months for o in organisations],
            batch_size=5000,
        )  # fmt: skip
        suppliers = Supplier.objects.bulk_create(
            [Supplier(name=f"Benchmarkleverancier {i}", country=country)
             for i, country in enumerate(["NL", "DE", "US", "IE", "US"])]
        )  # fmt: skip
        today = timezone.localdate()
        Entity.objects.bulk_create(
            [Entity(kind=Kind.COMPONENT, namespace=o.code, name=f"component-{c}", owner=o, source="bench",
                    supplier=rng.choice(suppliers), hosting=rng.choice(list(Hosting.values)),
                    jurisdiction=rng.choice(["", "NL", "US"]),
                    end_of_support=today + dt.timedelta(days=rng.randint(-900, 900)) if rng.random() < 0.6 else None)
             for o in organisations for c in range(5)],
            batch_size=5000,
        )  # fmt: skip
        StixObject.objects.bulk_create(
            [StixObject(stix_id=f"indicator--bench-{o.pk}-{p}-{n}", type="indicator", modified=p, body={},
                        organisation=o, tlp=Tlp.GREEN, date_added=middle[p])
             for p in months for o in organisations for n in range(rng.randint(0, 3))],
            batch_size=5000,
        )  # fmt: skip
        algorithms = Algorithm.objects.bulk_create(
            [Algorithm(organisation=o, name=f"Benchmarkalgoritme {n}", document={}, lifecycle=Lifecycle.PUBLISHED,
                       published_at=middle[rng.choice(months)])
             for o in organisations for n in range(rng.randint(0, 4))],
            batch_size=5000,
        )  # fmt: skip
        Classification.objects.bulk_create(
            [Classification(algorithm=a, tree_version="bench", tree_digest="bench", conclusion="bench",
                            classified_at=a.published_at + dt.timedelta(days=20))
             for a in algorithms if rng.random() < 0.5],
            batch_size=5000,
        )  # fmt: skip
    built = time.perf_counter() - build
    rows = {
        "measurements": len(measurements), "gaps": len(gaps), "reports": len(reports),
        "screening_figures": NonTakeUp.objects.count(), "crypto_counts": ReadinessSnapshot.objects.count(),
        "components": Entity.objects.count(), "threat_indicators": StixObject.objects.count(),
        "algorithms": len(algorithms),
    }  # fmt: skip
    print(f"{len(organisations):,} organisations, {args.months} months; built in {built:.0f} s: {rows}")

    definitions.sync()
    start, cpu = time.perf_counter(), time.process_time()
    stored = compute(months)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    indicators = len(definitions.load())
    # The machine may be shared: the processor time this process used says what it costs without the others.
    print(f"{indicators} indicators x {len(months)} months computed in {seconds:.1f} s ({cpu:.1f} s of processor "
          f"time; {stored:,} observations stored; target < 30 s)")  # fmt: skip
    record.write(
        "steering_indicators",
        {
            "organisations": len(organisations), "months": len(months), "indicators": indicators,
            "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "target_seconds": 30,
            "observations_stored": stored,
            "rows_read": rows,
        },
        started=started_at,
    )  # fmt: skip


if __name__ == "__main__":
    main()
