"""Import trio without the ``ldconfig`` run and the modules ``ctypes.util`` loads for it.

When it is imported, trio looks for the pthread library to name its worker threads:
``ctypes.util.find_library("pthread")``. On Linux that imports shutil, tempfile (and with
them bz2, lzma...) and runs ``ldconfig -p`` in a child process: about 3 ms of the 100 ms from
spawning ``kernel run`` to a healthy server, for a name that glibc fixes.

:func:`import_trio` imports trio with a stand-in at ``ctypes.util``
(:func:`kernel._stand_in.import_with_stand_in`). On Linux with glibc it answers
``find_library("pthread")`` with glibc's soname for the library, ``libpthread.so.0`` (glibc
2.34 and later keep that file for exactly such callers); anything else (another library,
another platform or C library) is the real module's answer.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any

from kernel._stand_in import import_with_stand_in

__all__ = ["ctypes_util_answers", "import_trio"]

GLIBC_PTHREAD = "libpthread.so.0"


def _glibc() -> bool:
    """Whether this process runs on Linux with glibc (whose pthread soname is fixed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):  # musl and others do not know the name
        return False


def ctypes_util_answers(real: Callable[[], types.ModuleType]) -> Mapping[str, Any]:
    """The stand-in's ``find_library``: glibc's pthread soname without a search, every other
    answer from the real ``ctypes.util`` (``real()``)."""

    def find_library(name: str) -> str | None:
        if name == "pthread" and _glibc():
            return GLIBC_PTHREAD
        found: str | None = real().find_library(name)
        return found

    return {"find_library": find_library}


def import_trio() -> None:
    """Import ``trio`` with a stand-in at ``ctypes.util`` (unless the real one or trio is
    already loaded); then ``import trio`` finds it loaded."""
    import_with_stand_in("trio", "ctypes.util", ctypes_util_answers)
