"""trio and attrs imported with stand-ins for ctypes.util and platform (no ``ldconfig`` run at start-up)."""

from __future__ import annotations

import ctypes.util
import os
import platform
import subprocess
import sys
import textwrap
import types

import pytest

from kernel._dependency_imports import ctypes_util_answers, platform_answers


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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads thread names from /proc")
def test_trio_loads_without_ctypes_util_and_still_names_its_threads() -> None:
    out = _run("""
        import sys
        from kernel._dependency_imports import import_trio
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


def test_the_stand_in_knows_glibcs_pthread_and_hands_the_rest_to_the_real_module() -> None:
    find_library = ctypes_util_answers(lambda: ctypes.util)["find_library"]
    if _glibc():
        assert find_library("pthread") == "libpthread.so.0"
    assert find_library("c") == ctypes.util.find_library("c")


def test_without_glibc_the_real_search_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_glibc(name: str) -> str:
        raise ValueError(f"unrecognized configuration name {name!r}")  # what musl's Python says

    monkeypatch.setattr(os, "confstr", no_glibc)
    asked = []
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: asked.append(name) or "found-by-search")
    assert ctypes_util_answers(lambda: ctypes.util)["find_library"]("pthread") == "found-by-search"
    assert asked == ["pthread"]


def test_the_platform_stand_in_names_the_implementation_as_platform_does(monkeypatch: pytest.MonkeyPatch) -> None:
    python_implementation = platform_answers(lambda: platform)["python_implementation"]
    assert python_implementation() == platform.python_implementation()
    monkeypatch.setattr(sys, "implementation", types.SimpleNamespace(name="graalpy"))
    monkeypatch.setattr(platform, "python_implementation", lambda: "GraalVM")
    assert python_implementation() == "GraalVM"  # one it does not know: the real module's answer


def test_attrs_imports_without_platform() -> None:
    out = _run("""
        import sys
        from kernel._dependency_imports import platform_answers
        from kernel._stand_in import standing_in
        with standing_in("platform", platform_answers):
            import attr
        print("platform" in sys.modules, attr._compat.PYPY)
        import platform
        print(platform.python_implementation() == "CPython", hasattr(platform, "system"))
    """)
    assert out.split() == ["False", "False", "True", "True"]
