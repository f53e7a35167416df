"""The seams of the fragments and pages plugins: fragment containers from the delta
generator factory, runner_api's ``kernel_rerun_scope``, and what remains when they are blocked."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from kernel import hookimpl
from kernel.testing import AppTest
from kernel.testing.apptest import AppTestError

APP = textwrap.dedent("""
    from kernel import st

    @st.fragment(key="part")
    def part():
        st.button("Inside", on_click=lambda: st.rerun("part"))  # this interaction reruns only the fragment
        st.text("part")

    part()
""")


def _app(tmp_path: Path, source: str, **options: Any) -> AppTest:
    script = tmp_path / "app.py"
    script.write_text(source)
    return AppTest(script, **options)


class PathIgnoringFactory:
    """A delta generator plugin that makes every container at its root (it ignores ``path``)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, tuple[int, ...]]] = []

    @hookimpl(tryfirst=True)
    def kernel_make_delta_generator(self, app: Any, session: Any, root: str, path: tuple[int, ...]) -> Any:
        self.asked.append((root, tuple(path)))
        from kernel_plugins.delta_generator._dg import DeltaGenerator

        return DeltaGenerator(app, session, root)


class RecordingFactory(PathIgnoringFactory):
    """Answers ``kernel_make_delta_generator`` with the container at ``path``."""

    @hookimpl(tryfirst=True)
    def kernel_make_delta_generator(self, app: Any, session: Any, root: str, path: tuple[int, ...]) -> Any:
        self.asked.append((root, tuple(path)))
        from kernel_plugins.delta_generator._dg import DeltaGenerator

        return DeltaGenerator(app, session, root, tuple(path))


def test_a_fragment_rerun_asks_the_delta_generator_factory_for_its_container(tmp_path: Path) -> None:
    factory = RecordingFactory()
    at = _app(tmp_path, APP, plugins=[(factory, "recording_dg")]).run()
    assert factory.asked == [("main", ())]
    at.button[0].click().run()
    assert not at.exception
    assert factory.asked[1:] == [("main", ()), ("main", (0,))]


def test_a_factory_that_ignores_the_path_is_a_clear_error_in_a_fragment_rerun(tmp_path: Path) -> None:
    at = _app(tmp_path, APP, plugins=[(PathIgnoringFactory(), "flat_dg")]).run()
    at.button[0].click().run()
    assert at.exception[0].type_name == "FragmentError"
    assert "must honour the path argument" in at.exception[0].value


def test_without_the_fragments_plugin_a_fragment_scope_is_refused_and_app_reruns_work(tmp_path: Path) -> None:
    source = textwrap.dedent("""
        from kernel import st
        st.session_state.setdefault("runs", 0)
        st.session_state.runs += 1
        if st.session_state.runs == 1:
            st.rerun()
        st.text(f"runs {st.session_state.runs}")
        if st.button("Partial"):
            st.rerun(scope="fragment")
    """)
    at = _app(tmp_path, source, plugin_args=["no:fragments"]).run()
    assert at.text[0].value == "runs 2"
    assert "fragment" not in at.app.commands
    at.button[0].click().run()
    assert at.exception[0].type_name == "ValueError"
    assert "-p no:fragments" in at.exception[0].value


def test_st_stop_needs_no_plugin_but_runner_api(tmp_path: Path) -> None:
    at = _app(tmp_path, "from kernel import st\nst.text('a')\nst.stop()\nst.text('b')\n",
              plugin_args=["no:fragments", "no:pages"]).run()
    assert [t.value for t in at.text] == ["a"]


def test_apptest_switch_page_without_the_pages_plugin_says_so(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "b.py").write_text("from kernel import st\nst.text('b')\n")
    at = _app(tmp_path, "from kernel import st\nst.text('main')\n", plugin_args=["no:pages"])
    at.switch_page("pages/b.py")
    with pytest.raises(AppTestError, match="no plugin implements pages"):
        at.run()
