"""Whether a script builds an ASGI application, read from its source without running it.

``kernel run serve.py`` serves ``serve.py`` with uvicorn when the file assigns, at module
level, an ``st.App`` (or a FastAPI or Starlette application, as ``streamlit run`` does) to a
name. The constructor is recognised through the file's imports (``from kernel import st``,
``import streamlit as st``, ``from fastapi import FastAPI``, ...), so a class of your own that
happens to be called ``App`` is not mistaken for one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import attrs

KNOWN_APPS: dict[str, str] = {
    "kernel.st.App": "st.App",
    "streamlit.App": "st.App",
    "kernel_contrib.asgi._app.App": "st.App",
    "fastapi.FastAPI": "FastAPI",
    "fastapi.applications.FastAPI": "FastAPI",
    "starlette.applications.Starlette": "Starlette",
}
"""Dotted names of ASGI application classes, and how messages call them."""
PREFERRED_NAMES = ("app", "streamlit_app")
"""Names looked at first when a file builds more than one application."""


@attrs.frozen
class FoundApp:
    """An application a script builds: the name it is bound to, its class, the line."""

    name: str
    kind: str
    line: int


@attrs.frozen
class Discovery:
    """What :func:`discover` found: the app to serve (if any) and calls it cannot serve."""

    app: FoundApp | None
    unassigned: tuple[FoundApp, ...] = ()
    """Applications built elsewhere than in a module-level assignment (inside a function,
    under ``if __name__ == "__main__":``): ``kernel run`` cannot import them."""


def _imports(tree: ast.Module) -> dict[str, str]:
    """Local names bound by the module's imports, mapped to what they import (dotted)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _app_kind(call: ast.Call, imports: dict[str, str]) -> str | None:
    """``"st.App"``, ``"FastAPI"`` or ``"Starlette"`` if ``call`` builds one, else ``None``."""
    dotted = _dotted(call.func)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    if head not in imports:
        return None
    full = imports[head] + (f".{rest}" if rest else "")
    return KNOWN_APPS.get(full)


def discover(source: str) -> Discovery:
    """The application ``source`` binds at module level (preferring ``app``, then
    ``streamlit_app``, then the first one), and the ones it builds where ``kernel run``
    cannot reach them. A file that does not parse builds none (the runtime reports it)."""
    if not any(word in source for word in ("App", "FastAPI", "Starlette")):
        return Discovery(None)  # a plain script: not worth parsing on every `kernel run`
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return Discovery(None)
    imports = _imports(tree)
    assigned: list[FoundApp] = []
    top_calls: set[int] = set()
    for statement in tree.body:
        value: ast.expr | None
        targets: list[ast.expr]
        if isinstance(statement, ast.Assign):
            value, targets = statement.value, statement.targets
        elif isinstance(statement, ast.AnnAssign):
            value, targets = statement.value, [statement.target]
        else:
            continue
        if not isinstance(value, ast.Call):
            continue
        kind = _app_kind(value, imports)
        if kind is None:
            continue
        top_calls.add(id(value))
        assigned += [FoundApp(t.id, kind, statement.lineno) for t in targets if isinstance(t, ast.Name)]
    others = tuple(FoundApp("", kind, node.lineno) for node in ast.walk(tree)
                   if isinstance(node, ast.Call) and id(node) not in top_calls
                   and (kind := _app_kind(node, imports)) is not None)
    by_name = {found.name: found for found in reversed(assigned)}
    chosen = next((by_name[n] for n in PREFERRED_NAMES if n in by_name), assigned[0] if assigned else None)
    return Discovery(chosen, others)


def discover_file(path: Path) -> Discovery:
    """:func:`discover` on a file (one that cannot be read as UTF-8 builds none)."""
    try:
        return discover(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return Discovery(None)
