"""Benchmark: a life event from the registry to the person's inbox (issue 5: "within seconds").

Starts the demo's data system (real nodes, contracts, mutual TLS, processing logs) on a 200,000-person population,
then, one after the other, lets RvIG register moves of randomly chosen households to another municipality and
publish them, while the hub reads its node's inbox every ``--poll`` seconds and re-screens. Reports, per event:
the source change (rewriting two partition files), publish to handled (delivery through both gateways, the
hub's read and the re-screening), and the re-screening alone.

    .venv/bin/python bench/life_events.py [--events 50] [--persons 200000] [--poll 0.02]
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path


def _summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    p50, worst = statistics.median(ordered), ordered[-1]
    return f"{name}: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {worst * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--poll", type=float, default=0.02, help="seconds between the hub's reads of its inbox")
    args = parser.parse_args()
    data_dir = Path(os.environ.setdefault("THORBECKE_DATA_DIR", tempfile.mkdtemp(prefix="thorbecke-life-bench-")))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")
    import django

    django.setup()
    import pyarrow.parquet as pq
    from django.conf import settings
    from django.core.management import call_command

    from thorbecke.demo import data_system as demo
    from thorbecke.exchange.federated import HubNode
    from thorbecke.population import source
    from thorbecke.population.dataset import partition_files
    from thorbecke.population.generation import generate
    from thorbecke.proactive import life_events

    call_command("migrate", "--no-input", "--verbosity", "0")
    call_command("import_organisations", "--verbosity", "0")
    population = data_dir / "population"
    generate(population, args.persons, 1, shared_dir=settings.SHARED_DATA_DIR)
    source.enrol_demo_citizens(population)
    group = demo.start(data_dir / "demo-group", population)
    try:
        hub, rvig = HubNode(group.nodes["hub"].config), group.nodes["rvig"]
        life_events.consume(hub)  # start from what is there
        rng = random.Random(5)
        files = partition_files(population)
        codes = [code for code, _ in files]
        changes, end_to_end, handling = [], [], []
        for _ in range(args.events):
            code, file = files[rng.randrange(len(files))]
            ids = pq.read_table(file, columns=["persoon_id"])["persoon_id"].to_pylist()
            if not ids:
                continue
            person, to = rng.choice(ids), rng.choice([c for c in codes if c != code])
            start = time.perf_counter()
            event = source.move_household(population, person, to)
            changes.append(time.perf_counter() - start)
            start = time.perf_counter()
            life_events.publish(rvig, [event])
            while not (result := life_events.consume(hub)).handled:
                time.sleep(args.poll)
            end_to_end.append(time.perf_counter() - start)
            handling += [o.seconds for o in result.handled]
            files = partition_files(population)
        print(f"{len(end_to_end)} moves on {args.persons:,} persons, hub reading every {args.poll * 1000:.0f} ms")
        print(_summary("  source change (two partition files rewritten)", changes))
        print(_summary("  published -> re-screened and told", end_to_end))
        print(_summary("  of which re-screening and telling", handling))
    finally:
        group.stop()


if __name__ == "__main__":
    main()
