"""Import a module while a light stand-in answers for one heavy module it imports.

Some libraries import a heavy module at import time for one small answer: trio asks
``ctypes.util.find_library("pthread")`` (an ``ldconfig`` child process and shutil, tempfile...),
trio-websocket asks ``importlib.metadata.version("trio")`` (email, zipfile, csv and a scan of
every installed distribution). Each is milliseconds of every ``kernel run``'s start-up.

:func:`import_with_stand_in` puts a stand-in module at that name in ``sys.modules`` (and as
its package's attribute) for as long as the import takes. The stand-in has the attributes
the caller gives it, functions answering the questions it knows cheaply; every other
attribute except the dunder names the import system asks (``__file__``, ``__all__``...), and
every question those functions pass on, goes to the real module, imported then.
Afterwards the stand-in is gone from ``sys.modules`` and from its package, so later imports
load the real module; code that kept the stand-in holds a module that forwards to the real
one. When the heavy module (or the one to import) is already loaded, nothing is put in
place. :func:`standing_in` does the same for a ``with`` block.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from typing import Any, TypeAlias

__all__ = ["Answers", "import_with_stand_in", "standing_in"]

Answers: TypeAlias = Callable[[Callable[[], types.ModuleType]], Mapping[str, Any]]
"""What a stand-in knows: called with ``real`` (imports and returns the real module), it
returns the stand-in's attributes, typically functions answering what they can and handing
the rest to ``real()``."""

_lock = threading.Lock()
"""Held while a stand-in is placed in ``sys.modules`` or taken out (never during an import:
the import system's own per-module locks order those)."""


def _submodules(stand_in: types.ModuleType) -> dict[str, types.ModuleType]:
    """The submodules imported under a package stand-in: name in the package -> module."""
    prefix = stand_in.__name__ + "."
    return {child: value for child, value in vars(stand_in).items()
            if isinstance(value, types.ModuleType) and value.__name__ == prefix + child
            and sys.modules.get(value.__name__) is value}


def _make_stand_in(name: str, answers: Answers) -> types.ModuleType:
    stand_in = types.ModuleType(name, f"Stands in for {name} while another module imports.")
    loaded: list[types.ModuleType] = []

    def real() -> types.ModuleType:
        if loaded:
            return loaded[0]
        with _lock:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
        module = importlib.import_module(name)
        # Submodules imported meanwhile are the real package's too (the import system binds a
        # submodule to its package only when it loads it).
        for child, submodule in _submodules(stand_in).items():
            vars(module).setdefault(child, submodule)
        loaded[:] = [module]
        return module

    def __getattr__(attribute: str) -> Any:  # noqa: N807 (a module's attribute hook, PEP 562)
        if attribute.startswith("__"):
            raise AttributeError(attribute)  # the import system's questions get the stand-in's answer
        return getattr(real(), attribute)

    vars(stand_in).update(answers(real))
    stand_in.__getattr__ = __getattr__  # type: ignore[method-assign]
    spec = importlib.util.find_spec(name)
    if spec is not None and spec.submodule_search_locations is not None:
        # A package: its submodules imported meanwhile load from the real package's folders.
        stand_in.__path__ = list(spec.submodule_search_locations)
    return stand_in


@contextmanager
def _standing_in(name: str, answers: Answers) -> Iterator[None]:
    package_name, _, child = name.rpartition(".")
    package = importlib.import_module(package_name) if package_name else None
    stand_in: types.ModuleType | None = None
    with _lock:
        if name not in sys.modules:
            stand_in = sys.modules[name] = _make_stand_in(name, answers)
            if package is not None and child not in vars(package):
                setattr(package, child, stand_in)  # what `import package.child` reads afterwards
    try:
        yield
    finally:
        if stand_in is not None:
            with _lock:
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
                    # The real package never loaded: submodules imported under the stand-in
                    # belong to no package, so a later import loads them with the real one.
                    for submodule in _submodules(stand_in).values():
                        del sys.modules[submodule.__name__]
                if package is not None and vars(package).get(child) is stand_in:
                    delattr(package, child)


@contextmanager
def standing_in(stand_ins: Mapping[str, Answers]) -> Iterator[None]:
    """For the ``with`` block, a stand-in at each module name of ``stand_ins`` (made from its
    :data:`Answers`): in ``sys.modules`` and as its package's attribute, unless that module is
    already imported; gone afterwards, whatever happened in the block."""
    with ExitStack() as stack:
        for name, answers in stand_ins.items():
            stack.enter_context(_standing_in(name, answers))
        yield


def import_with_stand_in(module: str, stand_ins: Mapping[str, Answers]) -> None:
    """Import ``module`` with a stand-in at each module name of ``stand_ins`` for as long as
    the import takes; then ``import module`` finds it loaded.

    Each :data:`Answers` gives its stand-in's attributes: typically the one or two functions
    ``module`` calls while it imports, answering the cases they know and handing the rest to
    ``real()``, which imports and returns the real module. Any other attribute of a stand-in
    but dunder names is the real module's. No stand-in is put in place for a module already
    imported or stood in for (by another thread meanwhile: its stand-in answers); nothing is
    done when ``module`` is imported.
    """
    if module in sys.modules:
        return
    with standing_in(stand_ins):
        importlib.import_module(module)
