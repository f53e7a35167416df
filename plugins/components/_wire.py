"""A component's arguments on their way to its frontend, and its values on their way back.

Arguments: JSON values go as they are; data frames (pandas, Styler, pyarrow, polars,
numpy) as Arrow IPC streams, one each for the values, the index and the column labels,
the three tables Streamlit's component library reads; ``bytes`` as base64. Values the
page reports are ``{"json": v}``, ``{"bytes": base64}`` or ``{"dataframe": {"data":
base64, ...}}`` (the values table read back into pandas).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

import attrs

from kernel.elements import ElementArgumentError, to_frame

__all__ = ["ComponentArgs", "decode_value", "encode_value", "split_args"]

MAX_VALUE_BYTES = 64 * 1024 * 1024
"""Largest decoded bytes or Arrow value a page may report."""


@attrs.frozen
class ComponentArgs:
    """A component call's arguments: JSON ones, data frames (Arrow, base64) and bytes (base64)."""

    json_args: dict[str, Any]
    dataframes: list[dict[str, Any]]
    byte_args: list[dict[str, str]]


def _is_frame(value: Any) -> bool:
    kind = type(value)
    module, name = kind.__module__.split(".")[0], kind.__name__
    if module == "pandas" and name in ("DataFrame", "Series", "Styler"):
        return True
    if module == "pyarrow" and name in ("Table", "RecordBatch"):
        return True
    if module == "polars" and name in ("DataFrame", "Series"):
        return True
    return module == "numpy" and name == "ndarray"


def _pyarrow(command: str) -> Any:
    try:
        import pyarrow
    except ImportError:
        raise ElementArgumentError(f"{command}: a data frame argument travels as Arrow and needs pyarrow; install "
                                   "it with: pip install pyarrow") from None
    return pyarrow


def _narrow(pa: Any, kind: Any) -> Any:
    """``kind`` with 64-bit-offset strings, binaries and lists made plain: the Arrow readers
    that published components bundle are often too old to read the large ones (pandas 3
    stores its strings as ``large_string``)."""
    types = pa.types
    if types.is_large_string(kind):
        return pa.string()
    if types.is_large_binary(kind):
        return pa.binary()
    if types.is_large_list(kind) or types.is_list(kind):
        return pa.list_(_narrow(pa, kind.value_type))
    if types.is_struct(kind):
        return pa.struct([field.with_type(_narrow(pa, field.type)) for field in kind])
    if types.is_dictionary(kind):
        return pa.dictionary(kind.index_type, _narrow(pa, kind.value_type), kind.ordered)
    return kind


def _ipc(pa: Any, table: Any) -> str:
    schema = pa.schema([field.with_type(_narrow(pa, field.type)) for field in table.schema],
                       metadata=table.schema.metadata)
    if not schema.equals(table.schema):
        table = table.cast(schema)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return base64.b64encode(sink.getvalue().to_pybytes()).decode("ascii")


def _labels(pd: Any, labels: Any) -> Any:
    """Index or column labels as a frame of strings, one column per level."""
    frame = labels.to_frame(index=False)
    frame.columns = [str(c) for c in range(frame.shape[1])]
    return frame.astype(str)


def frame_to_arrow(command: str, data: Any) -> dict[str, str]:
    """``data`` as the three base64 Arrow tables: values, index and column labels."""
    pa = _pyarrow(command)
    import pandas as pd

    frame = to_frame(command, data)
    values = frame.copy(deep=False)
    values.columns = [str(c) if not isinstance(c, tuple) else " ".join(map(str, c)) for c in frame.columns]
    table = pa.Table.from_pandas(values)
    index = pa.Table.from_pandas(_labels(pd, frame.index), preserve_index=False)
    columns = pa.Table.from_pandas(_labels(pd, frame.columns), preserve_index=False)
    return {"data": _ipc(pa, table), "index": _ipc(pa, index), "columns": _ipc(pa, columns)}


def split_args(command: str, kwargs: Mapping[str, Any]) -> ComponentArgs:
    """Sort a component call's keyword arguments into JSON, data frame and bytes arguments."""
    json_args: dict[str, Any] = {}
    frames: list[dict[str, Any]] = []
    blobs: list[dict[str, str]] = []
    for name, value in kwargs.items():
        if _is_frame(value):
            frames.append({"key": name, **frame_to_arrow(command, value)})
        elif isinstance(value, bytes | bytearray | memoryview):
            blobs.append({"key": name, "data": base64.b64encode(bytes(value)).decode("ascii")})
        else:
            json_args[name] = value
    try:
        json.dumps(json_args, allow_nan=True)
    except (TypeError, ValueError) as exc:
        bad = next((n for n, v in json_args.items() if not _json_ok(v)), "?")
        raise ElementArgumentError(
            f"{command}({bad}=...): component arguments must be JSON-serializable (str, int, float, bool, None, "
            f"lists and dicts of those), a data frame or bytes; {bad} is not ({exc})") from None
    return ComponentArgs(json_args, frames, blobs)


def _json_ok(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _b64(text: Any) -> bytes:
    if not isinstance(text, str) or len(text) > MAX_VALUE_BYTES * 4 // 3 + 4:
        raise ValueError("expected base64 text")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"bad base64: {exc}") from None


def _arrow_to_frame(payload: Any) -> Any:
    if not isinstance(payload, Mapping):
        raise ValueError("expected the Arrow tables of a data frame")
    try:
        import pyarrow as pa
    except ImportError:
        raise ValueError("a data frame value needs pyarrow") from None
    raw = _b64(payload.get("data"))
    try:
        reader = pa.ipc.open_stream(pa.py_buffer(raw))
        table = reader.read_all()
        table.validate(full=True)
        return table.to_pandas()
    except (pa.ArrowException, OSError) as exc:
        raise ValueError(f"not an Arrow table: {exc}") from None


def decode_value(raw: Any) -> Any:
    """The Python value of what a component's page reported (``ValueError``/``TypeError``: unusable)."""
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise TypeError("expected {'json': ...}, {'bytes': ...} or {'dataframe': ...}")
    if "json" in raw:
        return raw["json"]
    if "bytes" in raw:
        return _b64(raw["bytes"])
    if "dataframe" in raw:
        return _arrow_to_frame(raw["dataframe"])
    raise TypeError("unknown component value type")


def encode_value(value: Any) -> dict[str, Any]:
    """What a page would report for ``value`` (AppTest stages values this way)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return {"bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if _is_frame(value):
        return {"dataframe": {"data": frame_to_arrow("component value", value)["data"]}}
    return {"json": value}
