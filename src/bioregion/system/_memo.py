"""Work shared between indicator calls on one network, inside a ``with reuse():`` block.

A report calls a few dozen indicators on one network, and they derive the same things
from it again and again: the corporate families, the cumulative graph of a period, its
betweenness, the E-I index of a region. Inside ``with reuse():`` such derived values are
computed once per network and arguments and remembered until the block ends (the report
builds inside one). Outside a block nothing is remembered, so a network whose frames are
changed between two calls is always read afresh.

A remembered value is shared by every caller: the indicators read it and never change it
(a graph, a Series, a frame).

>>> calls = []
>>> def slow():
...     calls.append(1)
...     return 42
>>> net = object()
>>> with reuse():
...     remembered("answer", net, (), slow), remembered("answer", net, (), slow)
(42, 42)
>>> len(calls), remembered("answer", net, (), slow), len(calls)
(1, 42, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

__all__ = ["remembered", "reuse"]

T = TypeVar("T")
_CACHE: ContextVar[dict[Hashable, Any] | None] = ContextVar("bioregion_system_reuse", default=None)


@contextmanager
def reuse() -> Iterator[None]:
    """Remember the values of :func:`remembered` until the block ends (a nested block
    shares the outer one's)."""
    if _CACHE.get() is not None:
        yield
        return
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def remembered(name: str, net: object, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, computed once per ``(name, net, key)`` inside a :func:`reuse` block
    (``net`` by identity: the network the value derives from); every time outside one."""
    cache = _CACHE.get()
    if cache is None:
        return compute()
    full = (name, id(net), key)
    if full not in cache:
        cache[("network", id(net))] = net  # kept alive, so that its id is not reused
        cache[full] = compute()
    return cache[full]
