"""Cache keys: a type-aware encoding of values into bytes, hashed with XXH3-128.

Every value is written as a type tag plus its content, so ``1``, ``1.0``, ``True`` and
``"1"`` never collide. Large buffers (bytes, numpy arrays, pandas columns) are hashed
in place and only their 16-byte digest joins the key material. numpy and pandas are
never imported here: a value can only be one of theirs if its module is loaded.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import fractions
import functools
import inspect
import io
import os
import pickle
import struct
import sys
import types
import uuid
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any

import attrs
import xxhash

from plugins.caching._errors import UnhashableParamError

__all__ = ["ArgumentHasher", "HashFuncs", "function_identity"]

HashFuncs = Mapping[type | str, Callable[[Any], Any]]
"""``hash_funcs``: a type (or its ``"module.QualName"``) mapped to a function whose result
is hashed instead of the value."""

_INLINE_BYTES = 4096
"""Buffers longer than this are hashed separately and contribute their digest."""

_digest = xxhash.xxh3_128_digest
_pack_double = struct.Struct("<d").pack


class _Unhashable(Exception):
    """Internal: ``value`` cannot be hashed; turned into :class:`UnhashableParamError`."""

    def __init__(self, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.value = value
        self.reason = reason


@functools.lru_cache(maxsize=4096)
def _code_identity(module: str, qualname: str, code: types.CodeType) -> bytes:
    try:
        source = inspect.getsource(code)
    except (OSError, TypeError):
        source = repr((code.co_code, code.co_consts, code.co_names))
    return _digest(f"{module}\0{qualname}\0{source}".encode("utf-8", "surrogatepass"))


def function_identity(func: Callable[..., Any]) -> bytes:
    """16 bytes naming a function by module, qualified name and source (bytecode without source).

    Editing the function's body (or its decorator line) changes it; two identical
    nested functions of one module share it.
    """
    func = inspect.unwrap(func)
    code = getattr(func, "__code__", None)
    module = getattr(func, "__module__", None) or ""
    qualname = getattr(func, "__qualname__", None) or getattr(func, "__name__", "")
    if code is None:
        return _digest(f"{module}\0{qualname}".encode())
    return _code_identity(module, qualname, code)


class _Writer:
    """Writes values into one key buffer; holds the per-call cycle memo."""

    __slots__ = ("buf", "hash_funcs", "stack")

    def __init__(self, hash_funcs: HashFuncs | None) -> None:
        self.buf = bytearray()
        self.hash_funcs = hash_funcs
        self.stack: dict[int, int] = {}

    def write(self, obj: Any) -> None:
        if self.hash_funcs:
            func = _lookup_hash_func(self.hash_funcs, type(obj))
            if func is not None:
                self.buf += b"X"
                try:
                    replacement = func(obj)
                except Exception as exc:
                    raise _Unhashable(obj, f"its hash_funcs entry raised {type(exc).__name__}: {exc}") from exc
                self.write(replacement)
                return
        writer = _EXACT.get(type(obj))
        if writer is not None:
            writer(self, obj)
        else:
            _write_other(self, obj)

    def enter(self, obj: Any) -> bool:
        """Start a container; ``False`` (after writing a back reference) if it is already open."""
        depth = self.stack.get(id(obj))
        if depth is not None:
            self.buf += b"@%d;" % depth
            return False
        self.stack[id(obj)] = len(self.stack)
        return True

    def leave(self, obj: Any) -> None:
        del self.stack[id(obj)]


def _lookup_hash_func(hash_funcs: HashFuncs, tp: type) -> Callable[[Any], Any] | None:
    func = hash_funcs.get(tp)
    if func is None:
        func = hash_funcs.get(f"{tp.__module__}.{tp.__qualname__}")
    return func


def _w_none(w: _Writer, obj: None) -> None:
    w.buf += b"N"


def _w_bool(w: _Writer, obj: bool) -> None:
    w.buf += b"T" if obj else b"F"


def _w_int(w: _Writer, obj: int) -> None:
    w.buf += b"i%d;" % obj


def _w_float(w: _Writer, obj: float) -> None:
    w.buf += b"f"
    w.buf += _pack_double(obj)


def _w_str(w: _Writer, obj: str) -> None:
    data = obj.encode("utf-8", "surrogatepass")
    w.buf += b"s%d:" % len(data)
    w.buf += data


def _w_bytes(w: _Writer, obj: bytes | bytearray) -> None:
    if type(obj) is not bytes:
        w.buf += b"a"
    if len(obj) > _INLINE_BYTES:
        w.buf += b"H"
        w.buf += _digest(obj)
    else:
        w.buf += b"b%d:" % len(obj)
        w.buf += obj


def _w_memoryview(w: _Writer, obj: memoryview) -> None:
    _w_bytes(w, obj if obj.c_contiguous else obj.tobytes())  # type: ignore[arg-type]


def _w_sequence(w: _Writer, obj: list[Any] | tuple[Any, ...]) -> None:
    if not w.enter(obj):
        return
    w.buf += b"(%d" % len(obj) if type(obj) is tuple else b"[%d" % len(obj)
    for item in obj:
        w.write(item)
    w.buf += b")"
    w.leave(obj)


def _w_dict(w: _Writer, obj: dict[Any, Any]) -> None:
    if not w.enter(obj):
        return
    w.buf += b"{%d" % len(obj)
    try:
        items = sorted(obj.items(), key=lambda kv: kv[0])
    except TypeError:
        items = list(obj.items())
    for key, value in items:
        w.write(key)
        w.write(value)
    w.buf += b"}"
    w.leave(obj)


def _w_set(w: _Writer, obj: set[Any] | frozenset[Any]) -> None:
    if not w.enter(obj):
        return
    digests = []
    for item in obj:
        sub = _Writer(w.hash_funcs)
        sub.stack = w.stack
        sub.write(item)
        digests.append(_digest(sub.buf))
    digests.sort()
    w.buf += b"<%d" % len(digests) if type(obj) is set else b">%d" % len(digests)
    for d in digests:
        w.buf += d
    w.leave(obj)


_EXACT: dict[type, Callable[[_Writer, Any], None]] = {
    type(None): _w_none,
    bool: _w_bool,
    int: _w_int,
    float: _w_float,
    str: _w_str,
    bytes: _w_bytes,
    bytearray: _w_bytes,
    memoryview: _w_memoryview,
    tuple: _w_sequence,
    list: _w_sequence,
    dict: _w_dict,
    set: _w_set,
    frozenset: _w_set,
}

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


def _type_name(tp: type) -> bytes:
    return f"{tp.__module__}.{tp.__qualname__}".encode()


def _write_other(w: _Writer, obj: Any) -> None:
    tp = type(obj)
    buf = w.buf
    if isinstance(obj, enum.Enum):
        buf += b"E" + _type_name(tp) + b"." + obj.name.encode() + b";"
        return
    if isinstance(obj, _REPR_TYPES):
        buf += b"R" + _type_name(tp) + b":" + repr(obj).encode() + b";"
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
            buf += b"S" + _type_name(tp) + b";"
            _EXACT[base](w, obj)
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


def _write_fields(w: _Writer, obj: Any, names: list[str]) -> None:
    if not w.enter(obj):
        return
    w.buf += b"O" + _type_name(type(obj)) + b"%d" % len(names)
    for name in names:
        w.write(getattr(obj, name))
    w.buf += b";"
    w.leave(obj)


def _write_callable(w: _Writer, obj: Any) -> None:
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


def _write_path(w: _Writer, path: PurePath) -> None:
    w.buf += b"p" + os.fsencode(str(path)) + b"\0"
    try:
        stat = os.stat(path)
    except (OSError, TypeError):
        return
    w.buf += b"%d;%d;" % (stat.st_mtime_ns, stat.st_size)
    if os.path.isfile(path):
        with open(path, "rb") as f:
            w.buf += _digest(f.read())


def _write_file(w: _Writer, obj: io.IOBase) -> None:
    if isinstance(obj, io.BytesIO):
        w.buf += b"y"
        _w_bytes(w, obj.getbuffer())  # type: ignore[arg-type]
        return
    if isinstance(obj, io.StringIO):
        w.buf += b"z"
        _w_str(w, obj.getvalue())
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
    raise _Unhashable(obj, "it is a stream that is not a file on disk")


def _write_numpy(w: _Writer, obj: Any, np: Any) -> None:
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
    w.buf += _digest(arr.view(np.uint8) if arr.ndim else arr.tobytes())


def _write_pandas(w: _Writer, obj: Any, pd: Any, np: Any) -> None:
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


def _write_column_values(w: _Writer, values: Any, pd: Any, np: Any) -> None:
    """One column (a Series or an Index): raw memory for numpy dtypes, the joined text of string
    columns, pandas' own row hash otherwise."""
    w.buf += b"%d;" % len(values)
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and not dtype.hasobject:
        arr = np.ascontiguousarray(values.to_numpy())
        w.buf += _digest(arr.view(np.uint8))
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
            w.buf += _digest(joined.encode("utf-8", "surrogatepass"))
            return
    try:
        hashed = pd.util.hash_pandas_object(values, index=False, categorize=True)
    except TypeError as exc:
        raise _Unhashable(values, f"a column holds values pandas cannot hash ({exc})") from exc
    w.buf += _digest(np.ascontiguousarray(hashed.to_numpy()).view(np.uint8))


