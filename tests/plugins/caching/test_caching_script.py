"""Caching inside real script runs: element replay, spinner, session scope, stats hook."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from kernel import hookimpl
from kernel._app import KernelApp
from kernel.contracts import CacheStorageStatistics
from kernel.contracts.messages import Delta, Element

from .conftest import elements, run_session

ScriptApp = Callable[..., KernelApp]


def texts(msgs: list[Any]) -> list[str]:
    return [props["body"] for _, kind, props in elements(msgs) if kind == "text"]


def test_elements_are_replayed_on_a_hit(script_app: ScriptApp) -> None:
    app = script_app(
        """
        from kernel import st

        @st.cache_data(show_spinner=False)
        def load(n):
            st.text(f"loading {n}")
            return n * 10

        st.text(str(load(1)))
        st.text(str(load(1)))
        """
    )
    session = app.make("app_session", session_id="s1")
    first = run_session(app, session)
    assert texts(first) == ["loading 1", "10", "loading 1", "10"]
    second = run_session(app, session)
    assert elements(second) == elements(first), "a hit replays at the same paths"


def test_replay_into_containers_created_inside_and_slots(script_app: ScriptApp) -> None:
    app = script_app(
        """
        from kernel import st

        @st.cache_resource(show_spinner=False)
        def build():
            box = st.text("box")
            box.text("inside")
            slot = st.text("draft")
            slot.text("final")
            return 1

        st.text("before")
        build()
        st.text("after")
        """
    )
    session = app.make("app_session", session_id="s1")
    first = run_session(app, session, whole=True)
    second = run_session(app, session, whole=True)
    assert elements(second) == elements(first)
    # Deltas for one path still in the queue compose: only the last write is sent.
    paths = [(path, props["body"]) for path, _, props in elements(second)]
    assert paths == [((0,), "before"), ((1,), "inside"), ((2,), "final"), ((3,), "after")]


def test_writing_to_an_outside_container_is_an_error(script_app: ScriptApp) -> None:
    app = script_app(
        """
        from kernel import st

        outside = st.text("outside")

        @st.cache_data(show_spinner=False)
        def bad():
            outside.text("overwrite")
            return 1

        bad()
        """
    )
    session = app.make("app_session", session_id="s1")
    msgs = run_session(app, session)
    errors = [props for _, kind, props in elements(msgs) if kind == "exception"]
    assert errors and errors[0]["type"] == "CacheReplayClosureError"
    assert "created outside the cached function" in errors[0]["message"]


def test_spinner_shows_while_computing_and_is_cleared(script_app: ScriptApp) -> None:
    app = script_app(
        """
        from kernel import st

        @st.cache_data
        def named(x):
            return x

        @st.cache_data(show_spinner="Crunching numbers", show_time=True)
        def custom():
            return 2

        @st.cache_data
        def no_args():
            return 3

        named(1); custom(); no_args()
        """
    )
    session = app.make("app_session", session_id="s1")
    # The queue composes a spinner and the empty element replacing it into one delta
    # when both are still queued, so record what the script enqueued, not what is flushed.
    enqueued: list[Any] = []
    real_enqueue, real_leaf = session.queue.enqueue, session.queue.enqueue_leaf
    session.queue.enqueue = lambda msg: (enqueued.append(msg), real_enqueue(msg))[1]
    session.queue.enqueue_leaf = lambda root, path, kind, props, digest: (
        enqueued.append(Delta(root, path, Element(kind, dict(props)))), real_leaf(root, path, kind, props, digest))[1]
    run_session(app, session)
    first = elements(enqueued)
    spinners = [(path, props["text"]) for path, kind, props in first if kind == "spinner"]
    assert spinners == [((0,), "Running `named(...)`."), ((1,), "Crunching numbers"), ((2,), "Running `no_args()`.")]
    assert [props["show_time"] for _, kind, props in first if kind == "spinner"] == [False, True, False]
    assert [path for path, kind, _ in first if kind == "empty"] == [(0,), (1,), (2,)]
    enqueued.clear()
    run_session(app, session)
    assert [kind for _, kind, _ in elements(enqueued)] == [], "no spinner on a hit"


def test_concurrent_sessions_share_one_computation_and_its_elements(script_app: ScriptApp, tmp_path: Any) -> None:
    app = script_app(
        f"""
        import time
        from pathlib import Path
        from kernel import st

        @st.cache_data(show_spinner=False)
        def slow():
            with open({str(tmp_path / "calls")!r}, "a") as f:
                f.write("x")
            st.text("computed")
            time.sleep(0.5)
            return 42

        st.text(str(slow()))
        """
    )
    sessions = [app.make("app_session", session_id=f"s{i}") for i in range(3)]
    results: dict[str, list[Any]] = {}

    def run(session: Any) -> None:
        results[session.id] = run_session(app, session)

    threads = [threading.Thread(target=run, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (tmp_path / "calls").read_text() == "x"
    for msgs in results.values():
        assert texts(msgs) == ["computed", "42"]


def test_session_scope_keeps_entries_per_session_and_drops_them_on_close(script_app: ScriptApp, tmp_path: Any) -> None:
    app = script_app(
        f"""
        from kernel import st

        def release(value):
            with open({str(tmp_path / "released")!r}, "a") as f:
                f.write(value)

        @st.cache_resource(scope="session", show_spinner=False, on_release=release)
        def mine():
            with open({str(tmp_path / "calls")!r}, "a") as f:
                f.write("x")
            return "r"

        mine()
        """
    )
    one, two = app.make("app_session", session_id="one"), app.make("app_session", session_id="two")
    for session in (one, two, one, two):
        run_session(app, session)
    assert (tmp_path / "calls").read_text() == "xx"
    one.close("test")
    assert (tmp_path / "released").read_text() == "r"


class StatsObserver:
    """A plugin observing cache statistics."""

    def __init__(self) -> None:
        self.seen: list[list[CacheStorageStatistics]] = []

    @hookimpl
    def kernel_cache_stats_updated(self, app: KernelApp, statistics: list[CacheStorageStatistics]) -> None:
        self.seen.append(list(statistics))


def test_stats_hook_reports_functions_called_in_the_run(script_app: ScriptApp) -> None:
    observer = StatsObserver()
    app = script_app(
        """
        from kernel import st

        @st.cache_data(show_spinner=False)
        def double(x):
            return 2 * x

        double(1); double(1); double(2)
        """,
        plugins=(observer,),
    )
    session = app.make("app_session", session_id="s1")
    run_session(app, session)
    run_session(app, session)
    assert len(observer.seen) == 2
    last = observer.seen[-1]
    assert [(s.function_name, s.entries, s.hits, s.misses) for s in last] == [("double", 2, 4, 2)]
    assert last[0].size_bytes > 0


@pytest.mark.parametrize("backend", ["memory", "disk"])
def test_cached_values_survive_reruns(script_app: ScriptApp, backend: str, tmp_path: Any) -> None:
    app = script_app(
        f"""
        from kernel import st

        @st.cache_data(show_spinner=False)
        def value():
            with open({str(tmp_path / "calls")!r}, "a") as f:
                f.write("x")
            return {{"rows": [1, 2, 3]}}

        st.text(str(value()))
        """,
        backend=backend,
    )
    session = app.make("app_session", session_id="s1")
    for _ in range(3):
        assert texts(run_session(app, session)) == ["{'rows': [1, 2, 3]}"]
    assert (tmp_path / "calls").read_text() == "x"


def test_clear_cache_message_from_the_client_clears_both_caches(script_app: ScriptApp, tmp_path: Any) -> None:
    from kernel.contracts.messages import ClearCache

    app = script_app(
        f"""
        from kernel import st

        @st.cache_data(show_spinner=False)
        def data():
            with open({str(tmp_path / "calls")!r}, "a") as f:
                f.write("d")

        @st.cache_resource(show_spinner=False)
        def resource():
            with open({str(tmp_path / "calls")!r}, "a") as f:
                f.write("r")

        data(); resource()
        """
    )
    session = app.make("app_session", session_id="s1")
    run_session(app, session)
    run_session(app, session)
    session.handle_back_msg(ClearCache())
    run_session(app, session)
    assert (tmp_path / "calls").read_text() == "drdr"


def test_containers_created_inside_a_cached_function_are_replayed(script_app: ScriptApp) -> None:
    app = script_app(
        """
        from kernel import st

        @st.cache_data(show_spinner=False)
        def report():
            left, right = st.columns(2)
            left.text("L")
            with right:
                st.text("R")
            return 1

        report()
        st.text("after")
        """
    )
    session = app.make("app_session", session_id="s1")
    first = run_session(app, session)
    second = run_session(app, session)

    def shape(msgs: list[Any]) -> list[tuple[tuple[int, ...], str, bool]]:
        return [(m.path, m.element.kind, m.element.block) for m in msgs if type(m).__name__ == "Delta"]

    assert shape(second) == shape(first)
    assert [k for _, k, b in shape(second) if b] == ["columns", "columns", "columns"]
    assert [p["body"] for p, k, _ in [(m.element.props, m.element.kind, 0) for m in second
                                        if type(m).__name__ == "Delta"] if k == "text"] == ["L", "R", "after"]
