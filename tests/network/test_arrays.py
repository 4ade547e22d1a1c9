"""The network layer's array helpers agree with numpy's general versions."""

from __future__ import annotations

import numpy as np
import pytest

from bioregion.network._arrays import key_kind_ranks, sorted_unique, stable_order


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


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("low, high", [(6000, 25000), (-70000, 70000), (0, 2**40), (5, 6)])
def test_stable_order_is_numpys_stable_argsort(seed: int, low: int, high: int) -> None:
    # One 16-bit radix pass under 2**16 distinct days, two under 2**32, argsort beyond.
    rng = np.random.default_rng(seed)
    for size in (0, 1, 7, 50_000):
        values = rng.integers(low, high, size, dtype=np.int64)
        np.testing.assert_array_equal(stable_order(values), np.argsort(values, kind="stable"))


@pytest.mark.parametrize("seed", range(3))
def test_key_kind_ranks_are_the_inverses_of_numpy_unique(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for size, high in ((0, 3), (1, 3), (1000, 20), (20_000, 10**12)):
        keys = rng.integers(0, high, size, dtype=np.int64)
        kinds = rng.integers(0, 62, size, dtype=np.int64)
        key_rank, key_first, pair_rank, pair_first = key_kind_ranks(keys, kinds)
        uniques, inverse = np.unique(keys, return_inverse=True)
        np.testing.assert_array_equal(key_rank, inverse)
        np.testing.assert_array_equal(keys[key_first], uniques)
        pairs, pair_inverse = np.unique(inverse * 64 + kinds, return_inverse=True)
        np.testing.assert_array_equal(pair_rank, pair_inverse)
        np.testing.assert_array_equal(key_rank[pair_first] * 64 + kinds[pair_first], pairs)
