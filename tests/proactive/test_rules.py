"""Every scheme's worked examples, as OpenFisca YAML tests (tests/proactive/rules/<scheme>/*.yaml), run
against the Thorbecke tax-benefit system: each file is one test here, so a failure names its scheme."""

from pathlib import Path

import pytest
from openfisca_core.tools.test_runner import run_tests

from thorbecke.proactive.rules import tax_benefit_system

HERE = Path(__file__).parent / "rules"
FILES = sorted(HERE.rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(HERE)) for p in FILES])
def test_worked_examples(path):
    assert run_tests(tax_benefit_system(), [str(path)], options={"verbose": False}) == 0
