"""Turn dataframe-like and collection-like data into a pandas DataFrame, and rows into JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from plugins.delta_generator.elements._args import ElementArgumentError, fail


def _pandas(command: str) -> Any:
    try:
        import pandas
    except ImportError:
        raise ElementArgumentError(f"st.{command} needs pandas; install it with: pip install 'kernel[elements]'") \
            from None
    return pandas


def to_frame(command: str, data: Any) -> Any:
    """``data`` as a pandas DataFrame (pandas, Styler, numpy, pyarrow, polars, dicts, lists, sets, scalars)."""
    pd = _pandas(command)
    if data is None:
        return pd.DataFrame()
    if isinstance(data, pd.DataFrame):
        return data
    if hasattr(data, "data") and type(data).__name__ == "Styler":
        return data.data
    if isinstance(data, pd.Series | pd.Index):
        return data.to_frame() if isinstance(data, pd.Series) else pd.DataFrame(data)
    for method in ("to_pandas", "to_df"):
        convert = getattr(data, method, None)
        if callable(convert) and not isinstance(data, Mapping):
            try:
                return to_frame(command, convert())
            except TypeError:
                pass
    if hasattr(data, "__array__") and not isinstance(data, list | tuple):
        import numpy as np

        array = np.asarray(data)
        if array.ndim == 0:
            return pd.DataFrame([array.item()])
        if array.ndim > 2:
            raise fail(command, "data", f"<array of shape {array.shape}>", "a numpy array must be 1-D or 2-D")
        return pd.DataFrame(array)
    if isinstance(data, Mapping):
        if all(not isinstance(v, list | tuple | Mapping) and not hasattr(v, "__len__") or isinstance(v, str)
               for v in data.values()):
            return pd.DataFrame({"value": list(data.values())}, index=[str(k) for k in data])
        try:
            return pd.DataFrame(data)
        except ValueError as exc:
            raise fail(command, "data", data, f"a dict of columns must have columns of equal length ({exc})") \
                from None
    if isinstance(data, set | frozenset):
        data = sorted(data, key=repr)
    if isinstance(data, list | tuple) or hasattr(data, "__iter__") and not isinstance(data, str | bytes):
        items = list(data)
        if items and all(isinstance(i, Mapping) for i in items):
            return pd.DataFrame.from_records(items)
        if items and all(isinstance(i, list | tuple) for i in items):
            return pd.DataFrame([list(i) for i in items])
        return pd.DataFrame({"value": items})
    if isinstance(data, str | int | float | bool):
        return pd.DataFrame([data])
    raise fail(command, "data", data, "use a DataFrame, Series, numpy array, dict, list, set or pyarrow Table")


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
