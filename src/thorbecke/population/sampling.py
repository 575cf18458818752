"""The distributions the generator draws from: incomes by the published classes, ages by bands, lognormal
amounts, and a rough net income."""

from __future__ import annotations

import math

import numpy as np

from thorbecke.population.figures import distributions


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF (Abramowitz & Stegun 7.1.26, error < 1.5e-7): numpy has no erf and scipy is not a
    dependency."""
    z = np.abs(x) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = 1.0 - poly * np.exp(-z * z)
    return 0.5 * (1.0 + np.sign(x) * erf)


def income_from_rank(u: np.ndarray) -> np.ndarray:
    """Map a rank in [0, 1) to a personal income following 83931NED's classes and class means."""
    classes = distributions()["personal_income"]["classes"]
    counts = np.array([c["persons_thousands"] for c in classes])
    edges = np.concatenate([[0.0], np.cumsum(counts) / counts.sum()])
    edges[-1] = 1.0
    k = np.searchsorted(edges, u, side="right") - 1
    k = np.clip(k, 0, len(classes) - 1)
    v = (u - edges[k]) / (edges[k + 1] - edges[k])
    out = np.empty_like(u)
    for i, c in enumerate(classes):
        sel = k == i
        if not sel.any():
            continue
        low, mean = c["low"], c["mean_thousands"] * 1000
        if c["high"] is None:
            alpha = mean / (mean - low)  # Pareto with the published class mean
            out[sel] = low * (1.0 - np.minimum(v[sel], 1 - 1e-9)) ** (-1.0 / alpha)
        else:
            power = (c["high"] - low) / (mean - low) - 1.0  # low + width * v^power has the published mean
            out[sel] = low + (c["high"] - low) * v[sel] ** power
    return out


def band_ages(rng: np.random.Generator, weights: list[float], n: int) -> np.ndarray:
    """Ages from 5-year band weights starting at 18-19, 20-24, ... (uniform within a band)."""
    lows = np.array([18, *range(20, 100, 5)])
    highs = np.array([20, *range(25, 105, 5)])
    p = np.asarray(weights, dtype=np.float64)
    band = rng.choice(len(p), size=n, p=p / p.sum())
    return lows[band] + (rng.random(n) * (highs[band] - lows[band])).astype(np.int64)


def lognormal_from(rng: np.random.Generator, median: float, mean: float, z: np.ndarray) -> np.ndarray:
    """Lognormal with the given median and mean, driven by standard normal ``z``."""
    sigma = math.sqrt(2.0 * math.log(mean / median))
    return median * np.exp(sigma * z)


def net_from_gross(gross: np.ndarray) -> np.ndarray:
    """A rough yearly net income: gross less an effective rate interpolated on a small table (not a tax calculation)."""
    net = distributions()["net_income"]
    return gross * (1.0 - np.interp(gross, net["gross"], net["tax_rate"]))
