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
        with standing_in({"platform": platform_answers}):
            import attr
        print("platform" in sys.modules, attr._compat.PYPY)
        import platform
        print(platform.python_implementation() == "CPython", hasattr(platform, "system"))
    """)
    assert out.split() == ["False", "False", "True", "True"]


def test_trio_reaches_ssl_and_hmac_through_its_stand_ins_on_first_use() -> None:
    out = _run("""
        import sys
        from kernel._dependency_imports import import_trio
        import_trio()
        import trio
        print(sorted(m for m in ("ssl", "hmac", "hashlib", "_ssl", "_hashlib") if m in sys.modules))
        import ssl, hmac, trio.testing
        from trio import _dtls, _ssl

        async def dtls_cookie_round_trip():
            key, salt = b"k" * _dtls.KEY_BYTES, b"s" * _dtls.SALT_BYTES
            cookie = _dtls._make_cookie(key, salt, _dtls._current_cookie_tick(), ("127.0.0.1", 1), b"hello")
            return _dtls.valid_cookie(key, cookie, ("127.0.0.1", 1), b"hello")

        print(trio.run(dtls_cookie_round_trip), _ssl._stdlib_ssl.MemoryBIO is ssl.MemoryBIO)

        async def handshake_with_a_plain_text_peer():
            client_side, server_side = trio.testing.memory_stream_pair()
            client = trio.SSLStream(client_side, ssl.create_default_context(), server_hostname="example.org")
            async with trio.open_nursery() as nursery:
                async def answer_in_plain_text():
                    await server_side.receive_some()
                    await server_side.send_all(b"HTTP/1.0 400 Bad Request\\r\\n\\r\\n")
                    await server_side.aclose()
                nursery.start_soon(answer_in_plain_text)
                try:
                    await client.do_handshake()
                except trio.BrokenResourceError as exc:
                    return type(exc.__cause__).__name__  # an ssl.SSLError, caught through the stand-in

        print(trio.run(handshake_with_a_plain_text_peer))
    """)
    loaded, cookie_ok, same_bio, cause = out.split("\n")[0], *out.split("\n")[1].split(), out.split("\n")[2]
    assert loaded == "[]"
    assert (cookie_ok, same_bio) == ("True", "True")
    assert cause.startswith("SSL"), cause
