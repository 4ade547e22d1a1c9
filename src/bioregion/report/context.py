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
from bioregion.report.render import FigureDrawer
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
    used: dict[str, Callable] = field(default_factory=dict)  # "module.func" -> function
    drawer: FigureDrawer | None = None  # draws the figures (None: here and now)
    _cache: dict[tuple, Any] = field(default_factory=dict)

    def remember(self, key: tuple, compute: Callable[[], T]) -> T:
        """``compute()``, computed once per ``key`` for this report (the sections read
        the value and never change it)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def draw(self, figure: Callable[..., str], /, *args: Any, **kwargs: Any) -> str:
        """``figure(*args, **kwargs)`` (a function of :mod:`bioregion.report.figures`),
        through :attr:`drawer`: its ``data:`` URI or a placeholder the drawer fills in
        when the page is written."""
        if self.drawer is None:
            return figure(*args, **kwargs)
        return self.drawer.draw(figure, *args, **kwargs)

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

    def call(self, indicator: Callable[..., T], /, **kwargs: Any) -> T:
        """``indicator(self.net, **kwargs)``, computed once per set of arguments.

        The scope is never left to a default: an indicator that takes ``region``,
        ``regions``, ``period`` or ``nbf_rule`` must be given each of them here, or
        :class:`~bioregion.errors.ArgumentError` is raised. The indicator is recorded in
        :attr:`used` for the methods section.
        """
        name = indicator_name(indicator)
        params = inspect.signature(indicator).parameters
        missing = [p for p in SCOPE_ARGUMENTS if p in params and p not in kwargs]
        if missing:
            raise ArgumentError(
                f"the report called {name} without {' and '.join(missing)}; "
                "a report section must pass the region(s), period and NBF rule explicitly"
            )
        self.used[name] = indicator
        key = (indicator, tuple(sorted((k, _hashable(v)) for k, v in kwargs.items())))
        if key not in self._cache:
            self._cache[key] = indicator(self.net, **kwargs)
        return self._cache[key]

    def focal(self, indicator: Callable[..., T], /, **kwargs: Any) -> T:
        """:meth:`call` on the report's own scope: its focal region, its period and, where
        the indicator takes one, its NBF rule; ``kwargs`` add to or replace them."""
        scope: dict[str, Any] = {"region": self.region, "period": self.period}
        if "nbf_rule" in inspect.signature(indicator).parameters:
            scope["nbf_rule"] = self.nbf_rule
        return self.call(indicator, **{**scope, **kwargs})


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, pd.DataFrame):
        return id(value)
    return value
