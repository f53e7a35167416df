"""What makes an unkeyed st.data_editor or selectable st.dataframe the same widget from run to run.

As in Streamlit, an element without a key is identified by everything that shapes what it
shows: the data itself, the columns as configured (order, configuration, the index hidden
or not), its size and its editing mode. Two such elements that differ in any of these are
two widgets (no ``DuplicateElementId``), and changing one of them between reruns makes a
new widget (its edits or selection start over). With a key, only the few parameters
Streamlit keeps in the identity count (see the callers).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["frame_digest", "shown_columns"]


def _hash_values(digest: Any, values: Any) -> None:
    """Feed one column's (or the index's) values to ``digest``: the memory of plain numpy numbers,
    booleans and datetimes as it is (a million floats in about a millisecond), the rest through pandas."""
    import numpy as np
    import pandas as pd

    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biufmM":
        digest.update(np.ascontiguousarray(values.to_numpy()).view(np.uint8))
        return
    try:
        digest.update(pd.util.hash_pandas_object(values, index=False).to_numpy().tobytes())
    except (TypeError, ValueError):  # cells pandas cannot hash (lists, dicts): their text
        digest.update(values.to_json(orient="values", default_handler=repr, date_format="iso").encode())


def frame_digest(frame: Any) -> str:
    """A short digest of a pandas DataFrame's labels, types and values (run on every run that shows
    the frame: for a million rows of numbers it reads their memory, it does not hash cell by cell)."""
    import pandas as pd
    import xxhash

    digest = xxhash.xxh3_128()
    digest.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    digest.update(repr((list(frame.index.names), frame.shape, str(frame.index.dtype))).encode())
    index = frame.index
    if isinstance(index, pd.RangeIndex):
        digest.update(repr((index.start, index.stop, index.step)).encode())
    elif isinstance(index, pd.MultiIndex):
        _hash_values(digest, index.to_frame(index=False).astype(str).agg("\0".join, axis=1))
    else:
        _hash_values(digest, index.to_series(index=range(len(index))))
    for position in range(frame.shape[1]):
        digest.update(b"\0column")
        _hash_values(digest, frame.iloc[:, position])
    return str(digest.hexdigest())[:24]


def shown_columns(props: dict[str, Any]) -> str:
    """The columns and index of a grid's props as they are configured (order, labels,
    configuration, hidden or not), as one string."""
    return json.dumps([props.get("columns"), props.get("index")], sort_keys=True, default=repr)
