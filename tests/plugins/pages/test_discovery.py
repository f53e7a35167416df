"""The pages/ folder: file names give order, titles, icons and URL paths; switching keeps session state."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from kernel.contracts.messages import Navigation
from kernel.contracts.pages import session_pages
from kernel.testing import AppTest
from kernel_plugins.pages import page_files, page_name
from tests.plugins.pages.conftest import MakeHeadless, WriteApp

HOME = """
from kernel import st
st.session_state.setdefault("trail", [])
st.session_state.trail.append("home")
st.title("Home")
"""


def page(title: str) -> str:
    return (f"from kernel import st\nst.session_state.setdefault('trail', [])\n"
            f"st.session_state.trail.append({title!r})\nst.title({title!r})\n")


@pytest.mark.parametrize("file, number, icon, name, title", [
    ("1_📈_Plotting_Demo.py", 1, "📈", "Plotting_Demo", "Plotting Demo"),
    ("10_🎈_My page.py", 10, "🎈", "My_page", "My page"),
    ("settings.py", math.inf, "", "settings", "settings"),
    ("02__Data  frame.py", 2, "", "Data_frame", "Data frame"),
    ("3.py", 3, "", "3", "3"),
    ("🌍_World.py", math.inf, "🌍", "World", "World"),
    ("04_❤️_love.py", 4, "❤️", "love", "love"),
])
def test_file_names_give_number_icon_name_and_title(file: str, number: float, icon: str, name: str,
                                                     title: str) -> None:
    parsed = page_name(Path(file))
    assert (parsed.number, parsed.icon, parsed.name, parsed.title) == (number, icon, name, title)


def test_pages_are_ordered_by_number_then_name(write_app: WriteApp) -> None:
    script = write_app(HOME, {f"pages/{n}": "" for n in
                              ["b.py", "10_ten.py", "2_two.py", "A.py", ".hidden.py", "__init__.py", "notes.txt"]})
    names = [p.name for p in page_files(script)]
    assert names == ["app.py", "2_two.py", "10_ten.py", "A.py", "b.py"]


def test_switching_pages_keeps_session_state(app_test: Callable[..., AppTest]) -> None:
    at = app_test(HOME, {"pages/1_📊_Sales.py": page("Sales"), "pages/2_Settings.py": page("Settings")})
    at.run()
    assert [t.value for t in at.title] == ["Home"]
    entries = session_pages(at._session).pages()  # type: ignore[arg-type]
    assert [(e.url_path, e.title, e.icon) for e in entries] == [("", "app", ""), ("Sales", "Sales", "📊"),
                                                                 ("Settings", "Settings", "")]
    at.switch_page("pages/1_📊_Sales.py").run()
    assert [t.value for t in at.title] == ["Sales"]
    at.run()  # the session stays on its page
    at.switch_page("pages/2_Settings.py").run()
    at.switch_page("app.py").run()
    assert not at.exception
    assert at.session_state["trail"] == ["home", "Sales", "Sales", "Settings", "home"]


def test_switch_page_to_a_missing_file_is_a_value_error(app_test: Callable[..., AppTest]) -> None:
    at = app_test(HOME, {"pages/a.py": page("A")}).run()
    with pytest.raises(ValueError, match="Unable to find script at pages/nope.py"):
        at.switch_page("pages/nope.py")


def test_navigation_message_lists_the_pages(headless: MakeHeadless) -> None:
    h = headless(HOME, {"pages/1_📊_Sales.py": page("Sales"), "pages/b.py": page("B")})
    navs = [m for m in h.run() if isinstance(m, Navigation)]
    assert len(navs) == 1
    nav = navs[0]
    assert [(p.url_path, p.title, p.icon) for p in nav.pages] == [("", "app", ""), ("Sales", "Sales", "📊"),
                                                                  ("b", "b", "")]
    assert (nav.current, nav.position, nav.page_not_found, nav.switched) == ("", "sidebar", None, False)


def test_a_page_url_runs_that_page_and_an_unknown_one_says_so(headless: MakeHeadless) -> None:
    from kernel.contracts.messages import Delta, Rerun

    h = headless(HOME, {"pages/1_📊_Sales.py": page("Sales")})
    h.send(Rerun({}, page="Sales"))
    msgs = h.collect()
    nav = next(m for m in msgs if isinstance(m, Navigation))
    assert nav.current == "Sales"
    assert any(isinstance(m, Delta) and m.element.props.get("body") == "Sales" for m in msgs)
    h.send(Rerun({}, page="Nope"))
    msgs = h.collect()
    nav = next(m for m in msgs if isinstance(m, Navigation))
    assert (nav.current, nav.page_not_found) == ("", "Nope")
    assert any(isinstance(m, Delta) and m.element.props.get("body") == "Home" for m in msgs)
    h.send(Rerun({}, page="app"))  # the default page by its name
    nav = next(m for m in h.collect() if isinstance(m, Navigation))
    assert (nav.current, nav.page_not_found) == ("", None)


def test_a_single_page_app_sends_no_navigation(headless: MakeHeadless) -> None:
    h = headless(HOME)
    assert not [m for m in h.run() if isinstance(m, Navigation)]
    assert not [m for m in h.run() if isinstance(m, Navigation)]


def test_an_unchanged_menu_is_sent_once_per_connection(headless: MakeHeadless) -> None:
    from kernel.contracts.messages import Rerun

    h = headless(HOME, {"pages/b.py": page("B")})
    assert len([m for m in h.run() if isinstance(m, Navigation)]) == 1
    assert [m for m in h.run() if isinstance(m, Navigation)] == []  # the browser shows it already
    h.send(Rerun({}, context={"timezone": "UTC"}))  # a client (re)connected
    assert len([m for m in h.collect() if isinstance(m, Navigation)]) == 1
    h.send(Rerun({}, page="b"))
    assert [m.current for m in h.collect() if isinstance(m, Navigation)] == ["b"]


def test_the_entry_script_is_resolved_once_and_again_after_a_change(tmp_path: Path) -> None:
    from kernel_plugins.pages._discovery import forget_resolved_scripts, resolved_script

    real = tmp_path / "real"
    real.mkdir()
    (real / "app.py").write_text("x = 1\n")
    (tmp_path / "link").symlink_to(real)
    script = tmp_path / "link" / "app.py"
    assert resolved_script(script) == real / "app.py"
    assert resolved_script(str(script)) is resolved_script(script), "remembered, by the path's text"
    other = tmp_path / "other"
    other.mkdir()
    (tmp_path / "link").unlink()
    (tmp_path / "link").symlink_to(other)
    forget_resolved_scripts()  # what the file watcher's hook does on any change
    assert resolved_script(script) == other / "app.py"
