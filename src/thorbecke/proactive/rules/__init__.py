"""Dutch tax-benefit rules as code, on OpenFisca: the schemes a person may be entitled to, each condition and
parameter with the article of law it comes from (wetten.overheid.nl), parameters dated so 2025 and 2026 are
both right.

Layout, as an OpenFisca country package: ``entities.py`` (a person, and the household they live in),
``variables/`` (one module per scheme, plus ``inputs.py``: what the government already holds on a person),
``parameters/`` (one folder per scheme, YAML with ``reference`` and, where a figure is not certain,
``metadata.uncertain`` with the reason). The YAML tests with worked examples live in tests/proactive/rules/.
"""

from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from thorbecke.caches import process_cache
from thorbecke.proactive.rules.entities import ENTITIES

HERE = Path(__file__).parent


class NetherlandsTaxBenefitSystem(TaxBenefitSystem):
    CURRENCY = "€"

    def __init__(self) -> None:
        super().__init__(ENTITIES)
        self.add_variables_from_directory(str(HERE / "variables"))
        self.load_parameters(str(HERE / "parameters"))


@process_cache()
def tax_benefit_system() -> NetherlandsTaxBenefitSystem:
    """Built once per process: loading every variable and parameter takes a moment."""
    return NetherlandsTaxBenefitSystem()
