"""trio-websocket imported with a stand-in for importlib.metadata (start-up of the first WebSocket)."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap

import trio

from kernel_plugins.runtime._websocket_import import metadata_answers


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


def test_the_stand_in_answers_trio_itself_and_hands_the_rest_to_the_real_module() -> None:
    version = metadata_answers(lambda: importlib.metadata)["version"]
    assert version("trio") == trio.__version__
    assert version("attrs") == importlib.metadata.version("attrs")
