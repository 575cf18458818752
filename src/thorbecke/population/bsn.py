"""Citizen numbers (BSN): the 11-test, and the synthetic numbers the generated persons get."""

from __future__ import annotations

import numpy as np

BSN_WEIGHTS = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1], dtype=np.int64)
# Identifiers are spread over 10M-number blocks by their first digit; an affine step within a block hides the
# running order (a BSN must not reveal sequence) while staying a bijection.
BSN_BLOCK = 10_000_000
BSN_STEP, BSN_OFFSET = 3_141_593, 2_718_281  # gcd(BSN_STEP, 10) == 1


def bsn_digits(values: np.ndarray) -> np.ndarray:
    """The nine digits of each number (leading zeros included), one row per number."""
    powers = 10 ** np.arange(8, -1, -1, dtype=np.int64)
    return (values[:, None] // powers) % 10


def is_bsn(values: np.ndarray) -> np.ndarray:
    """Whether each number is a possible BSN: 1..999,999,999 and passing the 11-test (weights 9..2 and -1)."""
    values = np.asarray(values, dtype=np.int64)
    ok = (values > 0) & (values <= 999_999_999)
    digits = bsn_digits(np.where(ok, values, 0))
    return ok & ((digits @ BSN_WEIGHTS) % 11 == 0)


def synthetic_bsn(index: np.ndarray) -> np.ndarray:
    """A unique nine-digit number passing the 11-test for each person index (0 <= index < 50M).

    The index picks a block (first digit pair {1,2}, {3,4}, ...) and, scrambled, the eight digits after the first;
    the last of those eight is the check digit. When the 11-test would need a check digit of 10, the first digit
    moves to the block's second value, which shifts the sum by 9 and makes the check digit 8: still unique, since
    the two first digits belong to this block alone."""
    index = np.asarray(index, dtype=np.int64)
    block, within = np.divmod(index, BSN_BLOCK)
    middle = (within * BSN_STEP + BSN_OFFSET) % BSN_BLOCK  # seven digits, d2..d8
    first = 2 * block + 1
    mid_digits = bsn_digits(middle)[:, 2:]  # d2..d8
    rest = mid_digits @ BSN_WEIGHTS[1:8]
    check = (9 * first + rest) % 11
    bad = check == 10
    first = np.where(bad, first + 1, first)
    check = np.where(bad, (9 * first + rest) % 11, check)
    return first * 100_000_000 + middle * 10 + check
