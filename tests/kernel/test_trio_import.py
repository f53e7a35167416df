"""trio imported with a stand-in for ctypes.util (no ``ldconfig`` run at start-up)."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
import textwrap

import pytest

from kernel._trio_import import ctypes_util_stand_in


def _run(code: str) -> str:
    """Run ``code`` in a fresh interpreter (neither trio nor ctypes.util loaded); its stdout."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _glibc() -> bool:
    try:
        return sys.platform.startswith("linux") and bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (ValueError, OSError):
        return False


def test_trio_loads_without_ctypes_util_and_still_names_its_threads() -> None:
    out = _run("""
        import sys
        from kernel._trio_import import import_trio
        import_trio()
        import trio
        from trio._core import _thread_cache
        print("ctypes.util" in sys.modules, "tempfile" in sys.modules, _thread_cache.set_os_thread_name is not None)

        def comm():
            import threading
            with open(f"/proc/self/task/{threading.get_native_id()}/comm") as f:
                return f.read().strip()

        async def main():
            return await trio.to_thread.run_sync(comm)

        print(trio.run(main).replace(" ", "_"))
    """)
    ctypes_util, tempfile, named, thread_name = out.split()
    assert (ctypes_util, tempfile) == ("False", "False")
    if _glibc():
        assert named == "True"
        # The OS sees the name trio gave the thread for this call ("comm from __main__...", cut to 15).
        assert thread_name.startswith("comm_from"), thread_name


def test_after_it_ctypes_util_is_the_real_module() -> None:
    out = _run("""
        import sys
        from kernel._trio_import import import_trio
        import_trio()
        import ctypes
        print("util" not in vars(ctypes))  # the stand-in is not left as the package's attribute
        import ctypes.util
        real = sys.modules["ctypes.util"]
        print(real.__file__.endswith("util.py"), ctypes.util is real, callable(real.find_library))
    """)
    assert out.split() == ["True"] * 4


def test_an_already_loaded_ctypes_util_is_left_in_place() -> None:
    out = _run("""
        import sys, ctypes.util
        real = sys.modules["ctypes.util"]
        from kernel._trio_import import import_trio
        import_trio()
        import trio
        print(sys.modules["ctypes.util"] is real, trio.__name__)
    """)
    assert out.split() == ["True", "trio"]


def test_the_stand_in_knows_glibcs_pthread_and_hands_the_rest_to_the_real_module() -> None:
    stand_in = ctypes_util_stand_in()
    if _glibc():
        assert stand_in.find_library("pthread") == "libpthread.so.0"
    assert stand_in.find_library("c") == ctypes.util.find_library("c")
    assert stand_in.os is ctypes.util.os  # any other attribute: the real module's
    assert not hasattr(stand_in, "__file__")  # the import system's questions are not forwarded


def test_without_glibc_the_real_search_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_glibc(name: str) -> str:
        raise ValueError(f"unrecognized configuration name {name!r}")  # what musl's Python says

    monkeypatch.setattr(os, "confstr", no_glibc)
    asked = []
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: asked.append(name) or "found-by-search")
    assert ctypes_util_stand_in().find_library("pthread") == "found-by-search"
    assert asked == ["pthread"]
