"""A small synthetic population with the test citizens in it, made once per test process: the source behind the
data system's demo nodes in tests. Tests that change a population copy it first (``copy_of``)."""

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from thorbecke.population.generation import generate
from thorbecke.population.source import enrol_demo_citizens

# The test citizens' municipalities (Utrecht, Rotterdam, Zwolle, 's-Gravenhage) and one more.
GEMEENTEN = ["GM0344", "GM0599", "GM0193", "GM0518", "GM0363"]


@cache
def small_population() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="thorbecke-population-"))
    atexit.register(shutil.rmtree, folder, True)
    generate(folder / "population", 40_000, 7, gemeenten=GEMEENTEN)
    enrol_demo_citizens(folder / "population")
    return folder / "population"


def copy_of(target: Path) -> Path:
    shutil.copytree(small_population(), target)
    return target
