"""Import trio-websocket without loading ``importlib.metadata`` for it.

When it is imported, trio-websocket asks ``importlib.metadata.version("trio")`` (to know
whether trio is older than 0.22). Importing ``importlib.metadata`` (email, zipfile, csv...)
and finding trio's distribution among everything installed cost about 13 ms of CPU, most of
what the first WebSocket of a ``kernel run`` loads, for a number ``trio.__version__`` holds.

:func:`import_trio_websocket` imports it with a stand-in at ``importlib.metadata`` in
``sys.modules`` for as long as that import takes. The stand-in answers ``version("trio")``
from ``trio.__version__`` and hands everything else (any other name, any other attribute) to
the real module, which it imports then: a thread that imports ``importlib.metadata`` in that
moment gets a module that behaves as the real one. Afterwards the stand-in is gone from
``sys.modules`` and from the ``importlib`` package's attributes, so later imports load the real
module (code that took the stand-in meanwhile keeps a module that forwards to the real one).
When ``importlib.metadata`` is already loaded, or trio-websocket is, nothing is put in place.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import types
from typing import Any

__all__ = ["import_trio_websocket", "metadata_stand_in"]

_NAME = "importlib.metadata"
_lock = threading.Lock()


def _real_metadata(stand_in: types.ModuleType) -> types.ModuleType:
    """The real ``importlib.metadata``, imported (with the stand-in out of the way) if need be."""
    with _lock:
        if sys.modules.get(_NAME) is stand_in:
            del sys.modules[_NAME]
        return importlib.import_module(_NAME)


def metadata_stand_in() -> types.ModuleType:
    """A module standing in for ``importlib.metadata``: ``version("trio")`` from trio itself,
    every other name and attribute from the real module."""
    stand_in = types.ModuleType(_NAME, "Stands in for importlib.metadata while trio-websocket imports.")

    def version(distribution_name: str) -> str:
        if distribution_name == "trio":
            import trio

            return str(trio.__version__)
        return str(_real_metadata(stand_in).version(distribution_name))

    def __getattr__(name: str) -> Any:  # noqa: N807 (a module's attribute hook, PEP 562)
        if name.startswith("__"):
            # The import system asks a module for __path__, __spec__...: the stand-in's own answer.
            raise AttributeError(name)
        return getattr(_real_metadata(stand_in), name)

    stand_in.version = version  # type: ignore[attr-defined]
    # Where the real package's submodules are (importlib.metadata._meta...), for an import of
    # one of them while the stand-in is in place.
    stand_in.__path__ = [os.path.join(os.path.dirname(importlib.__file__), "metadata")]
    stand_in.__getattr__ = __getattr__  # type: ignore[method-assign]
    return stand_in


def import_trio_websocket() -> None:
    """Import ``trio_websocket`` with :func:`metadata_stand_in` at ``importlib.metadata``
    (unless the real one is already loaded); then ``import trio_websocket`` finds it loaded."""
    if "trio_websocket" in sys.modules:
        return
    with _lock:
        stand_in = None
        if _NAME not in sys.modules:
            stand_in = sys.modules[_NAME] = metadata_stand_in()
            if not hasattr(importlib, "metadata"):
                importlib.metadata = stand_in
    try:
        importlib.import_module("trio_websocket")
    finally:
        if stand_in is not None:
            with _lock:
                if sys.modules.get(_NAME) is stand_in:
                    del sys.modules[_NAME]
                # Nor does it stay the package's attribute (`from importlib import metadata`
                # then imports the real module).
                if getattr(importlib, "metadata", None) is stand_in:
                    del importlib.metadata
