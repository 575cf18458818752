"""Issue 22: cases whose expected amounts were published outside this project (Rijksoverheid, Dienst Toeslagen, the
SVB, the law's own amounts), run against the rules. Each case names its source (url, title, date) and carries the
tolerance the source's rounding allows (``absolute_error_margin``). A case that fails because of a finding that is
not fixed yet says so in ``xfail`` and is expected to fail, strictly: once the finding is fixed it turns red and the
marker goes. Decision 0026.

The cases are in tests/proactive/rules/external/<scheme>.yaml, in the OpenFisca test format plus ``source`` and
``xfail``; test_rules.py leaves that folder to this module.
"""

import copy
from pathlib import Path

import numpy as np
import pytest
import yaml
from openfisca_core.simulations import SimulationBuilder

from thorbecke.proactive.rules import tax_benefit_system
from thorbecke.proactive.rules.schemes import SCHEMES

HERE = Path(__file__).parent / "rules" / "external"
FILES = sorted(HERE.glob("*.yaml"))
CASES = [(path.stem, case) for path in FILES for case in yaml.safe_load(path.read_text())]


def _param(scheme, case):
    marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
    return pytest.param(case, marks=marks, id=f"{scheme}: {case['name']}")


def _differences(case) -> list[str]:
    """What the rules compute for the case's input and period that differs from its expected output by more than
    its margin (as OpenFisca's YAML test runner would, without starting a test session per case)."""
    tbs = tax_benefit_system()
    period = str(case["period"])
    builder = SimulationBuilder()
    builder.set_default_period(period)
    simulation = builder.build_from_dict(tbs, copy.deepcopy(case["input"]))
    margin = case.get("absolute_error_margin", 0.005)  # to the cent: the rules compute in float32
    by_plural = {entity.plural: entity.key for entity in tbs.entities}
    checks = []  # (label, computed, expected)
    for key, expected in case["output"].items():
        if key in by_plural:
            ids = list(simulation.populations[by_plural[key]].ids)
            for member, variables in expected.items():
                for name, value in variables.items():
                    checks.append((f"{name}[{member}]", simulation.calculate(name, period)[ids.index(member)], value))
        else:
            checks.append((key, simulation.calculate(key, period), expected))
    differences = []
    for label, computed, value in checks:
        computed, value = np.asarray(computed, dtype=float), np.asarray(value, dtype=float)
        if np.any(np.abs(computed - value) > margin + 1e-9):
            differences.append(f"{label}@{period}: {computed.tolist()} instead of {value.tolist()} (margin {margin})")
    return differences


@pytest.mark.parametrize("case", [_param(scheme, case) for scheme, case in CASES])
def test_external_case(case):
    source = case["source"]
    assert source["url"].startswith("https://") and source["title"] and source["date"], case["name"]
    assert _differences(case) == []


def test_there_are_enough_external_cases_for_every_scheme_and_both_years():
    """At least 30, for every scheme, in 2025 and in 2026; most of them expected to pass."""
    assert len(CASES) >= 30
    covered = {(scheme, str(case["period"])[:4]) for scheme, case in CASES}
    assert covered >= {(s.key, year) for s in SCHEMES for year in ("2025", "2026")}
    assert sum(1 for _, case in CASES if not case.get("xfail")) >= 30
