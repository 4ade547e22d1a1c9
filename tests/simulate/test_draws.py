"""The engine's fast random draws follow the laws they stand for: capabilities held with a
given chance (bit-sliced words), a capped Poisson count, draws in proportion to weights."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from bioregion.simulate.draws import (
    at_least_one,
    bernoulli_words,
    capped_poisson,
    held,
    pack,
    weighted_choice,
)


def bits(packed: np.ndarray, capabilities: int) -> np.ndarray:
    """The boolean rows of packed words."""
    raw = np.unpackbits(packed.view(np.uint8), axis=1, bitorder="little")
    return raw[:, :capabilities].astype(bool), raw[:, capabilities:]


@pytest.mark.parametrize("chance", [0.02, 0.15, 0.25, 0.35, 0.5, 0.9])
def test_each_capability_is_held_with_the_chance_asked_and_independently(chance):
    rng = np.random.Generator(np.random.SFC64(1))
    rows, k = 20_000, 100
    held_bits, spare = bits(bernoulli_words(rng, rows, k, chance), k)
    assert not spare.any()  # nothing beyond the capabilities
    per_position = held_bits.mean(axis=0)
    sd = np.sqrt(chance * (1 - chance) / rows)
    assert np.abs(per_position - chance).max() < 5 * sd  # every bit position
    assert abs(held_bits.mean() - chance) < 5 * sd / 10
    # independent positions: the count per row is binomial(k, chance)
    counts = held_bits.sum(axis=1)
    assert abs(counts.var() - k * chance * (1 - chance)) < 0.1 * k * chance * (1 - chance)
    # and neighbouring positions are uncorrelated
    r = np.corrcoef(held_bits[:, 10], held_bits[:, 11])[0, 1]
    assert abs(r) < 0.05


def test_certain_and_impossible_chances():
    rng = np.random.Generator(np.random.SFC64(2))
    all_bits, spare = bits(bernoulli_words(rng, 5, 70, 1.0), 70)
    assert all_bits.all() and not spare.any()
    none, _ = bits(bernoulli_words(rng, 5, 70, 0.0), 70)
    assert not none.any()


def test_an_empty_row_gets_one_capability_and_others_are_untouched():
    rng = np.random.default_rng(3)
    k = 100
    start = np.zeros((4, k), bool)
    start[1, [3, 70]] = True
    packed = at_least_one(rng, pack(start), k)
    assert held(packed).tolist()[1] == 2
    assert (held(packed)[[0, 2, 3]] == 1).all()
    got, spare = bits(packed, k)
    assert got[1, 3] and got[1, 70] and not spare.any()


def test_capped_poisson_follows_the_poisson_law_up_to_the_cap():
    rng = np.random.Generator(np.random.SFC64(4))
    mean, cap, n = 0.8, 5, 200_000
    draws = capped_poisson(rng, mean, cap, n)
    expected = stats.poisson.pmf(np.arange(cap), mean)
    expected = np.append(expected, 1 - expected.sum())  # the cap takes the tail
    observed = np.bincount(draws, minlength=cap + 1)
    assert len(observed) == cap + 1
    assert stats.chisquare(observed, expected * n).pvalue > 1e-4
    assert not capped_poisson(rng, 0.0, cap, 10).any()


@pytest.mark.parametrize("size", [50, 20_000])  # a search each; a multinomial split
def test_weighted_choice_draws_in_proportion_to_the_weights(size):
    rng = np.random.Generator(np.random.SFC64(5))
    items = np.array([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120])
    weight = np.array([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    rounds = max(1, 100_000 // size)
    draws = np.concatenate([weighted_choice(rng, items, weight, size) for _ in range(rounds)])
    assert len(draws) == rounds * size
    observed = np.array([(draws == item).sum() for item in items])
    assert observed[0] == 0  # weight 0: never drawn
    expected = weight[1:] / weight.sum() * len(draws)
    assert stats.chisquare(observed[1:], expected).pvalue > 1e-4


def test_weighted_choice_in_random_order():
    """The multinomial split is shuffled: consecutive draws are not sorted by item."""
    rng = np.random.Generator(np.random.SFC64(6))
    draws = weighted_choice(rng, np.arange(5), np.ones(5), 1000)
    assert (np.diff(draws) < 0).sum() > 200
