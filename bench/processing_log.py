"""Benchmark: the processing log's acknowledged write rate, and a one-subject query over many records.

Targets (issue 3): report the records per second the log sustains with acknowledged (committed,
fsynced) writes, and the latency of a query for one data subject over 10 million records.

    .venv/bin/python bench/processing_log.py [--records 10000000] [--seconds 5] [--database postgresql://...]
"""

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from thorbecke.node.processing_log import (
    ACTIVITY,
    SUBJECT,
    SUBJECT_TYPE,
    GroupCommitter,
    ProcessingLog,
    Record,
)

ACTIVITY_URI = "https://thorbecke.example/verwerkingsactiviteiten/kwijtschelding"


def record(subject: int) -> Record:
    now = int(time.time() * 1000)
    attributes = {ACTIVITY: ACTIVITY_URI, SUBJECT: f"{subject:09d}", SUBJECT_TYPE: "BSN"}
    return Record(os.urandom(16).hex(), os.urandom(8).hex(), "inkomen opvragen", now, now + 3, attributes=attributes)


async def acknowledged_rate(log: ProcessingLog, seconds: float, writers: int) -> tuple[int, float]:
    committer = GroupCommitter(log)
    written = 0
    deadline = time.monotonic() + seconds

    async def writer() -> None:
        nonlocal written
        while time.monotonic() < deadline:
            await committer.write([record(random.randrange(10**8))])
            written += 1

    start = time.monotonic()
    await asyncio.gather(*(writer() for _ in range(writers)))
    elapsed = time.monotonic() - start
    committer.close()
    return written, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--database", default="", help="a PostgreSQL URL (an empty database) instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="thorbecke-log-bench-") as tmp:
        location = args.database or Path(tmp) / "log.sqlite"
        print(f"processing log on {'PostgreSQL' if args.database else 'SQLite'}")
        log = ProcessingLog(location, os.urandom(32), ec.generate_private_key(ec.SECP256R1()))
        for writers in (1, 32):
            written, elapsed = asyncio.run(acknowledged_rate(log, args.seconds, writers))
            print(f"acknowledged writes, {writers:2d} concurrent writers: {written / elapsed:8.0f} records/s")

        subjects = max(1, args.records // 10)  # about ten records per person
        start = time.monotonic()
        batch = 50_000
        target = log._seq + args.records
        while (done := log._seq) < target:
            log.append([record(random.randrange(subjects)) for _ in range(min(batch, target - done))])
            if (log._seq // batch) % 20 == 0:
                print(f"  filled {log._seq:,} of {target:,} records ({time.monotonic() - start:.0f} s)", flush=True)
        size = "" if args.database else f" ({(Path(tmp) / 'log.sqlite').stat().st_size / 2**20:.0f} MB)"
        print(f"filled to {log._seq:,} records in {time.monotonic() - start:.0f} s{size}")
        if args.database:
            log._store._db.execute("ANALYZE records")  # autovacuum would, later; the planner needs it for the index
        timings = []
        for _ in range(500):
            subject = f"{random.randrange(subjects):09d}"
            begin = time.perf_counter()
            found = log.for_subject(subject)
            timings.append((time.perf_counter() - begin) * 1000)
        timings.sort()
        print(
            f"one-subject query over {log._seq:,} records ({len(found)} found for the last): "
            f"p50 {statistics.median(timings):.2f} ms, p95 {timings[int(0.95 * len(timings))]:.2f} ms"
        )
        log.close()


if __name__ == "__main__":
    main()
