"""Frames whose text columns hold Python strings (``object`` dtype), built column-wise.

pandas 3 stores text in its arrow-backed ``str`` dtype unless told otherwise. Each row
selection (``take``) or conversion of such a column costs about a millisecond of fixed
overhead, and the indicators select rows of the actors and ties frames thousands of
times per report. Strings in ``object`` columns compare, map and filter the same way at
numpy speed, so the library's network frames keep text (and tuples) as ``object``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["object_frame"]


def object_frame(columns: Mapping[str, Any], names: Sequence[str] | None = None) -> pd.DataFrame:
    """A DataFrame of ``columns`` (in the order of ``names``, default: all), where every
    column given as a list or as a numpy ``object`` array stays an ``object`` column.

    Other arrays (numbers, dates, bools) and Series are used as they are.

    >>> frame = object_frame({"id": ["a", "b"], "tags": [(), ("x",)], "n": [1, 2]}, ["id", "tags"])
    >>> [str(t) for t in frame.dtypes], frame["tags"].tolist()
    (['object', 'object'], [(), ('x',)])
    """
    import numpy as np
    import pandas as pd

    def column(values: Any) -> Any:
        if isinstance(values, list) or (isinstance(values, np.ndarray) and values.dtype == object):
            return pd.Series(values, dtype=object)
        return values

    return pd.DataFrame({n: column(columns[n]) for n in (names or list(columns))}, copy=False)
