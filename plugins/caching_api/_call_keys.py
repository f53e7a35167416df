"""Cache keys of calls: the arguments, by parameter name, hashed with XXH3-128.

The encoding of values lives in ``_encode_builtins`` (builtin types) and
``_encode_other`` (everything else, imported on the first value that needs it).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import xxhash

from kernel_plugins.caching_api._encode_builtins import HashFuncs, Unhashable, Writer, function_identity
from kernel_plugins.caching_api._errors import UnhashableParamError

__all__ = ["ArgumentHasher", "HashFuncs", "function_identity"]


def _write_other(w: Writer, obj: Any) -> None:
    """Write a value that is not a builtin scalar or container (imports its writers on first use)."""
    from kernel_plugins.caching_api._encode_other import write_other

    write_other(w, obj)


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
        w = Writer(self._hash_funcs, _write_other)
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

    def _write_arg(self, w: Writer, name: str, value: Any) -> None:
        try:
            w.write(value)
        except Unhashable as exc:
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
