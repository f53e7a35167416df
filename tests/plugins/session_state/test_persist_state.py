"""The persist_state keep rule, through a widget command contributed by a test plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kernel import Command, hookimpl
from kernel.contracts import DeltaGenerator
from kernel.elements import register_widget
from kernel.testing import AppTest


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


def test_page_persistence_in_a_single_page_app_lasts_the_session(tmp_path: Path) -> None:
    at = AppTest(_script(tmp_path, SCRIPT.replace('"session"', '"page"')), plugins=[(KeptInputPlugin(), "kept")]).run()
    at.text_input("a").input("x")
    at.text_input("b").input("y")
    at.run()
    at.session_state.show = False
    at.run()  # the run that stops showing them still has every key
    for _ in range(3):
        at.run()
        assert at.text[0].value == "('x', None)"
    at.session_state.show = True
    at.run()
    assert (at.text_input("a").value, at.text_input("b").value) == ("x", "")


ENTRY = """
from kernel import st
st.navigation([st.Page("one.py", default=True), st.Page("two.py")]).run()
"""

PAGE_ONE = """
from kernel import st
if st.session_state.get("show", True):
    st.kept_input("p", key="p", persist_state="page")
    st.kept_input("s", key="s", persist_state="session")
    st.kept_input("n", key="n")
st.text(repr([st.session_state.get(k) for k in "psn"]))
"""

PAGE_TWO = """
from kernel import st
st.text(repr([st.session_state.get(k) for k in "psn"]))
"""


def _multipage(folder: Path) -> AppTest:
    (folder / "one.py").write_text(PAGE_ONE)
    (folder / "two.py").write_text(PAGE_TWO)
    return AppTest(_script(folder, ENTRY), plugins=[(KeptInputPlugin(), "kept")])


def test_page_persistence_lasts_while_the_session_stays_on_the_page(tmp_path: Path) -> None:
    at = _multipage(tmp_path).run()
    for key, value in zip("psn", "xyz", strict=True):
        at.text_input(key).input(value)
    at.run()
    at.session_state.show = False
    at.run().run()  # same page, widgets not shown: "page" and "session" keep their values
    assert at.text[0].value == "['x', 'y', None]"
    at.session_state.show = True
    at.run()
    assert [at.text_input(k).value for k in "psn"] == ["x", "y", ""]


def test_page_persistence_ends_with_a_complete_run_of_another_page(tmp_path: Path) -> None:
    at = _multipage(tmp_path).run()
    for key, value in zip("psn", "xyz", strict=True):
        at.text_input(key).input(value)
    at.run()
    at.switch_page("two.py").run()
    assert at.text[0].value == "['x', 'y', 'z']"  # still there in the run that stopped showing them
    at.run()
    assert at.text[0].value == "[None, 'y', None]"
    at.switch_page("one.py").run()
    assert [at.text_input(k).value for k in "psn"] == ["", "y", ""]


def test_page_persistence_of_a_widget_last_shown_before_leaving(tmp_path: Path) -> None:
    """Hidden on its page first, then the session leaves: the next complete run drops it."""
    at = _multipage(tmp_path).run()
    at.text_input("p").input("x")
    at.text_input("s").input("y")
    at.run()
    at.session_state.show = False
    at.run().run()
    assert at.text[0].value == "['x', 'y', None]"
    at.switch_page("two.py").run()
    assert at.text[0].value == "['x', 'y', None]"  # dropped at the end of the first run of page two
    at.run()
    assert at.text[0].value == "[None, 'y', None]"


ENTRY_WIDGET = """
from kernel import st
if st.session_state.get("entry", True):
    st.kept_input("e", key="e", persist_state="page")
st.navigation([st.Page("one.py", default=True), st.Page("two.py")]).run()
st.sidebar.text(repr(st.session_state.get("e")))
"""


def test_an_entry_script_widget_belongs_to_the_page_its_run_showed(tmp_path: Path) -> None:
    """Made before st.navigation picks the page, it still counts as shown on the new page."""
    (tmp_path / "one.py").write_text("")
    (tmp_path / "two.py").write_text("")
    at = AppTest(_script(tmp_path, ENTRY_WIDGET), plugins=[(KeptInputPlugin(), "kept")]).run()
    at.text_input("e").input("x")
    at.run()
    at.switch_page("two.py").run()
    at.session_state.entry = False
    at.run().run()
    assert at.sidebar.text[0].value == "'x'"
    at.switch_page("one.py").run().run()
    assert at.sidebar.text[0].value == "None"


def test_persist_state_must_be_page_or_session(tmp_path: Path) -> None:
    at = AppTest(_script(tmp_path, 'from kernel import st\nst.kept_input("a", key="a", persist_state="app")\n'),
                 plugins=[(KeptInputPlugin(), "kept")]).run()
    assert "persist_state must be None, 'page' or 'session'" in at.exception[0].value


def test_persist_state_needs_a_key(tmp_path: Path) -> None:
    at = AppTest(_script(tmp_path, 'from kernel import st\nst.kept_input("a", persist_state="page")\n'),
                 plugins=[(KeptInputPlugin(), "kept")]).run()
    assert "needs a key" in at.exception[0].value


def _script(folder: Path, source: str) -> Path:
    path = folder / "app.py"
    path.write_text(source)
    return path
