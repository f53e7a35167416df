"""Rows of a pandas DataFrame as JSON, the type of its columns and their formats (to_frame: kernel.elements)."""

from __future__ import annotations

import json
from typing import Any

from kernel.elements import to_frame

__all__ = ["FLOAT_DECIMALS", "FORMAT_SAMPLE", "column_format", "column_type", "page_frame", "rows", "rows_json",
           "to_frame"]

FLOAT_DECIMALS = 4
"""Most decimals a float column shows by default (every value of a column with the same count)."""
FORMAT_SAMPLE = 100_000
"""Values of a column looked at to choose its format (evenly spread over a larger column)."""


def column_type(series: Any) -> str:
    """How a column's values are shown: int, float, bool, datetime, date, time, timedelta, list, str or object."""
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
    if kind == "O":
        inferred = pd.api.types.infer_dtype(series.head(1000), skipna=True)
        if inferred in ("date", "time"):
            return str(inferred)
    if pd.api.types.is_string_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype):
        sample = series.dropna().head(20)
        if len(sample) and all(isinstance(v, list | tuple) for v in sample):
            return "list"
        return "str"
    return "object"


def _sample(series: Any) -> Any:
    """At most :data:`FORMAT_SAMPLE` values of a column, spread evenly over it (taken before any conversion)."""
    if len(series) <= FORMAT_SAMPLE:
        return series
    return series.iloc[:: len(series) // FORMAT_SAMPLE + 1]


def column_format(series: Any, kind: str) -> dict[str, Any] | None:
    """One format for every cell of a column (the grid formats cell by cell otherwise).

    * float: ``{"decimals": n}``, the fewest decimals (at most :data:`FLOAT_DECIMALS`) that
      show every value of the column exactly, so ``1.5`` and ``2.25`` show as ``1.50`` and ``2.25``;
    * datetime: ``{"precision": "s"}`` or ``"ms"`` when some value has a fraction of a second;
      a midnight shows its time like any other value of the column.
    """
    import numpy as np

    if kind == "float":
        values = _sample(series).to_numpy(dtype="float64", na_value=np.nan)
        values = values[np.isfinite(values)]

        def exact(part: Any, decimals: int) -> bool:
            scaled = part * 10.0 ** decimals
            return bool(np.allclose(scaled, np.round(scaled), rtol=0, atol=1e-6 * 10.0 ** decimals))

        # The first thousand values give a lower bound at little cost (random floats need all four).
        decimals = next((d for d in range(FLOAT_DECIMALS) if exact(values[:1000], d)), FLOAT_DECIMALS)
        while decimals < FLOAT_DECIMALS and not exact(values, decimals):
            decimals += 1
        return {"decimals": decimals}
    if kind == "datetime":
        sample = _sample(series)
        stamps = sample.dt.tz_localize(None) if getattr(sample.dt, "tz", None) is not None else sample
        nanos = stamps.dropna().to_numpy(dtype="datetime64[ns]").astype("int64")
        return {"precision": "ms" if bool(np.any(nanos % 1_000_000_000)) else "s"}
    return None


def _local_times(frame: Any) -> Any:
    """``frame`` with timezone-aware columns as their local wall time (to_json would write them in UTC)."""
    import pandas as pd

    aware = [i for i, dtype in enumerate(frame.dtypes) if isinstance(dtype, pd.DatetimeTZDtype)]
    aware_index = isinstance(frame.index, pd.DatetimeIndex) and frame.index.tz is not None
    if not aware and not aware_index:
        return frame
    frame = frame.copy(deep=False)
    if aware_index:
        frame.index = frame.index.tz_localize(None).rename(frame.index.name)
    for i in aware:
        frame.isetitem(i, frame.iloc[:, i].dt.tz_localize(None))
    return frame


def _json_frame(frame: Any) -> str:
    """Rows of ``frame`` (index first) as a JSON array of arrays: NaN -> null, datetimes as ISO strings."""
    with_index = frame.reset_index(drop=False, allow_duplicates=True) if frame.shape[0] else frame.reset_index()
    text: str = with_index.to_json(orient="values", date_format="iso", date_unit="ms", default_handler=str)
    return text


def _rows_part(frame: Any, start: int, stop: int, order: Any) -> Any:
    """Rows ``start:stop`` (in ``order`` if given), with unique text column names and a flat index."""
    if order is not None:
        part = frame.take(order[start:stop])
    else:
        part = frame.iloc[start:stop]
    if part.columns.duplicated().any() or not all(isinstance(c, str) for c in part.columns):
        part = part.set_axis([f"c{i}" for i in range(part.shape[1])], axis=1)
    if part.index.nlevels > 1:
        part = part.set_axis([" / ".join(map(str, i)) for i in part.index], axis=0)
    return _local_times(part.rename_axis("__index__"))


def rows_json(frame: Any, start: int, stop: int, order: Any = None) -> str:
    """Rows ``start:stop`` (in ``order`` if given) as a JSON array of ``[index, col0, col1, ...]``."""
    return _json_frame(_rows_part(frame, start, stop, order))


def page_frame(frame: Any, start: int, stop: int, order: Any = None) -> Any:
    """Rows ``start:stop`` (in ``order`` if given) as a frame of the cells :func:`rows_json` writes:
    the index first, timezone-aware datetimes as their wall time (columns by position only)."""
    part = _rows_part(frame, start, stop, order)
    return part.reset_index(drop=False, allow_duplicates=True) if part.shape[0] else part.reset_index()


def rows(frame: Any, start: int, stop: int) -> list[list[Any]]:
    """Rows ``start:stop`` as JSON-ready lists (index first)."""
    result: list[list[Any]] = json.loads(rows_json(frame, start, stop))
    return result


def add_markdown_html(rows: list[list[Any]], positions: list[int]) -> list[list[Any]]:
    """Append to each row the cells at ``positions`` (MarkdownColumn cells) rendered as inline
    Markdown with HTML escaped, so the browser never renders cell text it was not given as HTML."""
    from kernel.elements import render_inline

    for row in rows:
        row.extend(None if row[p] is None else render_inline(str(row[p])) for p in positions)
    return rows
