"""Import on first use: ``"package.module:attribute"`` references and lazily exported names.

Start-up time of ``kernel run`` is spent importing modules. Plugins use these helpers to
name what they provide without importing it: an ``st`` command's target (see
:meth:`kernel.Command.load`) or a name a plugin package exports for tests and tools.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["import_reference", "lazy_exports"]


def import_reference(reference: str) -> Any:
    """The object ``reference`` names: ``"package.module:attribute"`` (the attribute may be dotted)."""
    module_name, colon, attribute = reference.partition(":")
    if not (colon and module_name and attribute):
        raise ValueError(f"{reference!r} is not a reference \"package.module:attribute\"")
    found: Any = importlib.import_module(module_name)
    for part in attribute.split("."):
        found = getattr(found, part)
    return found


def lazy_exports(module_name: str, references: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports each name in ``references`` on first access.

    Use it in a package's ``__init__``: ``__getattr__ = lazy_exports(__name__, {"Name":
    "package._impl:Name"})``. The imported object is stored in the module, so later
    accesses cost nothing.
    """

    def __getattr__(name: str) -> Any:
        reference = references.get(name)
        if reference is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        found = import_reference(reference)
        setattr(sys.modules[module_name], name, found)
        return found

    return __getattr__
