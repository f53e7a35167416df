"""Key material for values that are not builtin containers or scalars.

Enums, dates and other value types by ``repr``; numpy arrays and pandas objects by their
memory (numpy and pandas are never imported here: a value can only be one of theirs if
its module is loaded); paths and files by name, mtime and content; functions by source;
dataclasses and attrs instances by their fields; anything else by its pickle.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import fractions
import functools
import io
import os
import pickle
import sys
import types
import uuid
from pathlib import PurePath
from typing import Any

import attrs

from kernel_plugins.caching_api._encode_builtins import EXACT, Unhashable, Writer, digest, function_identity, type_name

__all__ = ["write_other"]

_REPR_TYPES = (
    complex,
    range,
    slice,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    decimal.Decimal,
    fractions.Fraction,
    uuid.UUID,
)


def write_other(w: Writer, obj: Any) -> None:
    """Write ``obj``, of a type the builtin writers do not know, into ``w``."""
    tp = type(obj)
    buf = w.buf
    if isinstance(obj, enum.Enum):
        buf += b"E" + type_name(tp) + b"." + obj.name.encode() + b";"
        return
    if isinstance(obj, _REPR_TYPES):
        buf += b"R" + type_name(tp) + b":" + repr(obj).encode() + b";"
        return
    np = sys.modules.get("numpy")
    if np is not None and isinstance(obj, np.ndarray | np.generic):
        _write_numpy(w, obj, np)
        return
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(obj, pd.DataFrame | pd.Series | pd.Index):
        _write_pandas(w, obj, pd, np)
        return
    for base in (bool, int, float, str, bytes, tuple, list, dict, set, frozenset):
        if isinstance(obj, base):
            buf += b"S" + type_name(tp) + b";"
            EXACT[base](w, obj)
            if hasattr(obj, "__dict__") and obj.__dict__:
                w.write(obj.__dict__)
            return
    if isinstance(obj, PurePath):
        _write_path(w, obj)
        return
    if isinstance(obj, io.IOBase):
        _write_file(w, obj)
        return
    if isinstance(obj, types.FunctionType | types.MethodType | functools.partial):
        _write_callable(w, obj)
        return
    if isinstance(obj, types.BuiltinFunctionType | type | types.ModuleType):
        name = getattr(obj, "__qualname__", None) or obj.__name__
        buf += b"Q" + f"{getattr(obj, '__module__', '')}.{name}".encode() + b";"
        return
    if dataclasses.is_dataclass(obj):
        _write_fields(w, obj, [f.name for f in dataclasses.fields(obj)])
        return
    if attrs.has(tp):
        _write_fields(w, obj, [a.name for a in attrs.fields(tp)])
        return
    _write_pickled(w, obj)


def _write_fields(w: Writer, obj: Any, names: list[str]) -> None:
    if not w.enter(obj):
        return
    w.buf += b"O" + type_name(type(obj)) + b"%d" % len(names)
    for name in names:
        w.write(getattr(obj, name))
    w.buf += b";"
    w.leave(obj)


def _write_callable(w: Writer, obj: Any) -> None:
    if isinstance(obj, functools.partial):
        w.buf += b"P"
        _write_callable(w, obj.func)
        w.write(obj.args)
        w.write(obj.keywords)
    elif isinstance(obj, types.MethodType):
        w.buf += b"M"
        _write_callable(w, obj.__func__)
        w.write(obj.__self__)
    else:
        w.buf += b"C" + function_identity(obj)


def _write_path(w: Writer, path: PurePath) -> None:
    w.buf += b"p" + os.fsencode(str(path)) + b"\0"
    try:
        stat = os.stat(path)
    except (OSError, TypeError):
        return
    w.buf += b"%d;%d;" % (stat.st_mtime_ns, stat.st_size)
    if os.path.isfile(path):
        with open(path, "rb") as f:
            w.buf += digest(f.read())


def _write_file(w: Writer, obj: io.IOBase) -> None:
    if isinstance(obj, io.BytesIO):
        w.buf += b"y"
        EXACT[bytes](w, obj.getbuffer())
        return
    if isinstance(obj, io.StringIO):
        w.buf += b"z"
        EXACT[str](w, obj.getvalue())
        return
    name = getattr(obj, "name", None)
    if isinstance(name, str | bytes) and os.path.isfile(name):
        from pathlib import Path

        w.buf += b"F"
        _write_path(w, Path(os.fsdecode(name)))
        try:
            w.buf += b"%d;" % obj.tell()
        except (OSError, ValueError):
            pass
        return
    raise Unhashable(obj, "it is a stream that is not a file on disk")


def _write_numpy(w: Writer, obj: Any, np: Any) -> None:
    if isinstance(obj, np.generic):
        w.buf += b"n" + str(obj.dtype).encode() + b":"
        if obj.dtype.hasobject:
            w.write(obj.item())
        else:
            w.buf += obj.tobytes()
        return
    w.buf += b"A" + str(obj.dtype).encode() + repr(obj.shape).encode()
    if obj.dtype.hasobject:
        w.write(obj.tolist())
        return
    arr = np.ascontiguousarray(obj)
    w.buf += digest(arr.view(np.uint8) if arr.ndim else arr.tobytes())


def _write_pandas(w: Writer, obj: Any, pd: Any, np: Any) -> None:
    if isinstance(obj, pd.DataFrame):
        w.buf += b"D%d;" % len(obj.columns)
        _write_pandas(w, obj.columns, pd, np)
        _write_pandas(w, obj.index, pd, np)
        for _, column in obj.items():
            w.buf += str(column.dtype).encode() + b":"
            _write_column_values(w, column, pd, np)
        return
    if isinstance(obj, pd.Series):
        w.buf += b"L" + str(obj.dtype).encode() + b":"
        w.write(obj.name)
        _write_pandas(w, obj.index, pd, np)
        _write_column_values(w, obj, pd, np)
        return
    # an Index
    if isinstance(obj, pd.RangeIndex):
        w.buf += b"r%d:%d:%d;" % (obj.start, obj.stop, obj.step)
        return
    w.buf += b"I" + str(obj.dtype).encode() + b":"
    w.write(list(obj.names))
    _write_column_values(w, obj, pd, np)


def _write_column_values(w: Writer, values: Any, pd: Any, np: Any) -> None:
    """One column (a Series or an Index): raw memory for numpy dtypes, the joined text of string
    columns, pandas' own row hash otherwise."""
    w.buf += b"%d;" % len(values)
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and not dtype.hasobject:
        arr = np.ascontiguousarray(values.to_numpy())
        w.buf += digest(arr.view(np.uint8))
        return
    arr = values.to_numpy()
    if arr.dtype == object and len(arr):
        try:
            joined = "\0".join(arr)
        except TypeError:  # not all strings
            joined = None
        # Unambiguous only when no string holds the separator itself.
        if joined is not None and joined.count("\0") == len(arr) - 1:
            w.buf += b"j"
            w.buf += digest(joined.encode("utf-8", "surrogatepass"))
            return
    try:
        hashed = pd.util.hash_pandas_object(values, index=False, categorize=True)
    except TypeError as exc:
        raise Unhashable(values, f"a column holds values pandas cannot hash ({exc})") from exc
    w.buf += digest(np.ascontiguousarray(hashed.to_numpy()).view(np.uint8))


def _write_pickled(w: Writer, obj: Any) -> None:
    try:
        data = pickle.dumps(obj, protocol=5)
    except Exception as exc:
        raise Unhashable(obj, f"it has no known hash and cannot be pickled ({type(exc).__name__}: {exc})") from exc
    w.buf += b"K" + type_name(type(obj)) + b":"
    EXACT[bytes](w, data)
