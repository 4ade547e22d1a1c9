"""The engine's random draws and its knowledge words: capabilities held as bits in 64-bit
words (packed rows), drawn 64 at a time from raw random words, and the counts and choices
the model's steps draw (a capped Poisson, uniform and weighted choices), each with the law
it stands for (``tests/simulate/test_draws.py``)."""

from __future__ import annotations

import numpy as np


def words(capabilities: int) -> int:
    """64-bit words holding ``capabilities`` bits."""
    return -(-capabilities // 64)


def pack(bits: np.ndarray) -> np.ndarray:
    """Boolean rows (agents x capabilities) as rows of 64-bit words (little-endian bits)."""
    n, k = bits.shape
    packed = np.packbits(bits, axis=1, bitorder="little")
    padded = np.zeros((n, words(k) * 8), np.uint8)
    padded[:, : packed.shape[1]] = packed
    return padded.view(np.uint64)


def held(packed: np.ndarray) -> np.ndarray:
    """Number of capabilities in each row."""
    # a sum of per-word columns: reducing along a short axis is several times slower
    total = np.bitwise_count(packed[:, 0]).astype(np.int64)
    for w in range(1, packed.shape[1]):
        total += np.bitwise_count(packed[:, w])
    return total


def rows(packed: np.ndarray, which: np.ndarray) -> np.ndarray:
    """The packed rows ``which`` (``take`` along rows: much faster than fancy indexing)."""
    return np.take(packed, which, axis=0)


#: Resolution of the probability of a capability draw: 1/2**RESOLUTION.
RESOLUTION = 16


def bernoulli_words(
    rng: np.random.Generator, count: int, capabilities: int, chance: float
) -> np.ndarray:
    """``count`` packed rows of ``capabilities`` bits, each bit set independently with
    probability ``chance`` (rounded to 1/65,536); the bits above ``capabilities`` are 0.

    Bit-sliced: with chance = 0.b1 b2 ... b16 in binary, starting from nothing and going
    from b16 up to b1, a row becomes (itself OR a fresh random word) where the bit is 1 and
    (itself AND a fresh random word) where it is 0, so each bit ends set with probability
    sum(b_i / 2**i). Random words come raw from the generator's bit stream: 16 draws per
    64 capabilities instead of one draw per capability.
    """
    q = min(max(round(chance * (1 << RESOLUTION)), 0), 1 << RESOLUTION)
    shape = (count, words(capabilities))
    if q == 1 << RESOLUTION:
        return _masked(np.full(shape, np.iinfo(np.uint64).max, np.uint64), capabilities)
    steps = RESOLUTION
    while q and not q & 1:  # trailing zero bits: AND into nothing stays nothing
        q, steps = q >> 1, steps - 1
    out = np.zeros(shape, np.uint64)
    if q == 0 or count == 0:
        return out
    raw = rng.bit_generator.random_raw((steps, *shape))
    for step in range(steps):
        if q >> step & 1:
            np.bitwise_or(out, raw[step], out=out)
        else:
            np.bitwise_and(out, raw[step], out=out)
    return _masked(out, capabilities)


def _masked(packed: np.ndarray, capabilities: int) -> np.ndarray:
    """Clear the bits of the last word beyond ``capabilities``."""
    spare = packed.shape[1] * 64 - capabilities
    if spare:
        packed[:, -1] &= np.uint64((1 << (64 - spare)) - 1)
    return packed


def at_least_one(rng: np.random.Generator, packed: np.ndarray, capabilities: int) -> np.ndarray:
    """Give each empty row one capability drawn at random (in place; returns ``packed``)."""
    empty = np.flatnonzero(held(packed) == 0)
    if len(empty):
        new = rng.integers(0, capabilities, len(empty))
        packed[empty, new // 64] |= np.left_shift(np.uint64(1), (new % 64).astype(np.uint64))
    return packed


def uniform_choice(rng: np.random.Generator, items: np.ndarray, size: int) -> np.ndarray:
    """``size`` draws from ``items`` with replacement, each equally likely (an index
    draw: ``Generator.choice`` does the same with more checks)."""
    return items[rng.integers(0, len(items), size)]


def weighted_choice(
    rng: np.random.Generator,
    items: np.ndarray,
    weight: np.ndarray,
    size: int,
    *,
    shuffled: bool = True,
) -> np.ndarray:
    """``size`` draws from ``items`` with replacement, in proportion to ``weight`` (>= 0,
    not all 0); with ``shuffled=False`` possibly grouped by item (for a caller that
    arranges the draws at random itself)."""
    if len(items) > size:  # few draws among many: a binary search each
        cumulative = np.cumsum(weight)
        at = np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right")
        return items[np.minimum(at, len(items) - 1)]
    # many draws among few: as many of each as a multinomial draw says, in random order
    # (the same law as independent draws, and several times faster)
    chosen = np.repeat(items, rng.multinomial(size, weight / weight.sum()))
    if shuffled:
        rng.shuffle(chosen)
    return chosen


def capped_poisson(rng: np.random.Generator, mean: float, cap: int, size: int) -> np.ndarray:
    """``size`` draws of min(Poisson(mean), cap), by inverse transform on the cumulative
    probabilities of 0 .. cap - 1 (one uniform draw each)."""
    if mean <= 0:
        return np.zeros(size, np.int64)
    k = np.arange(cap)
    log_pmf = k * np.log(mean) - mean - np.cumsum(np.log(np.maximum(k, 1)))  # log(k!) summed
    return np.digitize(rng.random(size), np.cumsum(np.exp(log_pmf)))
