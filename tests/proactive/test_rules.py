"""Every scheme's worked examples, as OpenFisca YAML tests (tests/proactive/rules/<scheme>/*.yaml), run
against the Thorbecke tax-benefit system: each file is one test here, so a failure names its scheme. The cases with
an external source (rules/external/) run in test_external_cases.py."""

from pathlib import Path

import pytest
from openfisca_core.tools.test_runner import run_tests

from thorbecke.proactive.rules import tax_benefit_system

HERE = Path(__file__).parent / "rules"
FILES = sorted(p for p in HERE.rglob("*.yaml") if p.parent.name != "external")


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(HERE)) for p in FILES])
def test_worked_examples(path):
    assert run_tests(tax_benefit_system(), [str(path)], options={"verbose": False}) == 0
