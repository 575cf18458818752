"""Benchmark of `thorbecke screen` (thorbecke.proactive.screening): all schemes for 1M, 4M and 18M persons on
this machine, against the targets (18M in under 5 minutes, peak memory under 6 GB, linear in population,
throughput at least 1.5x a plain single-process OpenFisca simulation of the same variables, one household
re-screened in under 100 ms).

    .venv/bin/python bench/proactive_screening.py --sizes 1M,4M,18M --data /tmp/scr-bench

Populations are generated once into ``--data`` with ``thorbecke.population.generation.generate`` and reused.
Each measurement runs in a fresh subprocess so its peak memory
(the process and all its workers together, sampled) is its own. The figures are written to
bench/results/proactive_screening.json (bench/record.py), with the sizes run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import psutil
import pyarrow.parquet as pq

from thorbecke.population import schema

PERIOD = "2026-03"


def size_of(text: str) -> int:
    text = text.strip().upper()
    factor = {"K": 1_000, "M": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("KM")) * factor)


def ensure_population(data: Path, persons: int) -> Path:
    target = data / f"population-{persons}"
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    started = time.monotonic()
    from thorbecke.population.generation import generate

    generate(target, persons, 7, workers=os.cpu_count() or 1)
    how = "population.generate"
    (target / ".complete").write_text(how)
    print(f"  generated {persons:,} persons with {how} in {time.monotonic() - started:.0f} s", flush=True)
    return target


class PeakRss:
    """The largest sum of resident memory of this process and all its descendants, sampled every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# --- Measurements, each run as `python bench/proactive_screening.py --measure <what> ...` in a subprocess ---


def measure_screen(population: Path, out: Path, workers: int, chunk: int, scheduler: str | None) -> dict[str, Any]:
    from thorbecke.proactive.screening import screen

    shutil.rmtree(out, ignore_errors=True)
    with PeakRss() as rss:
        started = time.monotonic()
        summary = screen(population, out, PERIOD, workers=workers, chunk_persons=chunk, scheduler=scheduler)
        seconds = time.monotonic() - started
    size = sum(p.stat().st_size for p in out.iterdir())
    shutil.rmtree(out, ignore_errors=True)
    return {
        "persons": summary.persons,
        "seconds": seconds,
        "peak_rss": rss.peak,
        "chunks": summary.chunks,
        "out_bytes": size,
    }


def measure_baseline(population: Path) -> dict[str, Any]:
    """A plain OpenFisca simulation, one process: read the population, one simulation through the builder's
    array API (declare entities, join with persons), inputs set, the same variables calculated."""
    from openfisca_core.periods import DateUnit
    from openfisca_core.periods import period as make_period
    from openfisca_core.simulations import SimulationBuilder

    from thorbecke.proactive.rules import tax_benefit_system
    from thorbecke.proactive.rules.schemes import SCHEMES

    tbs = tax_benefit_system()
    with PeakRss() as rss:
        started = time.monotonic()
        table = pq.read_table(population, columns=schema.SCHEMA.names)
        month = make_period(PERIOD)
        year = month.this_year
        households = table.column("huishouden_id").to_numpy()
        first = np.r_[True, households[1:] != households[:-1]]
        aanvrager = np.flatnonzero(table.column("rol").to_numpy(zero_copy_only=False) == "aanvrager")
        builder = SimulationBuilder()
        builder.create_entities(tbs)
        builder.declare_person_entity("persoon", table.column("persoon_id").to_numpy())
        group = builder.declare_entity("huishouden", households[first])
        builder.join_with_persons(group, households, table.column("rol").to_numpy(zero_copy_only=False))
        simulation = builder.build(tbs)
        months = list(year.get_subperiods(DateUnit.MONTH))
        for name in [*schema.PERSON_INPUTS, *schema.HOUSEHOLD_INPUTS]:
            variable = tbs.variables[name]
            values = table.column(name).to_numpy(zero_copy_only=False)
            values = values[aanvrager] if variable.entity.key == "huishouden" else values
            if variable.definition_period == DateUnit.ETERNITY:
                simulation.set_input(name, make_period("ETERNITY"), values)
            elif variable.definition_period == DateUnit.YEAR:
                simulation.set_input(name, year, values)
            else:
                for m in months:
                    simulation.set_input(name, m, values)
        simulation.set_input("gemeente", make_period("ETERNITY"), np.full(len(aanvrager), "GM0344"))
        for scheme in SCHEMES:
            for name in [scheme.entitled, scheme.amount, *scheme.conditions]:
                simulation.calculate(name, month)
        seconds = time.monotonic() - started
    return {"persons": table.num_rows, "seconds": seconds, "peak_rss": rss.peak}


