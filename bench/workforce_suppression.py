"""Benchmark: the protected cube of the workforce insight (decision 0057), with age bands, retirements per year and
the hired as parts of each cell. This is the work of publishing a year (decision 0061): it runs once a year, in the
hub's background thread, and no page waits for it. Target: the demo's cube within seconds, 100 organisations within a
minute, and 350 organisations x 30 profiles (national scale) well within 30 minutes; since the parts are held to
``derivable_parts``, 100 organisations take minutes and 350 hours (decision 0057 says what comes next). The cells'
audit across margins is a singular value decomposition of the shown cells to test, updated per hidden cell in between
(decision 0057). Then, apart from the time of protecting, it measures again how many unsafe hidden parts are exact
combinations of shown cells and parts of their partition (``derivable_parts``, which protecting holds at zero).

Synthetic reports, made up by a seeded random generator (illustrative): each organisation has a layer and a
province; it reports each of 30 profiles at one of the five levels with 0 to 12 persons (small counts on purpose, so
that many parts are hidden and secondary suppression has work), spread over the age bands, some hired, a few
retiring in each of the next five years. Pure functions: no database.

    .venv/bin/python bench/workforce_suppression.py [--organisations 350] [--profiles 30]
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "src"))

from thorbecke.workforce.suppression import (
    AGE_BANDS,
    ALL,
    PARTS,
    Contribution,
    Figures,
    derivable_parts,
    protect,
    safe,
)

LAYERS = [("rijk", ""), ("uitvoering", ""), ("waterschap", ""), *(("gemeente", f"pv{n}") for n in range(20, 32)),
          *(("provincie", f"pv{n}") for n in range(20, 32))]  # fmt: skip


def reports(organisations: int, profiles: int, seed: int = 27) -> list[Contribution]:
    rng = random.Random(seed)
    found = []
    for org in range(organisations):
        layer, province = rng.choice(LAYERS)
        for p in range(profiles):
            n = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12])
            if n == 0:
                continue
            bands = [0] * len(AGE_BANDS)
            for _ in range(n):
                bands[rng.choices(range(len(AGE_BANDS)), weights=(3, 18, 23, 25, 27, 4))[0]] += 1
            outflow = [0] * 5
            for _ in range(bands[5] + bands[4] // 3):
                outflow[rng.randrange(5)] += 1
            hired = sum(rng.random() < 0.15 for _ in range(n))
            figures = Figures(headcount=n, fte=n * 0.9, external_headcount=hired, external_fte=hired * 0.9,
                              outflow=tuple(outflow), age_bands=tuple(bands))  # fmt: skip
            found.append(Contribution(org, (f"cwa-16458:{p}", str(rng.randint(1, 5)), layer, province), figures))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=350)
    parser.add_argument("--profiles", type=int, default=30)
    args = parser.parse_args()
    found = reports(args.organisations, args.profiles)
    started = time.perf_counter()
    cells = protect(found)
    took = time.perf_counter() - started
    parts = [part for cell in cells.values() for part in cell.parts.values()]
    shown = [cell for cell in cells.values() if cell.shown]
    print(f"{len(found)} report lines; {len(cells)} cells, {len(parts)} parts; protected in {took:.2f} s")
    print(f"shown: {len(shown)} of {len(cells)} cells; {sum(p.shown for p in parts)} of {len(parts)} parts; "
          f"shown parts of shown cells: {sum(p.shown for c in shown for p in c.parts.values())} "
          f"of {sum(len(c.parts) for c in shown)}")  # fmt: skip
    # The parts are not audited (decision 0057): this measures what that leaves, within each partition.
    extended = {(*key, ALL): cell for key, cell in cells.items()}
    extended.update(((*key, name), sub) for key, cell in cells.items() for name, sub in cell.parts.items())
    unsafe = [sub for sub in parts if not sub.shown and sub.persons and not safe(sub.persons_by_organisation)]
    started = time.perf_counter()
    found = derivable_parts(extended)
    took = time.perf_counter() - started
    by_partition = ", ".join(f"{p} {sum(k[-1].startswith(p + ':') for k in found)}" for p in PARTS)
    print(f"unsafe hidden parts: {len(unsafe)}; derivable from shown cells and parts of their partition: "
          f"{len(found)} ({by_partition}); measured in {took:.2f} s")  # fmt: skip
    for key in found[:5]:
        print("  derivable:", key)


if __name__ == "__main__":
    main()
