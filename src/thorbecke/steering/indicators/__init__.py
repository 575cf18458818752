"""The indicators' computations, one module per priority; importing this package registers them all."""

from thorbecke.steering.indicators import ai
from thorbecke.steering.indicators.registry import COMPUTATIONS, NATIONAL, Unit, Value, computes

__all__ = ["COMPUTATIONS", "NATIONAL", "Unit", "Value", "ai", "computes"]
