"""Rows of a pandas DataFrame as JSON, and the type of its columns (``to_frame`` is in :mod:`kernel.elements`)."""

from __future__ import annotations

import json
from typing import Any

from kernel.elements import to_frame

__all__ = ["column_type", "rows", "rows_json", "to_frame"]


def column_type(series: Any) -> str:
    """How a column's values are shown: int, float, bool, datetime, date, timedelta, list, str or object."""
    import pandas as pd

    dtype = series.dtype
    kind = getattr(dtype, "kind", "O")
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if kind in "iu":
        return "int"
    if kind == "f":
        return "float"
    if kind == "M" or isinstance(dtype, pd.DatetimeTZDtype):
        return "datetime"
    if kind == "m":
        return "timedelta"
    if pd.api.types.is_string_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype):
        sample = series.dropna().head(20)
        if len(sample) and all(isinstance(v, list | tuple) for v in sample):
            return "list"
        return "str"
    return "object"


def _json_frame(frame: Any) -> str:
    """Rows of ``frame`` (index first) as a JSON array of arrays: NaN -> null, datetimes as ISO strings."""
    with_index = frame.reset_index(drop=False, allow_duplicates=True) if frame.shape[0] else frame.reset_index()
    text: str = with_index.to_json(orient="values", date_format="iso", date_unit="ms", default_handler=str)
    return text


def rows_json(frame: Any, start: int, stop: int, order: Any = None) -> str:
    """Rows ``start:stop`` (in ``order`` if given) as a JSON array of ``[index, col0, col1, ...]``."""
    if order is not None:
        part = frame.take(order[start:stop])
    else:
        part = frame.iloc[start:stop]
    if part.columns.duplicated().any() or not all(isinstance(c, str) for c in part.columns):
        part = part.set_axis([f"c{i}" for i in range(part.shape[1])], axis=1)
    if part.index.nlevels > 1:
        part = part.set_axis([" / ".join(map(str, i)) for i in part.index], axis=0)
    part = part.rename_axis("__index__")
    return _json_frame(part)


def rows(frame: Any, start: int, stop: int) -> list[list[Any]]:
    """Rows ``start:stop`` as JSON-ready lists (index first)."""
    result: list[list[Any]] = json.loads(rows_json(frame, start, stop))
    return result
