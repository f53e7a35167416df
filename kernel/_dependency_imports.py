"""attrs and trio imported without what they load for one small answer, or for later.

While they import, both load standard-library modules that nothing else needs before
``kernel run`` serves:

- trio looks for the pthread library to name its worker threads:
  ``ctypes.util.find_library("pthread")``. On Linux that imports shutil and tempfile (with
  bz2, lzma...) and runs ``ldconfig -p`` in a child process, about 3 ms of the 100 ms from
  spawning ``kernel run`` to a healthy server, for a name glibc fixes: its stand-in answers
  ``libpthread.so.0`` on Linux with glibc (2.34 and later keep that file for exactly such
  callers).
- attrs asks ``platform.python_implementation()`` (is this PyPy?): importing platform
  compiles a dozen regular expressions, about 1.5 ms; its stand-in answers from
  ``sys.implementation``.
- trio imports ssl (with libcrypto and base64) and hmac (with hashlib) for TLS and DTLS,
  and uses them only inside functions, when a TLS or DTLS stream is made: about 3 ms. Their
  stand-ins answer nothing themselves; trio keeps them and reaches the real modules through
  them on first use (so on a Python built without ssl, trio still imports and the
  ImportError comes with the first TLS stream).

Anything else (another library, another platform, C library or implementation, any other
attribute) is the real module's answer (:mod:`kernel._stand_in`).
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any

from kernel._stand_in import import_with_stand_in

__all__ = ["ctypes_util_answers", "import_trio", "on_first_use", "platform_answers"]

GLIBC_PTHREAD = "libpthread.so.0"
IMPLEMENTATIONS = {"cpython": "CPython", "pypy": "PyPy"}
"""``sys.implementation.name`` -> what ``platform.python_implementation()`` says."""


def _glibc() -> bool:
    """Whether this process runs on Linux with glibc (whose pthread soname is fixed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):  # musl and others do not know the name
        return False


def ctypes_util_answers(real: Callable[[], types.ModuleType]) -> Mapping[str, Any]:
    """The ``ctypes.util`` stand-in's ``find_library``: glibc's pthread soname without a
    search, every other answer from the real module (``real()``)."""

    def find_library(name: str) -> str | None:
        if name == "pthread" and _glibc():
            return GLIBC_PTHREAD
        found: str | None = real().find_library(name)
        return found

    return {"find_library": find_library}


def platform_answers(real: Callable[[], types.ModuleType]) -> Mapping[str, Any]:
    """The ``platform`` stand-in's ``python_implementation``: from ``sys.implementation`` for
    CPython and PyPy, from the real module (``real()``) for any other."""

    def python_implementation() -> str:
        known = IMPLEMENTATIONS.get(sys.implementation.name)
        return known if known is not None else str(real().python_implementation())

    return {"python_implementation": python_implementation}


def on_first_use(real: Callable[[], types.ModuleType]) -> Mapping[str, Any]:
    """A stand-in that answers nothing itself: the real module is imported when an attribute
    is first asked for."""
    return {}


def import_trio() -> None:
    """Import ``trio`` with stand-ins at ``ctypes.util``, ``ssl`` and ``hmac`` (each unless
    the real one is already loaded); then ``import trio`` finds it loaded."""
    import_with_stand_in("trio", {"ctypes.util": ctypes_util_answers, "ssl": on_first_use, "hmac": on_first_use})
