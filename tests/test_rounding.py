"""The array rounding the geometry uses gives what round() gives, bit for bit."""
import math

import numpy as np
import pytest

from geomap.geometry.rounding import rounded, rounded_pairs


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


@pytest.mark.parametrize("ndigits", [0, 4, 5, 6])
def test_rounded_is_round_on_coordinates_and_halves(ndigits: int) -> None:
    rng = np.random.default_rng(7)
    halves = (np.arange(-5000, 5000) + 0.5) / 10 ** ndigits  # ties, as near as a double gets
    values = np.concatenate([rng.uniform(-180, 180, 50_000), halves,
                             rng.uniform(-1e-6, 1e-6, 1000), [0.0, -0.0, 2.5, -2.5, 1e17]])
    got = rounded(values, ndigits)
    assert all(_same(g, round(float(v), ndigits)) for g, v in zip(got, values))


def test_rounded_keeps_what_round_keeps() -> None:
    got = rounded(np.array([math.inf, -math.inf, math.nan, 0.0000005, 1.0000005]), 6)
    expected = [round(x, 6) for x in (math.inf, -math.inf, math.nan, 0.0000005, 1.0000005)]
    assert all(_same(g, e) for g, e in zip(got, expected))
    assert expected[3] == 0.0 and expected[4] == 1.000001  # doubles below and above a tie


def test_rounded_pairs_are_tuples_of_rounded_floats() -> None:
    pairs = rounded_pairs([(36.123456789, 37.987654321), (-0.00000049, 1.5)], 6)
    assert pairs == [(36.123457, 37.987654), (-0.0, 1.5)]
    assert all(type(c) is float for p in pairs for c in p)


def test_rounded_refuses_digits_it_cannot_do_exactly() -> None:
    with pytest.raises(ValueError):
        rounded(np.array([1.0]), 16)
