"""Runaway scripts: Stop, rerun and close reach a script that makes no st call (#17 item 4)."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kernel.contracts.messages import Delta, ForwardMsg, Rerun, ScriptFinished, ScriptStarted, Stop
from kernel.contracts.script_runner import ForcedStop, RunAborted, StopRun
from kernel_plugins.app_session import HeadlessSession
from kernel_plugins.script_runner._force import in_app_code, raise_in_thread
from tests.helpers import wait_until

MakeHeadless = Callable[..., HeadlessSession]

SPIN = "from kernel import st\nst.text('before the loop')\nwhile True:\n    pass\n"
GRACE = {"runner.stop_grace_seconds": "0.2"}


def statuses(msgs: list[ForwardMsg]) -> list[str]:
    return [m.status for m in msgs if isinstance(m, ScriptFinished)]


def exceptions(msgs: list[ForwardMsg]) -> list[dict[str, object]]:
    return [m.element.props for m in msgs if isinstance(m, Delta) and m.element.kind == "exception"]


def started(h: HeadlessSession) -> None:
    """Start a run and wait until the script is under way (its first element arrived)."""
    h.send(Rerun())
    msgs = h.collect(until_finished=False)
    deadline = time.monotonic() + 10
    while not any(isinstance(m, Delta) for m in msgs):
        assert time.monotonic() < deadline, "the script did not start"
        time.sleep(0.01)
        msgs += h.collect(until_finished=False)


def threads_running(script: Path) -> list[threading.Thread]:
    """The threads whose stack holds a frame of ``script``."""
    names = {t.ident: t for t in threading.enumerate()}
    found = []
    for ident, frame in sys._current_frames().items():
        f = frame
        while f is not None:
            if f.f_code.co_filename == str(script):
                found.append(names.get(ident) or threading.main_thread())
                break
            f = f.f_back
    return found


def wait_until_gone(script: Path, timeout: float = 30.0) -> list[threading.Thread]:
    deadline = time.monotonic() + timeout
    while threads_running(script) and time.monotonic() < deadline:
        time.sleep(0.05)
    return threads_running(script)


def test_stop_ends_a_loop_without_st_calls_by_force_and_says_so(headless: MakeHeadless) -> None:
    h = headless(SPIN, **GRACE)
    started(h)
    h.send(Stop())
    msgs = h.collect(timeout=10)
    assert statuses(msgs) == ["stopped"]
    [shown] = exceptions(msgs)
    assert shown["type"] == "ForcedStop"
    message = str(shown["message"])
    assert "stopped by force" in message and "0.2 s of the Stop request" in message
    assert "stop_grace_seconds" in message and "[runner]" in message
    assert any("app.py" in line and "line 3" in line for line in shown["traceback"])  # type: ignore[attr-defined]
    # The runner goes idle a moment after its ScriptFinished was queued.
    wait_until(lambda: not h.session.runner.is_running, timeout=60)  # type: ignore[attr-defined]


def test_rerun_reaches_a_spinning_script_and_the_next_run_starts(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\nst.session_state.setdefault('runs', 0)\nst.session_state['runs'] += 1\n"
        "st.text(f\"run {st.session_state['runs']}\")\n"
        "if st.session_state['runs'] == 1:\n    while True:\n        pass\n",
        **GRACE,
    )
    started(h)
    h.send(Rerun())
    msgs = h.collect(timeout=10)
    if statuses(msgs) == ["stopped"]:
        msgs += h.collect(timeout=10)  # the forced run's end and the next run may come in two flushes
    assert statuses(msgs) == ["stopped", "ok"]
    assert len([m for m in msgs if isinstance(m, ScriptStarted)]) == 1  # the second run's
    [shown] = exceptions(msgs)
    assert "rerun request" in str(shown["message"])


def test_a_script_that_catches_the_forced_stop_is_stopped_again(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\nst.text('x')\ntry:\n    while True:\n        pass\nexcept BaseException:\n"
        "    pass\nwhile True:\n    pass\n",
        **GRACE,
    )
    started(h)
    h.send(Stop())
    msgs = h.collect(timeout=10)
    assert statuses(msgs) == ["stopped"]
    assert [e["type"] for e in exceptions(msgs)] == ["ForcedStop"]


def test_a_long_sleep_in_the_script_ends_at_once_on_stop(headless: MakeHeadless) -> None:
    # A long sleep would delay an asynchronous exception until it returns: the script's
    # own time.sleep waits for the request instead, and acts like an st call.
    h = headless("from kernel import st\nimport time\nst.text('sleeping')\ntime.sleep(3600)\nst.text('never')\n",
                 **{"runner.stop_grace_seconds": "600"})
    started(h)
    h.send(Stop())
    msgs = h.collect(timeout=10)
    assert statuses(msgs) == ["stopped"]
    assert exceptions(msgs) == []  # a gentle stop: no force needed


def test_a_sleep_imported_by_name_wakes_for_a_rerun(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\nfrom time import sleep\nst.session_state.setdefault('n', 0)\n"
        "st.session_state['n'] += 1\nst.text(str(st.session_state['n']))\n"
        "if st.session_state['n'] == 1:\n    sleep(3600)\n",
        **{"runner.stop_grace_seconds": "600"},
    )
    started(h)
    h.send(Rerun())
    msgs = h.collect(timeout=10)
    assert statuses(msgs) == ["rerun", "ok"]


def test_the_scripts_time_module_is_the_real_one_but_for_sleep(headless: MakeHeadless) -> None:
    msgs = headless(
        "from kernel import st\nimport time, sys\nst.text(time.time is sys.modules['time'].time)\n"
        "st.text(time.sleep is sys.modules['time'].sleep)\nst.text(time.monotonic() > 0)\n"
        "time.sleep(0.01)\ntime.sleep(0)\ntry:\n    time.sleep(-1)\nexcept ValueError as e:\n    st.text(str(e))\n"
    ).run()
    bodies = [m.element.props["body"] for m in msgs if isinstance(m, Delta)]
    assert bodies == ["True", "False", "True", "sleep length must be non-negative"]
    assert statuses(msgs) == ["ok"]


def test_closed_spinning_sessions_leave_no_script_thread(headless: MakeHeadless, tmp_path: Path) -> None:
    sessions = [headless(SPIN, name="spin_close.py", **GRACE) for _ in range(20)]
    for h in sessions:
        started(h)
    assert len(threads_running(tmp_path / "spin_close.py")) == 20
    # The runtime closes a session in a worker thread of its own; so do these.
    closers = [threading.Thread(target=h.session.close, args=("test",)) for h in sessions]
    for closer in closers:
        closer.start()
    for closer in closers:
        closer.join(30)
    assert wait_until_gone(tmp_path / "spin_close.py") == []


def test_a_forced_stop_waits_while_the_thread_runs_kernel_code() -> None:
    # The exception is only raised while the innermost frames are the app's (__main__).
    ready = threading.Event()
    release = threading.Event()
    seen: list[bool] = []

    def kernel_side() -> None:  # this test module is not __main__: it stands for kernel code
        ready.set()
        release.wait(10)

    thread = threading.Thread(target=kernel_side)
    thread.start()
    assert ready.wait(5)
    assert thread.ident is not None
    seen.append(in_app_code(thread.ident, {"tests"}))
    release.set()
    thread.join(5)
    assert seen == [False]


def test_raise_in_thread_reaches_a_loop() -> None:
    caught: list[BaseException] = []
    ready = threading.Event()

    def spin() -> None:
        try:
            ready.set()
            while True:
                pass
        except StopRun as exc:
            caught.append(exc)

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    assert ready.wait(5) and thread.ident is not None
    assert raise_in_thread(thread.ident, ForcedStop.saying("because a test said so"))
    thread.join(10)
    assert not thread.is_alive()
    [exc] = caught
    assert isinstance(exc, ForcedStop) and isinstance(exc, RunAborted)
    assert type(exc).__name__ == "ForcedStop" and str(exc) == "because a test said so"


def test_stop_grace_seconds_must_be_a_number_of_seconds(headless: MakeHeadless) -> None:
    from kernel import ConfigError

    with pytest.raises(ConfigError, match="stop_grace_seconds"):
        headless(SPIN, **{"runner.stop_grace_seconds": "-1"})


def test_the_reaper_is_woken_only_for_a_sooner_due_time() -> None:
    import threading
    import time

    from kernel_plugins.script_runner._force import Reaper

    class Target:
        def __init__(self) -> None:
            self.looked = threading.Event()

        def force_if_due(self, now: float) -> float | None:
            self.looked.set()
            return None

    reaper = Reaper()
    notified: list[int] = []
    notify = reaper._cond.notify

    def counted(n: int = 1) -> None:
        notified.append(n)
        notify(n)

    reaper._cond.notify = counted  # type: ignore[method-assign]
    first, later, sooner = Target(), Target(), Target()
    reaper.watch(first, time.monotonic() + 30)
    deadline = time.monotonic() + 5
    while reaper._sleeping_until is None and time.monotonic() < deadline:
        time.sleep(0.001)
    reaper.watch(later, time.monotonic() + 60)
    assert notified == [], "due after the time the thread sleeps until: it need not wake"
    reaper.watch(sooner, time.monotonic())
    assert notified == [1]
    assert sooner.looked.wait(5), "the sooner target is looked at without waiting for the first"
    assert not first.looked.is_set() and reaper.watched() == 2
