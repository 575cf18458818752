"""A benchmark's latest figures, kept in the repo as bench/results/<name>.json with when, how and where they were
measured. The register's descriptions of Thorbecke's own algorithms read their quality figures from these files at
seed time (thorbecke.ai.own), so a figure there is always one a run produced, never one typed in."""

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _commit() -> str:
    """The commit measured, marked when the work tree had changes (the figures then belong to those too)."""
    here = Path(__file__).parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=here, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return commit + ("+changes" if dirty else "")


def machine() -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "system": platform.platform(),
        "python": platform.python_version(),
        # The machine may be shared: the load when the run ended says how far to trust its timings.
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def write(name: str, figures: dict[str, Any], *, started: dt.datetime) -> Path:
    """Replace bench/results/<name>.json with this run's figures; returns the file."""
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"{name}.json"
    result = {
        "benchmark": name,
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join([".venv/bin/python", f"bench/{Path(sys.argv[0]).name}", *sys.argv[1:]]),
        "commit": _commit(),
        "machine": machine(),
        "figures": figures,
    }
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures written to {target.relative_to(Path(__file__).parent.parent)}")
    return target
