"""Dataframe-like and collection-like data as a pandas DataFrame, for element commands that show data.

Part of the element plugin API (re-exported by :mod:`kernel.elements`). pandas (and
numpy) are imported on the first call, never at start-up; without them the error says
how to install them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kernel.contracts.element_args import ElementArgumentError, argument_error

__all__ = ["to_frame"]


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
            raise argument_error(command, "data", f"<array of shape {array.shape}>", "a numpy array must be 1-D or 2-D")
        return pd.DataFrame(array)
    if isinstance(data, Mapping):
        if all(not isinstance(v, list | tuple | Mapping) and not hasattr(v, "__len__") or isinstance(v, str)
               for v in data.values()):
            return pd.DataFrame({"value": list(data.values())}, index=[str(k) for k in data])
        try:
            return pd.DataFrame(data)
        except ValueError as exc:
            raise argument_error(command, "data", data,
                                 f"a dict of columns must have columns of equal length ({exc})") from None
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
    raise argument_error(command, "data", data,
                         "use a DataFrame, Series, numpy array, dict, list, set or pyarrow Table")
