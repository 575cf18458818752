"""The indicators' computations, one module per priority; importing this package registers them all."""

from thorbecke.steering.indicators import ai, citizens, cloud, data, interventions, resilience
from thorbecke.steering.indicators.registry import COMPUTATIONS, NATIONAL, Unit, Value, computes

__all__ = [
    "COMPUTATIONS",
    "NATIONAL",
    "Unit",
    "Value",
    "ai",
    "citizens",
    "cloud",
    "computes",
    "data",
    "interventions",
    "resilience",
]
