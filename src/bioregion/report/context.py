"""What every section of the report reads: the store, the network, the parameters, and
the indicators of :mod:`bioregion.system`, each computed once and remembered."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bioregion.network import TemporalNetwork
from bioregion.store import Store


class MissingIndicator(LookupError):
    """An indicator function the report uses is not (yet) in :mod:`bioregion.system`."""


@dataclass
class Context:
    """The parameters of one report and a cache of the indicator tables."""

    store: Store
    net: TemporalNetwork
    region: str
    compare: tuple[str, ...]
    period: tuple[int, int]
    dataset: Any = None  # the store's Dataset, read once
    used: dict[str, Callable] = field(default_factory=dict)  # "module.func" -> function
    _cache: dict[tuple, Any] = field(default_factory=dict)

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

    def function(self, module: str, name: str) -> Callable:
        """``bioregion.system.<module>.<name>``, or :class:`MissingIndicator`."""
        try:
            mod = importlib.import_module(f"bioregion.system.{module}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("bioregion.system"):
                raise MissingIndicator(f"bioregion.system.{module}") from None
            raise
        func = getattr(mod, name, None)
        if func is None:
            raise MissingIndicator(f"bioregion.system.{module}.{name}")
        self.used[f"{module}.{name}"] = func
        return func

    def call(self, module: str, name: str, /, **kwargs: Any) -> Any:
        """Call an indicator on the network with ``region``/``period`` defaults (cached).

        ``region`` and ``period`` are passed only when the function takes them.
        """
        func = self.function(module, name)
        params = inspect.signature(func).parameters
        args = dict(kwargs)
        if "region" in params:
            args.setdefault("region", self.region)
        if "period" in params:
            args.setdefault("period", self.period)
        key = (module, name, tuple(sorted((k, _hashable(v)) for k, v in args.items())))
        if key not in self._cache:
            self._cache[key] = func(self.net, **args)
        return self._cache[key]


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, pd.DataFrame):
        return id(value)
    return value
