"""Benchmark: the public algorithm register's search at 100,000 algorithms (issue 24: p95 under 50 ms).

Builds a fresh SQLite database with the real register of organisations and 100,000 descriptions generated from
the 27 example descriptions, varied over the real organisations (90% published), with their filter columns and
search words filled as saving one does. Then asks the public list page (/algoritmes/) and the API
(/api/v1/algorithms) a fixed mix of searches and filters through Django's test client, in process (no HTTP).

    .venv/bin/python bench/algorithm_register.py [--algorithms 100000] [--rounds 3]

Not part of the test suite. Several minutes: most of it is writing the 100,000 descriptions and their words.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

QUERIES = [
    {"q": "anonimiseren"},
    {"q": "kentekencamera"},
    {"q": "kentekencamera milieuzone"},
    {"q": "meldingen openbare ruimte"},
    {"q": "belasting"},
    {"q": "woz taxatie"},
    {"q": "gezichtsvergelijking"},
    {"q": "utrecht"},
    {"q": "amsterdam meldingen"},
    {"q": "virtuele assistent"},
    {"q": "hittestress"},
    {"q": "burgerzaken"},
    {"q": "zivver"},
    {"q": "onbestaandwoord"},
    {"category": "B"},
    {"theme": "Verkeer"},
    {"organisation": "gm0344"},
    {"q": "anonimiseren", "category": "C"},
    {"q": "kenteken", "theme": "Verkeer", "page": "3"},
    {"status": "In ontwikkeling"},
    {},
    {"page": "50"},
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def build(count: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from thorbecke.ai.models import Algorithm, AlgorithmTerm, Lifecycle
    from thorbecke.ai.register import fill_columns, search_terms
    from thorbecke.ai.schema import example_descriptions
    from thorbecke.registry.models import Organisation

    call_command("migrate", "--no-input", "--verbosity", "0")
    call_command("import_organisations", "--verbosity", "0")
    organisations = list(Organisation.objects.filter(end_date__isnull=True).order_by("code"))
    examples = example_descriptions()
    start = time.perf_counter()
    # Loading 3.6 million words into an index is far slower than indexing them afterwards; the index is the same.
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX ai_term_term_algorithm")
    batch = 5000
    for first in range(0, count, batch):
        algorithms = []
        for number in range(first, min(count, first + batch)):
            organisation = organisations[number % len(organisations)]
            example = examples[number % len(examples)]
            document = {**example, "name": f"{example['name']} {organisation.short_name or organisation.name}"[:99]}
            algorithm = Algorithm(organisation=organisation, document=document)
            algorithm.lifecycle = Lifecycle.CONCEPT if number % 10 == 9 else Lifecycle.PUBLISHED
            fill_columns(algorithm)
            algorithms.append(algorithm)
        with transaction.atomic():
            Algorithm.objects.bulk_create(algorithms)
            terms = [
                AlgorithmTerm(algorithm_id=a.pk, term=term)  # bulk_create sets pk (RETURNING)
                for a in algorithms
                for term in sorted(search_terms(a))
            ]
            AlgorithmTerm.objects.bulk_create(terms, batch_size=10000)
        print(f"  {min(count, first + batch):>7} algorithms written ({time.perf_counter() - start:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX ai_term_term_algorithm ON ai_algorithmterm (term, algorithm_id)")
        cursor.execute("ANALYZE")  # PostgreSQL's autovacuum does this by itself; SQLite only when asked
    print(f"{Algorithm.objects.count()} algorithms, {AlgorithmTerm.objects.count()} search words")


def measure(rounds: int) -> None:
    from django.test import Client

    client = Client()
    for path in ("/algoritmes/", "/api/v1/algorithms"):
        for query in QUERIES:  # warm up
            assert client.get(path, query).status_code == 200, (path, query)
        timings, slowest = [], (0.0, {})
        for _round in range(rounds):
            for query in QUERIES:
                start = time.perf_counter()
                response = client.get(path, query)
                elapsed = (time.perf_counter() - start) * 1000
                assert response.status_code == 200
                timings.append(elapsed)
                slowest = max(slowest, (elapsed, query), key=lambda pair: pair[0])
        print(
            f"{path}: {len(timings)} requests, p50 {statistics.median(timings):.1f} ms, "
            f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms (slowest: {slowest[1]}); "
            f"target p95 < 50 ms: {'met' if percentile(timings, 0.95) < 50 else 'NOT MET'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--algorithms", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="thorbecke-bench-") as tmp:
        os.environ.update({"DJANGO_SETTINGS_MODULE": "thorbecke.hub.settings", "THORBECKE_DATA_DIR": tmp})
        os.environ.pop("THORBECKE_DATABASE_URL", None)
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        import django

        django.setup()
        from django.conf import settings

        settings.ALLOWED_HOSTS = ["*"]
        build(args.algorithms)
        measure(args.rounds)


if __name__ == "__main__":
    main()
