"""Which class ``st.connection`` makes: from ``type=``, the secrets, the name, or an entry point.

Third-party connection types register in the ``kernel.connections`` entry-point group
(name = the ``type=`` string, value = ``"package.module:ClassName"``), read only when a
script asks for a type that is not built in.
"""

from __future__ import annotations

import importlib
from importlib import metadata
from typing import Any

from kernel_plugins.connections._base import BaseConnection, connection_secrets
from kernel_plugins.connections._errors import ConnectionTypeError

__all__ = ["ENTRY_POINT_GROUP", "registered_types", "resolve_type"]

ENTRY_POINT_GROUP = "kernel.connections"

_HOW = ("pass type='sql', a BaseConnection subclass, or the import path of one ('package.module.ClassName'), "
        "or set type = \"...\" in [connections.{name}] of secrets.toml")


def _builtin() -> dict[str, type[BaseConnection[Any]]]:
    from kernel_plugins.connections._sql import SQLConnection

    return {"sql": SQLConnection}


def registered_types() -> dict[str, metadata.EntryPoint]:
    """The connection types installed distributions register (``kernel.connections`` entry points)."""
    return {ep.name: ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}


def _known_names() -> list[str]:
    return sorted({*_builtin(), *registered_types()})


def _check_class(where: str, found: Any, origin: str) -> type[BaseConnection[Any]]:
    if isinstance(found, type) and issubclass(found, BaseConnection):
        return found
    raise ConnectionTypeError(
        f"{where}: {origin} is {found!r}, not a subclass of st.connections.BaseConnection. A connection type "
        "subclasses BaseConnection and implements _connect(**kwargs)."
    )


def _load_entry_point(where: str, ep: metadata.EntryPoint) -> type[BaseConnection[Any]]:
    dist = getattr(ep.dist, "name", None) or "?"
    try:
        found = ep.load()
    except Exception as exc:
        raise ConnectionTypeError(
            f"{where}: the connection type {ep.name!r} registered by the distribution {dist!r} "
            f"({ep.value}) could not be imported: {type(exc).__name__}: {exc}. Reinstall that package, or "
            "uninstall it if you do not use it."
        ) from exc
    return _check_class(where, found, f"the connection type {ep.name!r} of the distribution {dist!r}")


def _import_path(where: str, path: str) -> type[BaseConnection[Any]]:
    module_name, sep, attr = path.partition(":")
    if not sep:
        module_name, _, attr = path.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise ConnectionTypeError(
            f"{where}: the connection type {path!r} cannot be imported: no module named {exc.name!r}. Install "
            f"the package that provides it (pip install ...), or check the spelling. Known types: "
            f"{', '.join(_known_names())}."
        ) from None
    try:
        found = getattr(module, attr)
    except AttributeError:
        raise ConnectionTypeError(
            f"{where}: the module {module_name!r} has no connection class {attr!r}; check the type's "
            "spelling ('package.module.ClassName')."
        ) from None
    return _check_class(where, found, repr(path))


def resolve_type(name: str, type_: Any) -> type[BaseConnection[Any]]:
    """The connection class for ``st.connection(name, type=type_)``; :class:`ConnectionTypeError` if none."""
    where = f"st.connection({name!r})"
    if type_ is None:
        type_ = connection_secrets(name).get("type")
    if type_ is None:
        builtin = _builtin()
        if name in builtin:
            return builtin[name]
        registered = registered_types()
        if name in registered:
            return _load_entry_point(where, registered[name])
        raise ConnectionTypeError(
            f"{where}: cannot tell which type of connection to make: {_HOW.format(name=name)}. Known types: "
            f"{', '.join(_known_names())}."
        )
    if isinstance(type_, type):
        return _check_class(where, type_, f"type={type_.__qualname__}")
    if not isinstance(type_, str) or not type_:
        raise ConnectionTypeError(f"{where}: type={type_!r} is not a connection type; {_HOW.format(name=name)}.")
    builtin = _builtin()
    if type_ in builtin:
        return builtin[type_]
    registered = registered_types()
    if type_ in registered:
        return _load_entry_point(where, registered[type_])
    if "." in type_ or ":" in type_:
        return _import_path(where, type_)
    raise ConnectionTypeError(
        f"{where}: unknown connection type {type_!r}. Known types: {', '.join(_known_names())}; a third-party "
        f"type is registered by its package in the {ENTRY_POINT_GROUP!r} entry-point group, or given as an "
        "import path ('package.module.ClassName')."
    )
