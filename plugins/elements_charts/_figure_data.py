"""Large typed arrays of a Plotly figure sent beside the WebSocket (``st.plotly_chart``).

Plotly writes a trace's numpy arrays as base64 typed arrays (``{"dtype": "f8", "bdata": ...}``).
Each such array of a trace's own keys (``x``, ``y``, ``z`` without a ``shape``, ...) longer than
:data:`INLINE_BYTES` of base64 is taken out of the figure and put on the data side channel as a
one-column Arrow table (:func:`kernel.elements.add_data`, keyed by its content); the element
lists ``{"trace", "key", "url"}`` and the page puts the column back into the trace as a typed
array before Plotly draws. Unchanged arrays keep their URLs, so an unchanged chart is not resent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from typing import Any

__all__ = ["INLINE_BYTES", "arrays_beside"]

INLINE_BYTES = 64 * 1024
"""Base64 characters of one typed array a figure may still carry inline."""
_DTYPES = {"f8": "<f8", "f4": "<f4", "i4": "<i4", "u4": "<u4", "i2": "<i2", "u2": "<u2", "i1": "i1", "u1": "u1"}


def _arrow(value: dict[str, Any]) -> bytes | None:
    import numpy as np
    import pyarrow as pa

    dtype = _DTYPES.get(str(value.get("dtype")))
    if dtype is None:
        return None
    try:
        raw = base64.b64decode(value["bdata"], validate=True)
        values = np.frombuffer(raw, dtype=dtype)
    except (binascii.Error, ValueError):
        return None
    table = pa.table({"values": pa.array(values)})
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def arrays_beside(figure: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The figure to send (a copy where arrays were taken out) and the arrays the page fetches."""
    from kernel.context import get_run_context
    from kernel.contracts.data_channel import DataNotServedError
    from kernel.elements import ArrowBlob, add_data

    traces = figure.get("data")
    if get_run_context() is None or not isinstance(traces, list):
        return figure, []
    found: list[dict[str, Any]] = []
    sent = list(traces)
    try:
        for i, trace in enumerate(traces):
            if not isinstance(trace, dict):
                continue
            for key, value in trace.items():
                if not (isinstance(value, dict) and set(value) == {"dtype", "bdata"}
                        and isinstance(value["bdata"], str) and len(value["bdata"]) > INLINE_BYTES):
                    continue
                data = _arrow(value)
                if data is None:
                    continue
                digest = hashlib.blake2b(data, digest_size=20).hexdigest()
                found.append({"trace": i, "key": key, "url": add_data(ArrowBlob(data), f"plotly:{digest}")})
                sent[i] = {**sent[i], key: None}
    except DataNotServedError:  # the data_channel plugin is off: the arrays stay in the figure
        return figure, []
    return ({**figure, "data": sent} if found else figure), found
