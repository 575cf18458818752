"""A population of the whole country, 20,000 persons, generated once for the generator's and the file checks' tests."""

from pathlib import Path

import pytest

from thorbecke.population.generation import Summary, generate

PERSONS = 20_000
SEED = 20240101


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("population")
    lines: list[str] = []
    summary = generate(out, PERSONS, SEED, lines.append)
    assert lines and "persons" in lines[-1]  # progress reached the end
    return out, summary
