"""The file watcher's change report updates every session's menu when page files come and go."""

from __future__ import annotations

from kernel.contracts.messages import Navigation
from kernel_plugins.pages import track_session
from tests.plugins.pages.conftest import MakeHeadless

HOME = "from kernel import st\nst.title('Home')\n"


def menu_after_change(h, paths) -> list[Navigation]:  # type: ignore[no-untyped-def]
    app = h.session.app
    app.hook.kernel_source_changed(app=app, paths=paths)
    return [m for m in h.collect(until_finished=False) if isinstance(m, Navigation)]


def test_added_and_removed_pages_reach_the_menu(headless: MakeHeadless) -> None:
    h = headless(HOME, {"pages/b.py": HOME})
    track_session(h.session)
    h.run()
    folder = h.session.app.script_path.parent / "pages"  # type: ignore[union-attr]
    added = folder / "1_a.py"
    added.write_text(HOME)
    navs = menu_after_change(h, [added])
    assert [p.title for p in navs[-1].pages] == ["app", "a", "b"]
    (folder / "b.py").unlink()
    added.unlink()
    navs = menu_after_change(h, [added, folder / "b.py"])
    assert navs[-1].pages == ()  # one page left: no menu


def test_other_changes_leave_the_menu_alone(headless: MakeHeadless) -> None:
    h = headless(HOME, {"pages/b.py": HOME})
    track_session(h.session)
    h.run()
    assert menu_after_change(h, [h.session.app.script_path]) == []  # type: ignore[list-item]


def test_apps_with_navigation_ignore_the_folder(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\ndef a(): pass\nst.navigation([a]).run()\n", {"pages/b.py": HOME})
    track_session(h.session)
    h.run()
    new = h.session.app.script_path.parent / "pages" / "c.py"  # type: ignore[union-attr]
    new.write_text(HOME)
    assert menu_after_change(h, [new]) == []
