"""The script runner: __main__, sys.path, argv, magic, stop, rerun, exceptions, interrupts."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kernel.contracts import ScriptRunner
from kernel.contracts.messages import Delta, ForwardMsg, Rerun, ScriptFinished, ScriptStarted, Stop
from kernel_plugins.app_session import HeadlessSession
from kernel_plugins.script_runner import ThreadScriptRunner
from kernel_plugins.script_runner._magic import add_magic
from tests.helpers import wait_until

MakeHeadless = Callable[..., HeadlessSession]


def texts(msgs: list[ForwardMsg]) -> list[str]:
    shown = [m.element.props for m in msgs if isinstance(m, Delta)]
    return [str(p.get("body", p.get("_body", p.get("html")))) for p in shown]


def statuses(msgs: list[ForwardMsg]) -> list[str]:
    return [m.status for m in msgs if isinstance(m, ScriptFinished)]


def test_runner_satisfies_the_contract(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\n")
    h.run()
    assert isinstance(h.session.runner, ScriptRunner)  # type: ignore[attr-defined]
    assert isinstance(h.session.runner, ThreadScriptRunner)  # type: ignore[attr-defined]


def test_script_runs_as_main_with_its_folder_on_sys_path_and_argv(headless: MakeHeadless, tmp_path: Path) -> None:
    (tmp_path / "helper_mod_ll.py").write_text("VALUE = 'from helper'\n")
    msgs = headless(
        "import sys\nfrom kernel import st\nimport helper_mod_ll\n"
        "st.text(__name__)\nst.text(helper_mod_ll.VALUE)\nst.text(' '.join(sys.argv[1:]))\n"
        "st.text(sys.argv[0].endswith('app.py'))\n",
        script_args=("--flag", "x"),
    ).run()
    assert texts(msgs) == ["__main__", "from helper", "--flag x", "True"]
    assert str(tmp_path) in sys.path
    sys.modules.pop("helper_mod_ll", None)


def test_magic_writes_bare_expressions(headless: MakeHeadless) -> None:
    msgs = headless(
        '"""Module docstring is not shown."""\nfrom kernel import st\n"shown"\nx = 2\nx\n'
        "def f():\n    '''not shown'''\n    'inside function'\n    return 1\nf()\n"
        "if True:\n    'in if'\nfor i in range(1):\n    i\n"
    ).run()
    assert texts(msgs) == ["shown", "`2`", "inside function", "in if", "`0`"]


def test_magic_can_be_turned_off(headless: MakeHeadless) -> None:
    msgs = headless("from kernel import st\n'hidden'\nst.text('x')\n", **{"runner.magic_enabled": "false"}).run()
    assert texts(msgs) == ["x"]


def test_magic_transform_leaves_calls_yields_and_awaits() -> None:
    import ast

    tree = add_magic(ast.parse("f()\nx\n(a, b)\ndef g():\n    yield 1\n"))
    src = ast.unparse(tree)
    assert "__kernel_magic__(x)" in src and "__kernel_magic__(a, b)" in src
    assert "__kernel_magic__(f())" not in src and "yield 1" in src


def test_st_stop_ends_the_run_quietly(headless: MakeHeadless) -> None:
    msgs = headless("from kernel import st\nst.text('a')\nst.stop()\nst.text('b')\n").run()
    assert texts(msgs) == ["a"] and statuses(msgs) == ["stopped"]


def test_st_rerun_starts_another_run(headless: MakeHeadless) -> None:
    msgs = headless(
        "from kernel import st\nif 'n' not in st.session_state:\n    st.session_state['n'] = 0\n"
        "st.session_state['n'] += 1\nif st.session_state['n'] < 3:\n    st.rerun()\nst.text(st.session_state['n'])\n"
    ).run()
    assert statuses(msgs) == ["rerun", "rerun", "ok"]
    assert texts(msgs) == ["3"]


def test_exception_becomes_an_element_and_the_next_run_works(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\nst.text('before')\nwith st.sidebar:\n    raise ValueError('broken ' + 'script')\n"
    )
    msgs = h.run()
    exc = [m for m in msgs if isinstance(m, Delta) and m.element.kind == "exception"][0]
    assert exc.root == "main" and exc.path == (1,)
    assert exc.element.props["type"] == "ValueError" and exc.element.props["message"] == "broken script"
    assert any("app.py" in line and "line 4" in line for line in exc.element.props["traceback"])
    assert not any("_runner.py" in line for line in exc.element.props["traceback"])
    assert statuses(msgs) == ["error"]
    assert statuses(h.run()) == ["error"]


def test_syntax_error_is_shown(headless: MakeHeadless) -> None:
    msgs = headless("from kernel import st\nst.text('x'\n").run()
    [exc] = [m.element.props for m in msgs if isinstance(m, Delta)]
    assert exc["type"] == "SyntaxError" and "app.py" in exc["message"]


def test_stop_request_ends_an_endless_loop(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\nimport time\ni = 0\nwhile True:\n    i += 1\n    st.empty()\n"
                 "    time.sleep(0.001)\n")
    h.send(Rerun())
    time.sleep(0.1)
    h.send(Stop())
    msgs = h.collect(timeout=60)
    assert statuses(msgs) == ["stopped"]
    # The runner goes idle a moment after its ScriptFinished was queued.
    wait_until(lambda: not h.session.runner.is_running, timeout=60)  # type: ignore[attr-defined]


def test_new_rerun_interrupts_the_running_script_at_its_next_st_call(headless: MakeHeadless) -> None:
    h = headless(
        # Only the run with v=1 is long (25 s unless interrupted).
        "from kernel import st\nimport time\nv = st.slider('v', 0, 10)\nfor i in range(5000 if v == 1 else 0):\n"
        "    st.empty()\n    time.sleep(0.005)\nst.text(f'done {v}')\n"
    )
    first = h.run(timeout=60)
    wid = [m.element.props["id"] for m in first if isinstance(m, Delta) and m.element.kind == "slider"][0]
    h.send(Rerun({wid: 1}))
    time.sleep(0.05)
    h.send(Rerun({wid: 2}))
    msgs = h.collect(timeout=60)
    # The first run ended early ("rerun", without its "done" text): it was interrupted.
    assert statuses(msgs) == ["rerun", "ok"]
    assert [m for m in msgs if isinstance(m, ScriptStarted)]
    assert texts(msgs)[-1] == "done 2" and "done 1" not in texts(msgs)


def test_compiled_once_per_change(headless: MakeHeadless, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    import kernel_plugins.script_runner._runner as runner_mod

    real = runner_mod.ast.parse

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(runner_mod.ast, "parse", counting)
    h = headless("from kernel import st\nst.text('v1')\n", name="compile_once.py")
    h.run()
    h.run()
    assert len(calls) == 1
    script = tmp_path / "compile_once.py"
    script.write_text("from kernel import st\nst.text('v2 longer')\n")
    assert texts(h.run()) == ["v2 longer"]
    assert len(calls) == 2


def test_a_burst_of_runs_whose_output_nobody_takes_yet_still_finishes(headless: MakeHeadless) -> None:
    # Under a burst a worker waits (briefly) for its session's output to be taken
    # before it takes the next run; output nobody takes must not hold the others up.
    sessions = [headless(f"from kernel import st\nst.text('session {i}')\n", name=f"app_{i}.py") for i in range(12)]
    for h in sessions:
        h.send(Rerun())
    for i, h in enumerate(sessions):
        msgs = h.collect(timeout=60)
        assert statuses(msgs) == ["ok"] and texts(msgs) == [f"session {i}"]


def test_end_of_run_hooks_come_before_script_finished(headless: MakeHeadless) -> None:
    """What kernel_script_run_finished writes is part of the run, and a client that acts on
    ScriptFinished meets the state those hooks settled (widget cleanup, cleared forms)."""
    from kernel import hookimpl

    h = headless("from kernel import st\nst.text('body')\n")
    order: list[str] = []

    class Observer:
        @hookimpl
        def kernel_script_run_finished(self, session: Any) -> None:
            order.append("hook")
            session.queue.enqueue(Delta("main", (1,), _text_element("written by the hook")))

    h.session.app.pm.register(Observer(), "observer")
    queue = h.session.queue
    enqueue = queue.enqueue

    def logged(msg: Any) -> None:
        if isinstance(msg, ScriptFinished):
            order.append("ScriptFinished")
        enqueue(msg)

    queue.enqueue = logged  # type: ignore[method-assign]
    msgs = h.run()
    assert order == ["hook", "ScriptFinished"]
    assert texts(msgs) == ["body", "written by the hook"]
    finished = next(m for m in msgs if isinstance(m, ScriptFinished))
    assert not [t for t in finished.trim if t.root == "main" and t.path == () and t.keep < 2]


def _text_element(body: str) -> Any:
    from kernel.contracts.messages import Element

    return Element("text", {"body": body})


def test_a_rerun_requested_before_an_end_of_run_hook_writes_is_not_lost(headless: MakeHeadless) -> None:
    """An end-of-run hook that writes through st (which checks for a pending rerun) while
    a rerun is pending: the run still ends with its ScriptFinished and the rerun happens."""
    from kernel import hookimpl, st

    h = headless("from kernel import st\nst.text('body')\n")
    calls: list[int] = []

    class Writer:
        @hookimpl
        def kernel_script_run_finished(self, session: Any, run_id: int) -> None:
            calls.append(run_id)
            if len(calls) == 1:
                session.runner.request_rerun()  # a rerun request arrives as the run ends
            st.text("written by the hook")

    h.session.app.pm.register(Writer(), "writer")
    msgs = h.run()
    if len(statuses(msgs)) < 2:
        msgs += h.collect()  # the rerun asked for as the first run ended
    assert statuses(msgs) == ["ok", "ok"]
    assert "written by the hook" in texts(msgs)
    assert calls == [1, 2]


def test_a_rerun_requested_just_as_the_run_loop_ends_is_not_lost(headless: MakeHeadless) -> None:
    """The loop decides to end and marks the runner idle in one step: a rerun request that
    comes right after the decision starts a new run instead of being reset away."""
    import threading

    from kernel import hookimpl

    h = headless("from kernel import st\nst.text('body')\n")
    h.run()
    runner = h.session.runner  # type: ignore[attr-defined]

    class HookedLock:
        """The runner's lock, calling ``after_release`` once, in the thread that armed it."""

        def __init__(self) -> None:
            self._lock = threading.Lock()
            self.after_release: Callable[[], None] | None = None
            self.thread: int | None = None

        def __enter__(self) -> None:
            self._lock.acquire()

        def __exit__(self, *exc: object) -> None:
            self._lock.release()
            callback = self.after_release
            if callback is not None and threading.get_ident() == self.thread:
                self.after_release = None
                callback()

    lock = HookedLock()
    runner._lock = lock
    armed: list[int] = []

    class Arm:
        @hookimpl
        def kernel_script_run_finished(self, session: Any, run_id: int) -> None:
            if not armed:  # the loop's next lock release is its decision to end
                armed.append(run_id)
                lock.thread = threading.get_ident()
                lock.after_release = runner.request_rerun

    h.session.app.pm.register(Arm(), "arm")
    msgs = h.run()
    if len(statuses(msgs)) < 2:
        msgs += h.collect()
    assert statuses(msgs) == ["ok", "ok"]


