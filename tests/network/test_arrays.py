"""The network layer's array helpers agree with numpy's general versions."""

from __future__ import annotations

import numpy as np
import pytest

from bioregion.network._arrays import sorted_unique


@pytest.mark.parametrize("seed", range(5))
def test_sorted_unique_is_numpy_unique(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for size, high in ((0, 5), (1, 5), (2, 2), (1000, 50), (100_000, 2**40)):
        values = rng.integers(-high, high, size, dtype=np.int64)
        got = sorted_unique(values)
        assert got.dtype == values.dtype
        np.testing.assert_array_equal(got, np.unique(values))


def test_sorted_unique_keeps_float_and_leaves_the_input_alone() -> None:
    values = np.array([2.5, -1.0, 2.5, 0.0])
    before = values.copy()
    np.testing.assert_array_equal(sorted_unique(values), [-1.0, 0.0, 2.5])
    np.testing.assert_array_equal(values, before)
