"""What every section of the report reads: the store, the network, the parameters, and
the indicators of :mod:`bioregion.system`, each computed once and remembered."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.network import TemporalNetwork
from bioregion.report.workers import Pending, Workers
from bioregion.store import Store
from bioregion.system import DEFAULT_NBF_RULE, NBFRule

T = TypeVar("T")

#: The scope arguments every indicator that takes them must be given by the report: the
#: region(s), the period and the rule that says which actors are a region's NBFs.
SCOPE_ARGUMENTS = ("region", "regions", "period", "nbf_rule")


def indicator_name(indicator: Callable) -> str:
    """``module.function`` of an indicator of :mod:`bioregion.system`."""
    module = indicator.__module__.removeprefix("bioregion.system.")
    return f"{module}.{indicator.__name__}"


@dataclass
class Context:
    """The parameters of one report and a cache of the indicator tables."""

    store: Store
    net: TemporalNetwork
    region: str
    compare: tuple[str, ...]
    period: tuple[int, int]
    dataset: Any = None  # the store's Dataset, read once
    nbf_rule: NBFRule = DEFAULT_NBF_RULE  # which actors are a region's NBFs
    include_events: bool = False  # shared events (EU projects, trials) count as ties
    scenarios: Any = None  # a simulation's effects table (bioregion simulate --out), if given
    used: dict[str, Callable] = field(default_factory=dict)  # "module.func" -> function
    workers: Workers | None = None  # draw figures, compute ahead (None: here and now)
    _cache: dict[tuple, Any] = field(default_factory=dict)

    def remember(self, key: tuple, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per ``key`` for this report (the sections read
        the value and never change it)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def draw(self, figure: Callable[..., str], /, *args: Any, **kwargs: Any) -> str:
        """``figure(*args, **kwargs)`` (a function of :mod:`bioregion.report.figures`),
        through :attr:`workers`: its ``data:`` URI or a placeholder the workers fill in
        when the page is written."""
        if self.workers is None:
            return figure(*args, **kwargs)
        return self.workers.draw(figure, *args, **kwargs)

    @property
    def names(self) -> dict[str, str]:
        """Actor id -> display name."""
        if "names" not in self._cache:
            actors = self.net.actors
            self._cache["names"] = dict(
                zip(actors["id"], actors["name"].fillna("").astype(str), strict=True)
            )
            self._cache["names"] = {k: v or k for k, v in self._cache["names"].items()}
        return self._cache["names"]

    def _key(self, indicator: Callable, kwargs: dict[str, Any]) -> tuple:
        """The cache key of a call; :class:`ArgumentError` when the scope is missing."""
        params = inspect.signature(indicator).parameters
        missing = [p for p in SCOPE_ARGUMENTS if p in params and p not in kwargs]
        if missing:
            raise ArgumentError(
                f"the report called {indicator_name(indicator)} without "
                f"{' and '.join(missing)}; a report section must pass the region(s), period "
                "and NBF rule explicitly"
            )
        return (indicator, tuple(sorted((k, _hashable(v)) for k, v in kwargs.items())))

    def call(self, indicator: Callable[..., T], /, **kwargs: Any) -> T:
        """``indicator(self.net, **kwargs)``, computed once per set of arguments.

        The scope is never left to a default: an indicator that takes ``region``,
        ``regions``, ``period`` or ``nbf_rule`` must be given each of them here, or
        :class:`~bioregion.errors.ArgumentError` is raised. The indicator is recorded in
        :attr:`used` for the methods section. A value :meth:`ahead` started is waited for.
        """
        key = self._key(indicator, kwargs)
        self.used[indicator_name(indicator)] = indicator
        if key not in self._cache:
            self._cache[key] = indicator(self.net, **kwargs)
        elif isinstance(self._cache[key], Pending):
            self._cache[key] = self._cache[key].result()
        return self._cache[key]

    def ahead(self, indicator: Callable, /, **kwargs: Any) -> None:
        """Start :meth:`call` of ``indicator`` in a worker, when the report has workers and
        the value is not known yet; a later :meth:`call` with the same arguments waits
        for it. For the slow indicators (bootstrap draws) the report will call."""
        key = self._key(indicator, kwargs)
        if key not in self._cache and self.workers is not None:
            pending = self.workers.compute(indicator, **kwargs)
            if pending is not None:
                self._cache[key] = pending

    def scope(self, indicator: Callable, **kwargs: Any) -> dict[str, Any]:
        """The arguments of :meth:`focal`: the report's focal region, its period and,
        where the indicator takes one, its NBF rule, with ``kwargs`` added or replacing
        them."""
        scope: dict[str, Any] = {"region": self.region, "period": self.period}
        if "nbf_rule" in inspect.signature(indicator).parameters:
            scope["nbf_rule"] = self.nbf_rule
        return {**scope, **kwargs}

    def focal(self, indicator: Callable[..., T], /, **kwargs: Any) -> T:
        """:meth:`call` on the report's own scope (:meth:`scope`)."""
        return self.call(indicator, **self.scope(indicator, **kwargs))


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, pd.DataFrame):
        return id(value)
    return value