def test_a_click_that_arrives_before_the_asked_for_run_started_is_that_runs(
        headless: MakeHeadless, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two requests in quick succession on a busy machine: the first asks for a run, whose
    thread is still on its way when the second (a button click) arrives. The run that starts
    takes the click's trigger: it must not be ended at its first st call for that very
    request, which would leave the next run a button that reads False (the click lost)."""
    from kernel_plugins.script_runner import _runner

    h = headless("from kernel import st\nif st.button('Go'):\n    st.text('clicked')\nst.text('end')\n")
    first = h.run()
    go = next(str(m.element.props["id"]) for m in first if isinstance(m, Delta) and m.element.kind == "button")
    held: list[Callable[[], None]] = []
    submit = _runner._threads.submit
    monkeypatch.setattr(_runner._threads, "submit", held.append)  # the run's thread is on its way
    h.send(Rerun({}))
    assert len(held) == 1 and h.session.runner.is_running  # type: ignore[attr-defined]
    h.send(Rerun({}, go))  # the click, before the run started
    monkeypatch.setattr(_runner._threads, "submit", submit)
    submit(held[0])
    msgs = h.collect(timeout=60)
    wait_until(lambda: not h.session.runner.is_running, timeout=60)  # type: ignore[attr-defined]
    msgs += h.collect(until_finished=False)
    assert statuses(msgs) == ["ok"]  # one run, not interrupted
    assert [m.element.props["body"] for m in msgs if isinstance(m, Delta) and m.element.kind == "text"] == [
        "clicked", "end"]
