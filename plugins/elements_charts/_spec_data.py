"""Large inline datasets of a Vega-Lite spec (``st.vega_lite_chart``, ``st.altair_chart``, ``st.map``) sent
beside the WebSocket.

A spec carries its data inline: ``data: {"values": [...]}`` at its top or in a layer or a
sub-chart, or the named ``datasets`` Altair writes. Each such table with more than
:data:`INLINE_ROWS` rows of flat records (each value text, a number, a boolean or null) is
taken out of the spec and put on the data side channel as one Arrow table
(:func:`kernel.elements.add_data`, keyed by its content): the spec keeps a named reference
(``data: {"name": ...}``; Altair's names stay as they are) and the element a list of
``{"name", "url", "rows"}``, which the page fetches and puts back under the spec's
``datasets`` before drawing. So a big chart is not bound by the WebSocket message limit, its
data travels typed and columnar, and an unchanged chart keeps its URLs (it is not resent).
Records Arrow cannot hold as columns (nested values, mixed types) stay inline.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from typing import Any

__all__ = ["INLINE_ROWS", "offload_datasets", "records_url"]

INLINE_ROWS = 5_000
"""Rows an inline dataset of a spec may have and still travel inside the element."""
_CHILDREN = ("layer", "hconcat", "vconcat", "concat")


def _table(records: list[Any]) -> Any:
    """Flat records as a pyarrow Table (columns in the order keys first appear), or ``None``."""
    import pyarrow as pa

    from kernel.elements import compact_column

    if not all(isinstance(r, Mapping) for r in records):
        return None
    names: dict[str, None] = {}
    for record in records:
        for name in record:
            names.setdefault(name, None)
    if not all(isinstance(n, str) for n in names):
        return None
    arrays = []
    for name in names:
        values = [r.get(name) for r in records]
        kinds = {type(v) for v in values if v is not None}
        if kinds <= {bool}:
            arrays.append(pa.array(values, type=pa.bool_()))
        elif kinds <= {int} and all(v is None or -(2**53) <= v <= 2**53 for v in values):
            arrays.append(compact_column(pa.array(values, type=pa.int64())))
        elif kinds <= {int, float}:
            if any(isinstance(v, float) and not math.isfinite(v) for v in values):
                return None  # JSON has no NaN or infinity; such specs keep what they had
            arrays.append(pa.array(values, type=pa.float64()))
        elif kinds <= {str}:
            array = pa.array(values, type=pa.string())
            # Repeated labels (categories, series names) travel once each.
            if len(records) > 2 * len(set(values)):
                array = array.dictionary_encode()
            arrays.append(array)
        else:
            return None
    return pa.Table.from_arrays(arrays, names=list(names))


def records_url(records: Any, kind: str) -> str | None:
    """Put more than :data:`INLINE_ROWS` flat records on the data side channel as one Arrow table (keyed by
    ``kind`` and their content) and return its URL; ``None`` for fewer, or for records Arrow cannot hold."""
    from kernel.elements import ArrowBlob, add_data, arrow_stream

    if not isinstance(records, list) or len(records) <= INLINE_ROWS:
        return None
    table = _table(records)
    if table is None:
        return None
    data = arrow_stream(table)
    return add_data(ArrowBlob(data), f"{kind}:" + hashlib.blake2b(data, digest_size=20).hexdigest())


def _put(records: list[Any], name: str, found: list[dict[str, Any]]) -> bool:
    """Put a large table on the data channel under ``name``; whether it was taken out of the spec."""
    url = records_url(records, f"vega-dataset:{name}")
    if url is None:
        return False
    found.append({"name": name, "url": url, "rows": len(records)})
    return True


def _walk(spec: Any, found: list[dict[str, Any]]) -> Any:
    """``spec`` with its large ``data.values`` replaced by named references (a copy where changed)."""
    if not isinstance(spec, Mapping):
        return spec
    out = dict(spec)
    data = out.get("data")
    if isinstance(data, Mapping) and "values" in data:
        name = f"kernel_data_{len(found)}"
        if _put(data["values"], name, found):
            out["data"] = {**{k: v for k, v in data.items() if k != "values"}, "name": name}
    for key in _CHILDREN:
        if isinstance(out.get(key), list):
            out[key] = [_walk(child, found) for child in out[key]]
    if isinstance(out.get("spec"), Mapping):
        out["spec"] = _walk(out["spec"], found)
    return out


def offload_datasets(spec: Mapping[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The spec to send and the datasets the page fetches (``[{"name", "url", "rows"}]``, empty when
    every dataset is small). Called while a script runs (the data channel is per session)."""
    found: list[dict[str, Any]] = []
    out = _walk(spec, found)
    datasets = out.get("datasets")
    if isinstance(datasets, Mapping):
        kept = {name: values for name, values in datasets.items()
                if not (isinstance(name, str) and _put(values, name, found))}
        if len(kept) != len(datasets):
            out["datasets"] = kept
    return out, found
