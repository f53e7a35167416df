"""Import trio without the ``ldconfig`` run and the modules ``ctypes.util`` loads for it.

When it is imported, trio looks for the pthread library to name its worker threads:
``ctypes.util.find_library("pthread")``. On Linux that imports shutil, subprocess, tempfile
(and with them bz2, lzma, random...) and runs ``ldconfig -p`` in a child process: about 4 ms
of the 100 ms from spawning ``kernel run`` to a healthy server, for a name that glibc fixes.

:func:`import_trio` imports trio with a stand-in at ``ctypes.util`` for as long as that
import takes. On Linux with glibc it answers ``find_library("pthread")`` with glibc's soname
for the library, ``libpthread.so.0`` (glibc 2.34 and later keep that file for exactly such
callers); anything else (another library, another platform or C library, any other
attribute) is handed to the real module, which is imported then. Afterwards the stand-in is
gone from ``sys.modules`` and from the ``ctypes`` package, so later imports load the real
module. When trio or ``ctypes.util`` is already loaded, nothing is put in place.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import types
from typing import Any

__all__ = ["ctypes_util_stand_in", "import_trio"]

_NAME = "ctypes.util"
_GLIBC_PTHREAD = "libpthread.so.0"
_lock = threading.Lock()


def _glibc() -> bool:
    """Whether this process runs on Linux with glibc (whose pthread soname is fixed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):  # musl and others do not know the name
        return False


def _real_ctypes_util(stand_in: types.ModuleType) -> types.ModuleType:
    """The real ``ctypes.util``, imported (with the stand-in out of the way) if need be."""
    with _lock:
        if sys.modules.get(_NAME) is stand_in:
            del sys.modules[_NAME]
        return importlib.import_module(_NAME)


def ctypes_util_stand_in() -> types.ModuleType:
    """A module standing in for ``ctypes.util``: glibc's pthread soname without a search,
    every other answer from the real module."""
    stand_in = types.ModuleType(_NAME, "Stands in for ctypes.util while trio imports.")

    def find_library(name: str) -> str | None:
        if name == "pthread" and _glibc():
            return _GLIBC_PTHREAD
        found: str | None = _real_ctypes_util(stand_in).find_library(name)
        return found

    def __getattr__(name: str) -> Any:  # noqa: N807 (a module's attribute hook, PEP 562)
        if name.startswith("__"):
            raise AttributeError(name)  # the import system's questions get the stand-in's answer
        return getattr(_real_ctypes_util(stand_in), name)

    stand_in.find_library = find_library  # type: ignore[attr-defined]
    stand_in.__getattr__ = __getattr__  # type: ignore[method-assign]
    return stand_in


def import_trio() -> None:
    """Import ``trio`` with :func:`ctypes_util_stand_in` at ``ctypes.util`` (unless the real one
    or trio is already loaded); then ``import trio`` finds it loaded."""
    if "trio" in sys.modules:
        return
    import ctypes

    with _lock:
        stand_in = None
        if _NAME not in sys.modules:
            stand_in = sys.modules[_NAME] = ctypes_util_stand_in()
            ctypes.util = stand_in  # type: ignore[attr-defined]  # what `import ctypes.util` then reads
    try:
        importlib.import_module("trio")
    finally:
        if stand_in is not None:
            with _lock:
                if sys.modules.get(_NAME) is stand_in:
                    del sys.modules[_NAME]
                if getattr(ctypes, "util", None) is stand_in:
                    del ctypes.util  # type: ignore[attr-defined]
