"""``st.<element>`` is dispatched by the kernel: one command lookup and one checkpoint per
call, on whatever container is current; ``kernel.contracts.Container`` gives any delta
generator ``dg.<element>`` and ``with dg:``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kernel import st
from kernel._errors import UnknownCommandError
from kernel.context import RunContext, reset_run_context, set_run_context
from kernel.contracts import Container
from tests.conftest import MakeApp


class Recorder(Container):
    """A container that records what it is asked to add (and hands itself back)."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.root = "main"
        self.path: tuple[int, ...] = ()
        self.added: list[tuple[str, dict[str, Any]]] = []

    def add_element(self, kind: str, props: Any) -> Recorder:
        self.added.append((kind, dict(props)))
        return self

    def add_block(self, kind: str, props: Any) -> Recorder:
        return self.add_element(kind, props)


@pytest.fixture
def run(make_app: MakeApp) -> Iterator[tuple[RunContext, Recorder, list[int]]]:
    app = make_app(script="")
    session = app.make("app_session", session_id="s1")
    checkpoints: list[int] = []
    ctx = RunContext(app=app, session=session, run_id=1, checkpoint=lambda: checkpoints.append(1))
    dg = Recorder(session)
    ctx.containers.append(dg)
    token = set_run_context(ctx)
    yield ctx, dg, checkpoints
    reset_run_context(token)


def test_st_calls_the_command_with_the_current_container_after_one_checkpoint(run: Any) -> None:
    _, dg, checkpoints = run
    st.text("hi")
    assert dg.added[0][0] == "text" and dg.added[0][1]["body"] == "hi"
    assert len(checkpoints) == 1


def test_a_container_dispatches_element_commands_after_one_checkpoint(run: Any) -> None:
    _, dg, checkpoints = run
    dg.text("there")
    assert dg.added[0][1]["body"] == "there" and len(checkpoints) == 1


def test_with_a_container_makes_it_current(run: Any) -> None:
    ctx, dg, _ = run
    inner = Recorder(dg.session)
    with inner:
        assert ctx.current_container() is inner
        st.text("inside")
    assert ctx.current_container() is dg
    assert inner.added[0][1]["body"] == "inside" and dg.added == []


def test_a_container_refuses_unknown_and_non_element_commands(run: Any) -> None:
    _, dg, _ = run
    with pytest.raises(UnknownCommandError, match="st.txet is not a valid kernel command"):
        dg.txet("x")
    with pytest.raises(AttributeError, match=r"call it as st.session_state"):
        dg.session_state  # noqa: B018


def test_a_looked_up_element_command_follows_the_app_in_use(make_app: MakeApp) -> None:
    # st.text is looked up once per app: an app without the text elements must not get
    # the call found in an app that has them.
    with_text = make_app(script="")
    without_text = make_app(script="", plugin_args=("no:elements_text",))
    for app, expect_text in ((with_text, True), (without_text, False), (with_text, True)):
        session = app.make("app_session", session_id="s1")
        ctx = RunContext(app=app, session=session, run_id=1, checkpoint=lambda: None)
        dg = Recorder(session)
        ctx.containers.append(dg)
        token = set_run_context(ctx)
        try:
            if expect_text:
                st.text("hi")
                assert dg.added == [("text", dg.added[0][1])] and dg.added[0][1]["body"] == "hi"
            else:
                with pytest.raises(UnknownCommandError, match="st.text is provided by the .elements_text. plugin"):
                    st.text("hi")
        finally:
            reset_run_context(token)


PROMOTION = """
import kernel.st as st_module
from kernel import AppOptions, build_app, st
from kernel.context import RunContext, reset_run_context, set_run_context
from kernel._errors import UnknownCommandError


def run(app, expect_text):
    session = app.make("app_session", session_id="s1")
    ctx = RunContext(app=app, session=session, run_id=1, checkpoint=lambda: None)
    ctx.containers.append(app.make("delta_generator", session=session, root="main"))
    token = set_run_context(ctx)
    try:
        if expect_text:
            st.text("hi")
        else:
            try:
                st.text("hi")
            except UnknownCommandError as exc:
                assert "elements_text" in str(exc)
            else:
                raise AssertionError("st.text without its plugin")
    finally:
        reset_run_context(token)


one = build_app(AppOptions())
run(one, True)
assert "text" in vars(st_module), "with one app, st.text is an attribute"
other = build_app(AppOptions(plugin_args=("no:elements_text",)))
assert "text" not in vars(st_module), "a second app takes it back"
run(other, False)
run(one, True)
assert "text" not in vars(st_module), "never again an attribute once two apps were built"
print("ok")
"""


def test_with_one_app_an_element_command_is_an_attribute_of_st_until_a_second_app_is_built(tmp_path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", PROMOTION], capture_output=True, text=True, cwd=tmp_path,
                            timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
