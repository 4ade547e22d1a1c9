"""Array helpers of the network layer that numpy's general versions make slow here."""

from __future__ import annotations

import numpy as np

__all__ = ["key_kind_ranks", "sorted_unique", "stable_order"]

_DIGIT = 1 << 16  # numpy sorts 16-bit integers stably by radix, in linear time


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of a 1-d array: ``np.unique(values)`` by one sort.

    With the numpy installed here (2.4), a plain ``np.unique`` (no ``return_*``) of
    integers is an order of magnitude slower than one sort on the int64 pair keys of the
    network code: a median of 0.58 s against 0.05 s for a million random keys (5 runs
    each). Sorting and keeping the first of each run gives the same result.

    Examples
    --------
    >>> sorted_unique(np.array([5, 1, 5, 3, 1])).tolist()
    [1, 3, 5]
    >>> sorted_unique(np.array([], dtype=np.int64)).tolist()
    []
    """
    ordered = np.sort(np.asarray(values).ravel())
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def stable_order(values: np.ndarray) -> np.ndarray:
    """``np.argsort(values, kind="stable")`` of integers, by 16-bit radix passes.

    Day numbers of a few centuries span fewer than 2**16 or 2**32 values: after
    subtracting the smallest, one or two stable passes over 16-bit digits (numpy's
    radix sort, linear) give the stable order, five times faster than a comparison
    sort of ten million int64 days. A wider range falls back to ``np.argsort``.

    Examples
    --------
    >>> stable_order(np.array([2030, 1990, 2030, 1987])).tolist()
    [3, 1, 0, 2]
    >>> stable_order(np.array([10**12, -5, 10**12, 0])).tolist()
    [1, 3, 0, 2]
    """
    values = np.asarray(values)
    if values.size == 0:
        return np.zeros(0, np.int64)
    offset = values.astype(np.int64) - values.min()
    span = int(offset.max())
    if span >= _DIGIT * _DIGIT:
        return np.argsort(values, kind="stable")
    order = np.argsort((offset % _DIGIT).astype(np.uint16), kind="stable")
    if span >= _DIGIT:
        high = (offset // _DIGIT).astype(np.uint16)
        order = order[np.argsort(high[order], kind="stable")]
    return order


def key_kind_ranks(keys: np.ndarray, kinds: np.ndarray) -> tuple[np.ndarray, ...]:
    """Dense ranks of ``keys`` and of the ``(key, kind)`` pairs, from one sort.

    ``kinds`` are integers in ``[0, 64)`` and ``keys * 64`` must fit an int64. Gives
    what ``np.unique(keys, return_inverse=True)`` and ``np.unique(rank * 64 + kinds,
    return_inverse=True)`` give, with one argsort instead of two sorts and two scatters
    each (2.8 s a call for ten million keys).

    Returns
    -------
    (key_rank, key_first, pair_rank, pair_first) : numpy.ndarray
        The rank of each element's key (0 = smallest) and of its ``(key, kind)`` pair
        (ordered by key, then kind); ``key_first[r]`` / ``pair_first[r]`` is the
        position of an element of rank ``r``.

    Examples
    --------
    >>> ranks = key_kind_ranks(np.array([7, 3, 7, 7]), np.array([1, 0, 1, 2]))
    >>> [r.tolist() for r in ranks]
    [[1, 0, 1, 1], [1, 0], [1, 0, 1, 2], [1, 0, 3]]
    """
    keys, kinds = np.asarray(keys, dtype=np.int64), np.asarray(kinds, dtype=np.int64)
    combined = keys * 64 + kinds
    order = np.argsort(combined, kind="stable")
    out: list[np.ndarray] = []
    for level in (keys, combined):
        ranked = level[order]
        starts = np.empty(ranked.size, bool)
        starts[:1] = True
        np.not_equal(ranked[1:], ranked[:-1], out=starts[1:])
        rank = np.empty(ranked.size, np.int64)
        rank[order] = np.cumsum(starts) - 1
        out += [rank, order[starts]]
    return tuple(out)
