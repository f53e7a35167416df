"""What makes an unkeyed st.data_editor or selectable st.dataframe the same widget from run to run.

As in Streamlit, an element without a key is identified by everything that shapes what it
shows: the data itself, the columns as configured (order, configuration, the index hidden
or not), its size and its editing mode. Two such elements that differ in any of these are
two widgets (no ``DuplicateElementId``), and changing one of them between reruns makes a
new widget (its edits or selection start over). With a key, only the few parameters
Streamlit keeps in the identity count (see the callers).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

__all__ = ["frame_digest", "shown_columns"]


def frame_digest(frame: Any) -> str:
    """A short digest of a pandas DataFrame's labels, types and values."""
    import pandas as pd

    digest = hashlib.blake2b(digest_size=12)
    digest.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    digest.update(repr(list(frame.index.names)).encode())
    try:
        digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    except (TypeError, ValueError):  # cells pandas cannot hash (lists, dicts): their text
        digest.update(frame.to_json(orient="split", default_handler=repr, date_format="iso").encode())
    return digest.hexdigest()


def shown_columns(props: dict[str, Any]) -> str:
    """The columns and index of a grid's props as they are configured (order, labels,
    configuration, hidden or not), as one string."""
    return json.dumps([props.get("columns"), props.get("index")], sort_keys=True, default=repr)
