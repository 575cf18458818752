from thorbecke.cloud.models.contracts import Contract
from thorbecke.cloud.models.demand import Bundle, Need
from thorbecke.cloud.models.offerings import Certification, Offering, Provider, SovereigntyAssessment
from thorbecke.cloud.models.taxonomy import TaxonomyVersion

__all__ = [
    "Bundle",
    "Certification",
    "Contract",
    "Need",
    "Offering",
    "Provider",
    "SovereigntyAssessment",
    "TaxonomyVersion",
]
