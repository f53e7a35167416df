"""The persist_state keep rule, through a widget command contributed by a test plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kernel import Command, hookimpl
from kernel.contracts import DeltaGenerator
from kernel.testing import AppTest
from plugins.delta_generator._widgets import register_widget


def kept_input(dg: DeltaGenerator, label: str, *, key: Any = None, persist_state: str | None = None) -> str:
    """A text widget whose value may outlive its absence (``persist_state``)."""
    wid, value = register_widget(dg, "kept_input", label=label, key=key, identity=(label,), default="",
                                 coerce=str, persist=persist_state)
    dg.add_element("text_input", {"id": wid, "label": label, "value": value})
    return str(value)


class KeptInputPlugin:
    @hookimpl
    def kernel_register_commands(self) -> list[Command]:
        return [Command("kept_input", kept_input)]


SCRIPT = """
from kernel import st
if st.session_state.get("show", True):
    st.kept_input("a", key="a", persist_state="session")
    st.kept_input("b", key="b")
st.text(repr((st.session_state.get("a"), st.session_state.get("b"))))
"""


def test_persisted_widget_keeps_its_value_while_not_shown(tmp_path: Path) -> None:
    at = AppTest(_script(tmp_path, SCRIPT), plugins=[(KeptInputPlugin(), "kept")]).run()
    at.text_input("a").input("x")
    at.text_input("b").input("y")
    at.run()
    at.session_state.show = False
    at.run().run()
    assert at.text[0].value == "('x', None)"
    at.session_state.show = True
    at.run()
    assert (at.text_input("a").value, at.text_input("b").value) == ("x", "")


def test_persist_state_needs_a_key(tmp_path: Path) -> None:
    at = AppTest(_script(tmp_path, 'from kernel import st\nst.kept_input("a", persist_state="page")\n'),
                 plugins=[(KeptInputPlugin(), "kept")]).run()
    assert "needs a key" in at.exception[0].value


def _script(folder: Path, source: str) -> Path:
    path = folder / "app.py"
    path.write_text(source)
    return path
