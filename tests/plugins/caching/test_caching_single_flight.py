"""Single flight: concurrent callers of a missing key compute it once and share the outcome."""

from __future__ import annotations

import threading
import time
from typing import Any

from kernel import st
from kernel._app import KernelApp

CALLERS = 20


def call_concurrently(func: Any, *args: Any) -> list[tuple[str, Any]]:
    """Call ``func`` from 20 threads released at once; ``("ok", value)`` or ``("error", exc)`` each."""
    barrier = threading.Barrier(CALLERS)
    outcomes: list[tuple[str, Any]] = [("missing", None)] * CALLERS

    def worker(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = ("ok", func(*args))
        except Exception as exc:
            outcomes[i] = ("error", exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CALLERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


def test_twenty_callers_compute_once_and_get_copies(app: KernelApp) -> None:
    calls: list[int] = []

    @st.cache_data
    def slow(x: int) -> list[int]:
        calls.append(x)
        time.sleep(0.3)
        return [x, x]

    outcomes = call_concurrently(slow, 5)
    assert calls == [5]
    values = [v for status, v in outcomes if status == "ok"]
    assert len(values) == CALLERS and all(v == [5, 5] for v in values)
    assert len({id(v) for v in values}) == CALLERS, "every caller gets its own copy"


def test_twenty_callers_share_one_resource(app: KernelApp) -> None:
    calls: list[int] = []

    @st.cache_resource
    def model() -> object:
        calls.append(1)
        time.sleep(0.3)
        return object()

    outcomes = call_concurrently(model)
    assert calls == [1]
    assert len({id(v) for _, v in outcomes}) == 1


def test_twenty_callers_get_the_same_exception(app: KernelApp) -> None:
    calls: list[int] = []

    @st.cache_data
    def failing() -> None:
        calls.append(1)
        time.sleep(0.3)
        raise ValueError("backend down")

    outcomes = call_concurrently(failing)
    assert calls == [1]
    errors = [v for status, v in outcomes if status == "error"]
    assert len(errors) == CALLERS and len({id(e) for e in errors}) == 1
    assert str(errors[0]) == "backend down"


def test_different_keys_compute_in_parallel(app: KernelApp) -> None:
    # Each computation waits until all five are computing at once: if one key waited for
    # another's computation, the barrier would break (a generous deadline, not a timing).
    together = threading.Barrier(5)

    @st.cache_data
    def slow(x: int) -> int:
        together.wait(timeout=60)
        return x

    outcomes: list[object] = []

    def call(i: int) -> None:
        try:
            outcomes.append(slow(i))
        except threading.BrokenBarrierError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=str) == [0, 1, 2, 3, 4], "distinct keys must not wait for each other"


def test_recursive_call_with_the_same_arguments_does_not_deadlock(app: KernelApp) -> None:
    depth: list[int] = []

    @st.cache_data
    def again(x: int) -> int:
        depth.append(x)
        return x if len(depth) > 1 else again(x)

    assert again(3) == 3


class RunStopped(BaseException):
    """Stands for the script runner's stop signal raised inside a computing function."""


def test_a_stopped_leader_hands_the_computation_to_a_waiter(app: KernelApp) -> None:
    calls: list[str] = []
    leader_started = threading.Event()

    @st.cache_data
    def slow() -> str:
        calls.append(threading.current_thread().name)
        if len(calls) == 1:
            leader_started.set()
            time.sleep(0.3)
            raise RunStopped
        return "done"

    results: list[Any] = []

    def leader() -> None:
        try:
            slow()
        except RunStopped:
            results.append("stopped")

    def waiter() -> None:
        leader_started.wait()
        results.append(slow())

    threads = [threading.Thread(target=leader, name="leader")]
    threads += [threading.Thread(target=waiter, name=f"waiter{i}") for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(results) == ["done", "done", "done", "stopped"]
    assert len(calls) == 2, "one waiter takes over; the others share its result"
