"""The worker threads of script runs: reuse, a limit on young runs, no starvation."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from pathlib import Path

from kernel_plugins.script_runner._runner import ScriptThreads


def test_threads_are_reused() -> None:
    pool = ScriptThreads(max_young=4, long_run=0.2)
    names: list[int] = []
    for _ in range(5):
        done = threading.Event()

        def task(done: threading.Event = done) -> None:
            names.append(threading.get_ident())
            done.set()

        pool.submit(task)
        assert done.wait(5)
        time.sleep(0.01)  # the worker goes back to waiting
    assert len(set(names)) == 1


def test_at_most_max_young_runs_at_once() -> None:
    pool = ScriptThreads(max_young=2, long_run=5.0)
    lock = threading.Lock()
    running = 0
    peak = 0
    finished = threading.Semaphore(0)

    def task() -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.02)
        with lock:
            running -= 1
        finished.release()

    for _ in range(10):
        pool.submit(task)
    for _ in range(10):
        assert finished.acquire(timeout=5)
    assert peak == 2


def test_long_runs_do_not_starve_waiting_ones() -> None:
    pool = ScriptThreads(max_young=1, long_run=0.1)
    stop = threading.Event()
    ran = threading.Event()
    pool.submit(lambda: stop.wait(120))  # a script that does not end while the test waits
    pool.submit(ran.set)
    assert ran.wait(60), "the waiting run never started while the long one ran"
    stop.set()


def test_crowded_while_other_runs_run_or_wait() -> None:
    pool = ScriptThreads(max_young=1, long_run=5.0)
    seen: list[bool] = []
    release = threading.Event()
    done = threading.Semaphore(0)

    def lone() -> None:
        seen.append(pool.crowded())
        done.release()

    pool.submit(lone)
    assert done.acquire(timeout=5)
    assert seen == [False]  # a run alone on the server

    def blocking() -> None:
        release.wait(5)
        seen.append(pool.crowded())
        done.release()

    pool.submit(blocking)
    pool.submit(lone)  # waits for the young slot
    release.set()
    assert done.acquire(timeout=5) and done.acquire(timeout=5)
    assert seen == [False, True, False]


def test_runs_waiting_for_io_overlap_once_they_are_no_longer_fresh() -> None:
    # One fresh run at a time, but a run that has waited longer than fresh_for lets the
    # next one start, up to max_young runs started within long_run.
    pool = ScriptThreads(max_young=3, long_run=5.0, max_fresh=1, fresh_for=0.05)
    release = threading.Event()
    started = threading.Semaphore(0)
    finished = threading.Semaphore(0)

    def io_bound() -> None:
        started.release()
        release.wait(10)
        finished.release()

    for _ in range(4):
        pool.submit(io_bound)
    for _ in range(3):
        assert started.acquire(timeout=5)
    assert not started.acquire(timeout=0.3)  # the fourth waits: three young runs
    release.set()
    assert started.acquire(timeout=5)
    for _ in range(4):
        assert finished.acquire(timeout=5)


class _Task:
    """A task object a test can hold a weak reference to (as a runner's bound method holds its runner)."""

    def __init__(self, done: threading.Event) -> None:
        self.done = done

    def __call__(self) -> None:
        self.done.set()


def _collected(ref: weakref.ref[_Task]) -> bool:
    for _ in range(50):
        gc.collect()
        if ref() is None:
            return True
        time.sleep(0.02)  # the worker may still be between the task's end and its wait
    return False


def test_an_idle_worker_keeps_no_reference_to_its_first_task() -> None:
    # The first task of a new worker thread used to travel in the Thread's arguments,
    # which a thread keeps until it ends: an idle worker pinned a closed session.
    pool = ScriptThreads()
    done = threading.Event()
    task = _Task(done)
    ref = weakref.ref(task)
    pool.submit(task)
    assert done.wait(5)
    del task
    assert _collected(ref)


def test_an_idle_worker_keeps_no_reference_to_its_last_task() -> None:
    pool = ScriptThreads()
    refs = []
    for _ in range(3):  # the same worker takes each task in turn
        done = threading.Event()
        task = _Task(done)
        refs.append(weakref.ref(task))
        pool.submit(task)
        assert done.wait(5)
        del task
        time.sleep(0.02)
    assert all(_collected(ref) for ref in refs)


def test_a_closed_session_is_not_kept_alive_by_its_worker_thread(tmp_path: Path) -> None:
    from kernel._app import AppOptions, build_app
    from kernel_plugins.app_session import HeadlessSession

    script = tmp_path / "app.py"
    script.write_text("from kernel import st\nst.text('hi')\n")
    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={}))
    headless = HeadlessSession(app)
    headless.run()
    headless.close()
    ref = weakref.ref(headless.session)
    del headless
    for _ in range(50):
        gc.collect()
        if ref() is None:
            break
        time.sleep(0.02)
    assert ref() is None, gc.get_referrers(ref())


def test_a_long_run_gets_a_lower_priority_and_its_thread_gets_it_back() -> None:
    import os

    from kernel_plugins.script_runner._priority import Demoter

    demoter = Demoter(after=0.05, step=5)
    seen: list[tuple[int, int, bool]] = []
    ready = threading.Event()

    def long_run() -> None:
        native = threading.get_native_id()
        before = os.getpriority(os.PRIO_PROCESS, native)
        demoter.started()
        deadline = time.monotonic() + 10
        while not demoter.demoted() and time.monotonic() < deadline:
            time.sleep(0.01)
        during = os.getpriority(os.PRIO_PROCESS, native)
        kept = demoter.finished()
        seen.append((during - before, os.getpriority(os.PRIO_PROCESS, native) - before, kept))
        ready.set()

    thread = threading.Thread(target=long_run)
    thread.start()
    assert ready.wait(15)
    thread.join(5)
    [(lowered, after, kept)] = seen
    assert lowered == 5
    # Raising a priority again needs privilege; without it the worker ends instead.
    assert (after, kept) == (0, True) or (after, kept) == (5, False)


def test_the_watcher_keeps_looking_between_runs_and_sleeps_once_they_stop() -> None:
    # Runs a few tenths of a second apart (a user moving a slider) must not each wake the
    # watcher thread into the GIL: it keeps looking for `linger` seconds after a run ...
    from kernel_plugins.script_runner._priority import Demoter

    demoter = Demoter(after=0.04, linger=0.5)
    demoter.started()
    demoter.finished()
    time.sleep(0.15)
    assert not demoter._waiting
    # ... and then sleeps until the next run starts.
    deadline = time.monotonic() + 5
    while not demoter._waiting and time.monotonic() < deadline:
        time.sleep(0.01)
    assert demoter._waiting
    demoter.started()
    demoter.finished()
    deadline = time.monotonic() + 5
    while demoter._waiting and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not demoter._waiting


def test_the_switch_interval_is_short_only_while_a_run_is_long() -> None:
    import sys

    from kernel_plugins.script_runner import _priority

    before = sys.getswitchinterval()
    demoter = _priority.Demoter(after=0.05, linger=0.2)
    _priority.configure_switch_interval(0.0007)
    try:
        demoter.started()
        assert sys.getswitchinterval() == before  # a run that just started is short
        deadline = time.monotonic() + 5
        while sys.getswitchinterval() != 0.0007 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sys.getswitchinterval() == 0.0007
        demoter.finished()
        deadline = time.monotonic() + 5
        while sys.getswitchinterval() != before and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sys.getswitchinterval() == before
    finally:
        _priority.restore_switch_interval()
        demoter.finished()