def measure_household(population: Path) -> dict[str, Any]:
    from thorbecke.proactive.screening import screen_household

    files = sorted(population.glob("gemeente=*/*.parquet"))
    table = pq.read_table(files[0]).slice(0, 2000)
    households = table.column("huishouden_id").to_numpy()
    rows = table.to_pylist()
    by_household: dict[int, list[dict[str, Any]]] = {}
    for row, household in zip(rows, households, strict=True):
        row["gemeente"] = files[0].parent.name.split("=")[1]
        by_household.setdefault(int(household), []).append(row)
    samples = list(by_household.values())[:200]
    screen_household(samples[0], PERIOD)  # warm: the rules are loaded once per process
    timings = []
    for members in samples:
        started = time.perf_counter()
        screen_household(members, PERIOD)
        timings.append(time.perf_counter() - started)
    return {
        "p50_ms": 1000 * float(np.percentile(timings, 50)),
        "p95_ms": 1000 * float(np.percentile(timings, 95)),
        "samples": len(timings),
    }


def run_measure(args: list[str]) -> dict[str, Any]:
    # The machine may be shared: the load before a run says how far to trust it.
    load = os.getloadavg()[0]
    started = time.monotonic()
    done = subprocess.run([sys.executable, __file__, "--measure", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"measurement {args} failed:\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.monotonic() - started  # including interpreter start
    result["load_before"] = load
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1M,4M,18M")
    parser.add_argument("--data", type=Path, default=Path("/tmp/scr-bench"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chunk", type=int, default=250_000)
    parser.add_argument("--scheduler", default=None, help='e.g. "local:2" to run the screening on Dask')
    parser.add_argument("--baseline", default="1M", help="population size for the plain OpenFisca baseline")
    parser.add_argument("--measure", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        what, *rest = args.measure
        if what == "screen":
            population, out, workers, chunk, scheduler = rest
            result = measure_screen(Path(population), Path(out), int(workers), int(chunk), scheduler or None)
        elif what == "baseline":
            result = measure_baseline(Path(rest[0]))
        else:
            result = measure_household(Path(rest[0]))
        print(json.dumps(result))
        return

    started = dt.datetime.now(dt.UTC)
    print("$ " + " ".join([".venv/bin/python", "bench/proactive_screening.py", *sys.argv[1:]]))
    print(
        f"  {dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GB, workers={args.workers}, chunk={args.chunk:,}, "
        f"scheduler={args.scheduler}",
        flush=True,
    )
    args.data.mkdir(parents=True, exist_ok=True)
    sizes = [size_of(s) for s in args.sizes.split(",")]
    rows = []
    baseline_size = size_of(args.baseline)
    baseline_rate = None
    if baseline_size:
        population = ensure_population(args.data, baseline_size)
        base = run_measure(["baseline", str(population)])
        baseline_rate = base["persons"] / base["seconds"]
        rows.append(("plain OpenFisca, 1 process", base["persons"], base["seconds"], baseline_rate, base["peak_rss"]))
        print(f"  baseline: {base}", flush=True)
    for persons in sizes:
        population = ensure_population(args.data, persons)
        out = str(args.data / "out")
        result = run_measure(["screen", str(population), out, str(args.workers), str(args.chunk), args.scheduler or ""])
        rate = result["persons"] / result["seconds"]
        how = f"screen, dask {args.scheduler}" if args.scheduler else f"screen, {args.workers} worker processes"
        rows.append((how, result["persons"], result["seconds"], rate, result["peak_rss"]))
        print(f"  screen {persons:,}: {result}", flush=True)
    household = run_measure(["household", str(ensure_population(args.data, sizes[0]))])

    print()
    print("| run | persons | seconds | persons/s | vs baseline | peak RSS (GB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, persons, seconds, rate, peak in rows:
        ratio = f"{rate / baseline_rate:.2f}x" if baseline_rate else "-"
        print(f"| {name} | {persons:,} | {seconds:.1f} | {rate:,.0f} | {ratio} | {peak / 2**30:.2f} |")
    print()
    print(
        f"single-household re-screen ({household['samples']} households, warm): "
        f"p50 {household['p50_ms']:.1f} ms, p95 {household['p95_ms']:.1f} ms"
    )
    import record

    record.write(
        "proactive_screening",
        {
            "runs": [
                {
                    "run": name,
                    "persons": persons,
                    "seconds": round(seconds, 1),
                    "persons_per_second": round(rate),
                    "vs_baseline": round(rate / baseline_rate, 2) if baseline_rate else None,
                    "peak_rss_gb": round(peak / 2**30, 2),
                }
                for name, persons, seconds, rate, peak in rows
            ],
            "workers": args.workers,
            "chunk_persons": args.chunk,
            "household_rescreen": {
                "samples": household["samples"],
                "p50_ms": round(household["p50_ms"], 1),
                "p95_ms": round(household["p95_ms"], 1),
            },
            "targets": {"persons_18m_seconds": 300, "peak_rss_gb": 6, "vs_baseline": 1.5, "household_ms": 100},
        },
        started=started,
    )


if __name__ == "__main__":
    main()
