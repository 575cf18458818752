"""Benchmark: thorbecke.registry.geo, loading and per-call latency of locate and for_postcode.

Target: locate p95 under 5 ms, loading under 5 s. Samples points uniformly in the bounding box of
the Dutch municipalities and keeps those that fall inside one (fixed seed, so runs compare), then
picks postcodes at random from the PC4 table, written in the forms users type.

    .venv/bin/python bench/geo_locate.py [--points N] [--postcodes N] [--seed N]
"""

import argparse
import csv
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import django
import numpy as np
import shapely
from shapely.geometry import shape

TARGET_P95_MS = 5.0
TARGET_LOAD_S = 5.0


def points_in_municipalities(geo: Path, count: int, rng: np.random.Generator) -> list[tuple[float, float]]:
    """Uniform random points inside the municipalities, tested independently of the module under test."""
    with (geo / "cbs_gemeenten_2024.geojson").open(encoding="utf-8") as file:
        land = shapely.union_all([shape(feature["geometry"]) for feature in json.load(file)["features"]])
    shapely.prepare(land)
    min_lon, min_lat, max_lon, max_lat = land.bounds
    points: list[tuple[float, float]] = []
    while len(points) < count:
        lon = rng.uniform(min_lon, max_lon, count)
        lat = rng.uniform(min_lat, max_lat, count)
        inside = shapely.contains_xy(land, lon, lat)
        points.extend(zip(lon[inside].tolist(), lat[inside].tolist(), strict=True))
    return points[:count]


def postcodes(geo: Path, count: int, rng: random.Random) -> list[str]:
    with (geo / "pc4_gemeente_2024.csv").open(encoding="utf-8", newline="") as file:
        pc4s = sorted({row["pc4"] for row in csv.DictReader(file)})
    letters = "ABCDEFGHJKLMNPRTVWXZ"
    forms = [
        lambda pc4: pc4,
        lambda pc4: f"{pc4} {rng.choice(letters)}{rng.choice(letters)}",
        lambda pc4: f" {pc4}{rng.choice(letters)}{rng.choice(letters)}".lower(),
    ]
    return [rng.choice(forms)(rng.choice(pc4s)) for _ in range(count)]


def percentiles_us(durations: list[float]) -> str:
    cuts = statistics.quantiles(durations, n=100, method="inclusive")
    p50, p95, p99 = (cuts[i - 1] * 1e6 for i in (50, 95, 99))
    return f"p50 {p50:.1f} µs  p95 {p95:.1f} µs  p99 {p99:.1f} µs  max {max(durations) * 1e6:.1f} µs"


def timed(call: Callable[..., object], arguments: list[tuple]) -> list[float]:
    durations = []
    for args in arguments:
        start = time.perf_counter()
        call(*args)
        durations.append(time.perf_counter() - start)
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--postcodes", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=20240101)
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")
    django.setup()
    from django.conf import settings

    from thorbecke.registry.geo import Locator

    geo = Path(settings.SHARED_DATA_DIR) / "geo"
    start = time.perf_counter()
    locator = Locator()
    load_s = time.perf_counter() - start
    print(f"load: {load_s:.2f} s (target < {TARGET_LOAD_S:.0f} s: {'met' if load_s < TARGET_LOAD_S else 'NOT MET'})")

    points = points_in_municipalities(geo, options.points, np.random.default_rng(options.seed))
    locate = timed(locator.locate, points)
    uncertain = sum(locator.locate(lon, lat).water_board_uncertain for lon, lat in points)
    print(f"locate, {len(points):,} points in municipalities: {percentiles_us(locate)}")
    print(f"  water board uncertain for {uncertain:,} points ({uncertain / len(points):.1%})")

    codes = postcodes(geo, options.postcodes, random.Random(options.seed))
    lookups = timed(locator.for_postcode, [(code,) for code in codes])
    print(f"for_postcode, {len(codes):,} lookups: {percentiles_us(lookups)}")

    p95_ms = statistics.quantiles(locate, n=100, method="inclusive")[94] * 1000
    print(f"target p95 < {TARGET_P95_MS:.0f} ms: {'met' if p95_ms < TARGET_P95_MS else 'NOT MET'} ({p95_ms:.3f} ms)")


if __name__ == "__main__":
    main()
