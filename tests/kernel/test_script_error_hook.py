"""kernel_script_error: a plugin can take an uncaught script error so the page does not show it."""

from __future__ import annotations

from pathlib import Path

from kernel import hookimpl
from kernel.testing import AppTest

SCRIPT = """
from kernel import st
kind = st.session_state.get("kind", "value")
st.text("before")
if kind == "value":
    raise ValueError("taken by the plugin")
if kind == "key":
    raise KeyError("left to the page")
if kind == "stop":
    st.stop()
"""


class Taker:
    def __init__(self) -> None:
        self.seen: list[str] = []

    @hookimpl
    def kernel_script_error(self, session: object, error: BaseException) -> bool | None:
        self.seen.append(type(error).__name__)
        return True if isinstance(error, ValueError) else None


def test_a_plugin_takes_some_errors_and_leaves_others_to_the_page(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text(SCRIPT)
    taker = Taker()
    at = AppTest(script, plugins=[(taker, "taker")]).run()
    assert [t.value for t in at.text] == ["before"] and len(at.exception) == 0
    at.session_state["kind"] = "key"
    at.run()
    assert len(at.exception) == 1
    at.session_state["kind"] = "stop"
    at.run()
    assert len(at.exception) == 0
    assert taker.seen == ["ValueError", "KeyError"]  # st.stop() is no error


def test_a_syntax_error_of_the_script_is_always_shown(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text("x = (\n")
    taker = Taker()
    at = AppTest(script, plugins=[(taker, "taker")]).run()
    assert len(at.exception) == 1 and taker.seen == []
