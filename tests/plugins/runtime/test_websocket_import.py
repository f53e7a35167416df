"""trio-websocket imported with a stand-in for importlib.metadata (start-up of the first WebSocket)."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap

import trio

from kernel_plugins.runtime._websocket_import import metadata_stand_in


def _run(code: str) -> str:
    """Run ``code`` in a fresh interpreter (importlib.metadata not yet loaded); its stdout."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_trio_websocket_loads_without_importlib_metadata_and_knows_trio_is_recent() -> None:
    out = _run("""
        import sys
        from kernel_plugins.runtime._websocket_import import import_trio_websocket
        assert "importlib.metadata" not in sys.modules
        import_trio_websocket()
        import trio_websocket._impl
        print("importlib.metadata" in sys.modules, "email" in sys.modules, trio_websocket._impl._IS_TRIO_MULTI_ERROR)
    """)
    assert out.split() == ["False", "False", "False"]


def test_after_it_importlib_metadata_is_the_real_module_whichever_way_it_is_reached() -> None:
    out = _run("""
        import sys
        from kernel_plugins.runtime._websocket_import import import_trio_websocket
        import_trio_websocket()
        import importlib
        print("metadata" not in vars(importlib))  # the stand-in is not left as the attribute
        from importlib import metadata
        real = sys.modules["importlib.metadata"]
        print(real.__file__.endswith("__init__.py"), metadata is real, importlib.metadata is real)
        import importlib.metadata as md
        print(md is real, metadata.version("attrs") == __import__("attrs").__version__)
    """)
    assert out.split() == ["True"] * 6


def test_an_already_loaded_importlib_metadata_is_left_in_place() -> None:
    out = _run("""
        import sys, importlib.metadata
        real = sys.modules["importlib.metadata"]
        from kernel_plugins.runtime._websocket_import import import_trio_websocket
        import_trio_websocket()
        import trio_websocket
        print(sys.modules["importlib.metadata"] is real, trio_websocket.__name__)
    """)
    assert out.split() == ["True", "trio_websocket"]


def test_the_stand_in_answers_trio_itself_and_hands_the_rest_to_the_real_module() -> None:
    stand_in = metadata_stand_in()
    assert stand_in.version("trio") == trio.__version__
    assert stand_in.version("attrs") == importlib.metadata.version("attrs")
    assert stand_in.entry_points is importlib.metadata.entry_points
    assert stand_in.PackageNotFoundError is importlib.metadata.PackageNotFoundError
    assert not hasattr(stand_in, "__file__")  # the import system's questions are not forwarded
