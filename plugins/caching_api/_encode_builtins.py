"""Key material: a type-aware encoding of values into bytes, hashed with XXH3-128.

Every value is written as a type tag plus its content, so ``1``, ``1.0``, ``True`` and
``"1"`` never collide. Large buffers are hashed in place and only their 16-byte digest
joins the key material. This module writes the builtin types and hands every other
value to the writer's ``other`` function (``_encode_other.write_other``, passed in by
``_call_keys``), so it imports neither.
"""

from __future__ import annotations

import functools
import inspect
import struct
import types
from collections.abc import Callable, Mapping
from typing import Any

import xxhash

__all__ = ["EXACT", "HashFuncs", "Unhashable", "WriteOther", "Writer", "digest", "function_identity", "type_name"]

HashFuncs = Mapping[type | str, Callable[[Any], Any]]
"""``hash_funcs``: a type (or its ``"module.QualName"``) mapped to a function whose result
is hashed instead of the value."""

_INLINE_BYTES = 4096
"""Buffers longer than this are hashed separately and contribute their digest."""

digest = xxhash.xxh3_128_digest
_pack_double = struct.Struct("<d").pack


class Unhashable(Exception):
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
    return digest(f"{module}\0{qualname}\0{source}".encode("utf-8", "surrogatepass"))


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
        return digest(f"{module}\0{qualname}".encode())
    return _code_identity(module, qualname, code)


WriteOther = Callable[["Writer", Any], None]
"""Writes a value of a type :data:`EXACT` does not know into a :class:`Writer`."""


class Writer:
    """Writes values into one key buffer; holds the per-call cycle memo.

    ``other`` writes every value of a type that is not a builtin scalar or container.
    """

    __slots__ = ("buf", "hash_funcs", "other", "stack")

    def __init__(self, hash_funcs: HashFuncs | None, other: WriteOther) -> None:
        self.buf = bytearray()
        self.hash_funcs = hash_funcs
        self.other = other
        self.stack: dict[int, int] = {}

    def write(self, obj: Any) -> None:
        """Append ``obj``'s key material to :attr:`buf`; :class:`Unhashable` if it has none."""
        if self.hash_funcs:
            func = _lookup_hash_func(self.hash_funcs, type(obj))
            if func is not None:
                self.buf += b"X"
                try:
                    replacement = func(obj)
                except Exception as exc:
                    raise Unhashable(obj, f"its hash_funcs entry raised {type(exc).__name__}: {exc}") from exc
                self.write(replacement)
                return
        writer = EXACT.get(type(obj))
        if writer is not None:
            writer(self, obj)
        else:
            self.other(self, obj)  # the slow path, for any other type

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


def _w_none(w: Writer, obj: None) -> None:
    w.buf += b"N"


def _w_bool(w: Writer, obj: bool) -> None:
    w.buf += b"T" if obj else b"F"


def _w_int(w: Writer, obj: int) -> None:
    w.buf += b"i%d;" % obj


def _w_float(w: Writer, obj: float) -> None:
    w.buf += b"f"
    w.buf += _pack_double(obj)


def _w_str(w: Writer, obj: str) -> None:
    data = obj.encode("utf-8", "surrogatepass")
    w.buf += b"s%d:" % len(data)
    w.buf += data


def _w_bytes(w: Writer, obj: bytes | bytearray) -> None:
    if type(obj) is not bytes:
        w.buf += b"a"
    if len(obj) > _INLINE_BYTES:
        w.buf += b"H"
        w.buf += digest(obj)
    else:
        w.buf += b"b%d:" % len(obj)
        w.buf += obj


def _w_memoryview(w: Writer, obj: memoryview) -> None:
    _w_bytes(w, obj if obj.c_contiguous else obj.tobytes())  # type: ignore[arg-type]


def _w_sequence(w: Writer, obj: list[Any] | tuple[Any, ...]) -> None:
    if not w.enter(obj):
        return
    w.buf += b"(%d" % len(obj) if type(obj) is tuple else b"[%d" % len(obj)
    for item in obj:
        w.write(item)
    w.buf += b")"
    w.leave(obj)


def _w_dict(w: Writer, obj: dict[Any, Any]) -> None:
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


def _w_set(w: Writer, obj: set[Any] | frozenset[Any]) -> None:
    if not w.enter(obj):
        return
    digests = []
    for item in obj:
        sub = Writer(w.hash_funcs, w.other)
        sub.stack = w.stack
        sub.write(item)
        digests.append(digest(sub.buf))
    digests.sort()
    w.buf += b"<%d" % len(digests) if type(obj) is set else b">%d" % len(digests)
    for d in digests:
        w.buf += d
    w.leave(obj)


EXACT: dict[type, Callable[[Writer, Any], None]] = {
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


def type_name(tp: type) -> bytes:
    return f"{tp.__module__}.{tp.__qualname__}".encode()