def _write_pickled(w: _Writer, obj: Any) -> None:
    try:
        data = pickle.dumps(obj, protocol=5)
    except Exception as exc:
        raise _Unhashable(obj, f"it has no known hash and cannot be pickled ({type(exc).__name__}: {exc})") from exc
    w.buf += b"K" + _type_name(type(obj)) + b":"
    _w_bytes(w, data)


class ArgumentHasher:
    """Turns the arguments of one cached function's call into a 32-character key.

    Positional arguments count under their parameter names, so ``f(1, b=2)`` and
    ``f(a=1, b=2)`` share a key; parameters whose name starts with ``_`` are left out.
    """

    def __init__(self, func: Callable[..., Any], hash_funcs: HashFuncs | None = None) -> None:
        self._func_name = getattr(func, "__qualname__", repr(func))
        self._hash_funcs = dict(hash_funcs) if hash_funcs else None
        try:
            params = list(inspect.signature(func).parameters.values())
        except (TypeError, ValueError):
            params = []
        kinds = inspect.Parameter
        self._positional = [p.name for p in params if p.kind in (kinds.POSITIONAL_ONLY, kinds.POSITIONAL_OR_KEYWORD)]
        var = [p.name for p in params if p.kind is kinds.VAR_POSITIONAL]
        self._var_positional = var[0] if var else None
        self._order = {p.name: i for i, p in enumerate(params)}
        self._tags = {name: b"=%s;" % name.encode() for name in self._order}

    def key(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> str:
        """The cache key of a call with these arguments; :class:`UnhashableParamError` if one can't be hashed."""
        w = _Writer(self._hash_funcs)
        positional = self._positional
        tags = self._tags
        for i, value in enumerate(args):
            if i < len(positional):
                name = positional[i]
                if name[0] == "_":
                    continue
                w.buf += tags[name]
            else:
                name = f"{self._var_positional or '*'}[{i - len(positional)}]"
                if name[0] == "_":
                    continue
                w.buf += b"=%s;" % name.encode()
            self._write_arg(w, name, value)
        if kwargs:
            order = self._order
            for name in sorted(kwargs, key=lambda n: (order.get(n, len(order)), n)):
                if name[0] == "_":
                    continue
                w.buf += b"=%s;" % name.encode()
                self._write_arg(w, name, kwargs[name])
        return xxhash.xxh3_128_hexdigest(w.buf)

    def _write_arg(self, w: _Writer, name: str, value: Any) -> None:
        try:
            w.write(value)
        except _Unhashable as exc:
            raise self._error(name, value, exc.value, exc.reason) from exc
        except RecursionError as exc:
            raise self._error(name, value, value, "it is nested too deeply") from exc

    def _error(self, name: str, value: Any, culprit: Any, reason: str) -> UnhashableParamError:
        inner = "" if culprit is value else f" (it contains a {type(culprit).__qualname__}, which cannot be hashed)"
        tp = type(value)
        return UnhashableParamError(
            f"Cannot hash argument '{name}' (of type {tp.__module__}.{tp.__qualname__}) in "
            f"'{self._func_name}': {reason}{inner}. To fix this, either add a leading underscore to the "
            f"parameter's name ('_{name}') so it is left out of the cache key, or pass "
            f"hash_funcs={{{tp.__qualname__}: lambda v: ...}} to the cache decorator to say how to hash it."
        )
