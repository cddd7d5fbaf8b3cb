"""Python's round(x, ndigits) over a whole array of coordinates, bit for bit, at numpy speed.

A long journey is densified into hundreds of great-circle vertices, each rounded to 6 decimals;
rounding them one by one in Python cost more than computing them. numpy's scale-rint-divide
gives the same double as round() except where the scaled value lies within float error of a
half (round() rounds the exact binary value), so those few are rounded by round() itself.
"""
from __future__ import annotations

import numpy as np

_NEAR_HALF = 1e-6  # far above the error of x * 10**ndigits for coordinates (|x| ≤ 10**7)


def rounded(values: np.ndarray, ndigits: int) -> np.ndarray:
    """A float array with round(x, ndigits) of each element (0 ≤ ndigits ≤ 15)."""
    if not 0 <= ndigits <= 15:
        raise ValueError(f"ndigits must be within 0..15, not {ndigits}")
    a = np.asarray(values, dtype=float)
    scale = 10.0 ** ndigits  # exact: a power of ten below 2**53
    scaled = a * scale
    out = np.rint(scaled) / scale  # an exact integer over an exact power: correctly rounded
    with np.errstate(invalid="ignore"):  # inf and nan: left to round() below
        frac = scaled - np.floor(scaled)
    doubt = ~(np.abs(frac - 0.5) > _NEAR_HALF) | ~(np.abs(scaled) < 2.0 ** 52)
    if doubt.any():
        out[doubt] = [round(float(x), ndigits) for x in a[doubt]]
    return out


def rounded_pairs(points: object, ndigits: int) -> list[tuple[float, float]]:
    """(x, y) pairs, each coordinate as round(c, ndigits) gives it, as tuples of floats."""
    arr = rounded(np.asarray(points, dtype=float).reshape(-1, 2), ndigits)
    return list(map(tuple, arr.tolist()))
