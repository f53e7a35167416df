"""st.fragment: partial reruns of only the fragment's function, scoped cleanup, run_every, st.rerun scopes."""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kernel._app import AppOptions, build_app
from kernel.contracts.messages import Delta, ForwardMsg, Rerun, ScriptFinished, ScriptStarted, Stop
from kernel.testing import AppTest
from kernel_plugins.app_session import HeadlessSession
from kernel_plugins.fragments._fragment import FragmentError, parse_interval

MakeHeadless = Callable[..., HeadlessSession]


@pytest.fixture
def headless(tmp_path: Path) -> Iterator[MakeHeadless]:
    sessions: list[HeadlessSession] = []

    def make(source: str) -> HeadlessSession:
        script = tmp_path / "app.py"
        script.write_text(source)
        app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={}))
        session = HeadlessSession(app)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


APP = """
from kernel import st
st.session_state.setdefault("full", 0)
st.session_state.setdefault("partial", 0)
st.session_state.full += 1
st.text(f"outside {st.session_state.full}")

@st.fragment
def panel(label):
    st.session_state.partial += 1
    n = st.slider(label, 0, 10, 2)
    st.text(f"inside n={n} runs={st.session_state.partial}")
    if n > 5:
        st.text("big")

panel("n")
st.text("after")
"""


def deltas(msgs: list[ForwardMsg]) -> list[Delta]:
    return [m for m in msgs if isinstance(m, Delta)]


def texts(msgs: list[ForwardMsg]) -> list[str]:
    return [str(d.element.props.get("body")) for d in deltas(msgs) if d.element.kind == "text"]


def finished(msgs: list[ForwardMsg]) -> ScriptFinished:
    return [m for m in msgs if isinstance(m, ScriptFinished)][-1]


def first_run(h: HeadlessSession) -> tuple[str, str]:
    msgs = h.run()
    block = next(d for d in deltas(msgs) if d.element.kind == "fragment")
    slider = next(d for d in deltas(msgs) if d.element.kind == "slider")
    assert texts(msgs) == ["outside 1", "inside n=2 runs=1", "after"]
    return str(block.element.props["fragment_id"]), str(slider.element.props["id"])


def test_a_fragment_widget_reruns_only_the_fragment(headless: MakeHeadless) -> None:
    h = headless(APP)
    fid, sid = first_run(h)
    h.send(Rerun({sid: 7}, None, fragment_id=fid))
    msgs = h.collect()
    assert texts(msgs) == ["inside n=7 runs=2", "big"]
    # Nothing outside the fragment was sent, and only the fragment may be trimmed.
    block_path = next(iter(finished(msgs).scope)).path
    assert all(d.path[: len(block_path)] == block_path for d in deltas(msgs))
    assert h.session.state["full"] == 1
    # Shrinking the fragment trims inside it only.
    h.send(Rerun({sid: 1}, None, fragment_id=fid))
    msgs = h.collect()
    assert texts(msgs) == ["inside n=1 runs=3"]
    trims = finished(msgs).trim
    assert [(t.path, t.keep) for t in trims] == [(block_path, 2)]


def test_a_full_rerun_runs_everything_and_keeps_the_fragment_value(headless: MakeHeadless) -> None:
    h = headless(APP)
    fid, sid = first_run(h)
    h.send(Rerun({sid: 8}, None, fragment_id=fid))
    h.collect()
    msgs = h.run({sid: 8})
    assert "outside 2" in texts(msgs)
    assert not finished(msgs).scope
    assert h.session.state["partial"] == 3


def test_an_unknown_fragment_id_runs_the_whole_app(headless: MakeHeadless) -> None:
    h = headless(APP)
    first_run(h)
    h.send(Rerun({}, None, fragment_id="fragment-gone"))
    msgs = h.collect()
    assert "outside 2" in texts(msgs) and not finished(msgs).scope


def test_fragment_callbacks_and_errors_land_in_the_fragment(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\n"
        "st.text('top')\n"
        "@st.fragment\n"
        "def f():\n"
        "    if st.button('go', on_click=lambda: st.text('from callback')):\n"
        "        raise ValueError('inside')\n"
        "f()\n"
    )
    msgs = h.run()
    block = next(d for d in deltas(msgs) if d.element.kind == "fragment")
    button = next(d for d in deltas(msgs) if d.element.kind == "button")
    h.send(Rerun({}, str(button.element.props["id"]), fragment_id=str(block.element.props["fragment_id"])))
    msgs = h.collect()
    inside = [d for d in deltas(msgs) if d.path[: len(block.path)] == block.path]
    assert [d.element.kind for d in inside] == ["text", "button", "exception"]
    assert inside[2].element.props["message"] == "inside"
    assert finished(msgs).status == "error"



def test_st_rerun_scopes(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\n"
        "st.session_state.setdefault('full', 0)\n"
        "st.session_state.full += 1\n"
        "@st.fragment\n"
        "def f():\n"
        "    st.session_state.setdefault('inner', 0)\n"
        "    st.session_state.inner += 1\n"
        "    if st.button('again') and st.session_state.inner < 4:\n"
        "        st.rerun(scope='fragment')\n"
        "    if st.button('all'):\n"
        "        st.rerun()\n"
        "f()\n"
    )
    msgs = h.run()
    fid = str(next(d for d in deltas(msgs) if d.element.kind == "fragment").element.props["fragment_id"])
    again, everything = [str(d.element.props["id"]) for d in deltas(msgs) if d.element.kind == "button"]
    # Each request is sent as soon as the page hears the run finished, maybe before the
    # runner went idle: a fragment's request waits for it and stays a fragment run.
    h.send(Rerun({}, again, fragment_id=fid))
    h.collect()
    # The click run plus one fragment rerun; the app itself did not run again.
    assert (h.session.state["full"], h.session.state["inner"]) == (1, 3)
    h.send(Rerun({}, everything, fragment_id=fid))
    h.collect()
    assert (h.session.state["full"], h.session.state["inner"]) == (2, 5)


def test_rerun_scope_fragment_outside_a_fragment_run_is_an_error() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        @st.fragment
        def f():
            st.rerun(scope="fragment")
        f()
        """
    ).run()
    assert at.exception[0].type_name == "InvalidLayoutContextError"
    assert ('st.rerun(scope="fragment") can only be specified from @st.fragment-decorated functions during '
            "fragment reruns") in at.exception[0].value


def test_apptest_runs_are_full_runs_and_fragment_widgets_work() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        @st.fragment(run_every="10s")
        def f(prefix):
            st.text(prefix + st.text_input("t", key="t"))
            return "returned"
        st.text(f("> "))
        """
    ).run()
    # st.text strips its body's ends as Streamlit does (issue 18): "> " shows as ">".
    assert at.text.values == [">", "returned"]
    at.text_input("t").input("hi").run()
    assert at.text.values == ["> hi", "returned"]
    assert at.get("fragment")[0].props["run_every"] == 10.0


GATED_APP = APP.replace('st.text("after")', """st.text("after")
gate = st.session_state.get("gate")
if gate is not None:
    st.session_state.gate = None
    reached, go_on = gate
    reached.set()
    go_on.wait(60)
    st.text("slow done")
""")
"""APP whose next full run waits after its last element for the test's ``gate`` (two
Events put in session state: the run sets the first and waits for the second), then
writes one more element."""


def start_gated_run(h: HeadlessSession, request: Rerun) -> tuple[threading.Event, list[ForwardMsg]]:
    """Send ``request`` (a full run of GATED_APP) and wait until the run waits at its gate;
    the gate, and the messages sent so far."""
    reached, gate = threading.Event(), threading.Event()
    h.session.state["gate"] = (reached, gate)
    h.send(request)
    assert reached.wait(60), "the run did not reach its gate"
    assert h.session.runner.is_running  # type: ignore[attr-defined]
    return gate, h.collect(until_finished=False)


def collect_runs(h: HeadlessSession, count: int, sent: list[ForwardMsg] | None = None) -> list[list[ForwardMsg]]:
    """The messages of each run until ``count`` runs finished (those interrupted for a rerun
    included), split at each ScriptStarted; ``sent`` is what was taken already."""
    out = list(sent or [])
    deadline = time.monotonic() + 60
    while sum(isinstance(m, ScriptFinished) for m in out) < count:
        assert time.monotonic() < deadline, f"{count} runs did not finish; got {out!r}"
        out.extend(h.collect(until_finished=False))
        time.sleep(0.005)
    runs: list[list[ForwardMsg]] = []
    for msg in out:
        if isinstance(msg, ScriptStarted) or not runs:
            runs.append([])
        runs[-1].append(msg)
    return runs


def wait_until_idle(h: HeadlessSession) -> None:
    """Wait (60 s at most) until the session's runner has no run under way or asked for."""
    deadline = time.monotonic() + 60
    while h.session.runner.is_running:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, "the runner did not go idle"
        time.sleep(0.005)


def test_fragment_auto_reruns_run_the_fragment_but_never_interrupt_a_run(headless: MakeHeadless) -> None:
    h = headless(GATED_APP)
    fid, _ = first_run(h)
    h.send(Rerun({}, None, fragment_id=fid, is_auto_rerun=True))
    msgs = h.collect()
    assert texts(msgs) == ["inside n=2 runs=2"] and finished(msgs).scope
    gate, sent = start_gated_run(h, Rerun({}))
    h.send(Rerun({}, None, fragment_id=fid, is_auto_rerun=True))  # dropped: a run is in progress
    gate.set()
    [run] = collect_runs(h, 1, sent)
    assert texts(run)[-1] == "slow done" and finished(run).status == "ok" and not finished(run).scope
    wait_until_idle(h)
    assert h.collect(until_finished=False) == [] and h.session.state["full"] == 2


def test_a_fragment_request_during_a_full_run_waits_for_it_then_reruns_the_fragment(
        headless: MakeHeadless) -> None:
    # Rerun semantics: a fragment's request never preempts a full run; it runs after it.
    h = headless(GATED_APP)
    fid, sid = first_run(h)
    gate, sent = start_gated_run(h, Rerun({sid: 2}))
    h.send(Rerun({sid: 7}, None, fragment_id=fid))
    gate.set()
    full, partial = collect_runs(h, 2, sent)
    assert finished(full).status == "ok" and not finished(full).scope  # not interrupted
    assert texts(full) == ["outside 2", "inside n=2 runs=2", "slow done"]  # "after" is unchanged
    assert texts(partial) == ["inside n=7 runs=3", "big"] and finished(partial).scope
    wait_until_idle(h)
    assert h.collect(until_finished=False) == [] and h.session.state["full"] == 2


def test_a_full_request_waiting_for_its_run_covers_a_later_fragment_request(headless: MakeHeadless) -> None:
    h = headless(GATED_APP)
    fid, sid = first_run(h)
    gate, sent = start_gated_run(h, Rerun({sid: 2}))
    h.send(Rerun({sid: 3}))  # interrupts the run at its next st call
    h.send(Rerun({sid: 8}, None, fragment_id=fid))  # a full run is asked for already: it covers this
    gate.set()
    interrupted, full = collect_runs(h, 2, sent)
    assert finished(interrupted).status == "rerun"
    assert texts(full) == ["outside 3", "inside n=8 runs=3", "big"] and not finished(full).scope
    wait_until_idle(h)
    assert h.collect(until_finished=False) == [] and h.session.state["full"] == 3


def test_a_fragment_request_after_a_stop_runs_once_the_stopped_run_ended(headless: MakeHeadless) -> None:
    h = headless(GATED_APP)
    fid, sid = first_run(h)
    gate, sent = start_gated_run(h, Rerun({sid: 2}))
    h.send(Stop())
    h.send(Rerun({sid: 6}, None, fragment_id=fid))
    gate.set()
    stopped, partial = collect_runs(h, 2, sent)
    assert finished(stopped).status == "stopped" and "slow done" not in texts(stopped)
    assert texts(partial) == ["inside n=6 runs=3", "big"] and finished(partial).scope


def test_fragment_widgets_are_cleaned_up_only_by_their_fragment(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\n"
        "show_outer = st.checkbox('outer', value=True, key='outer_shown')\n"
        "if show_outer:\n"
        "    st.text_input('kept', key='kept')\n"
        "@st.fragment\n"
        "def f():\n"
        "    if st.checkbox('inner', value=True, key='inner_shown'):\n"
        "        st.text_input('dropped', key='dropped')\n"
        "f()\n"
    )
    msgs = h.run()
    fid = str(next(d for d in deltas(msgs) if d.element.kind == "fragment").element.props["fragment_id"])
    ids = {d.element.props["label"]: d.element.props["id"] for d in deltas(msgs) if "id" in d.element.props}
    h.run({ids["kept"]: "a", ids["dropped"]: "b"})
    h.send(Rerun({ids["inner"]: False}, None, fragment_id=fid))
    h.collect()
    assert "dropped" not in h.session.state and h.session.state["kept"] == "a"


def test_fragment_keys_and_intervals() -> None:
    assert parse_interval(None) is None
    assert parse_interval(2) == 2.0
    assert parse_interval(datetime.timedelta(minutes=1)) == 60.0
    assert parse_interval("1h23s") == 3623.0
    assert parse_interval("500ms") == 0.5
    for bad in ("soon", 0, -1, [1]):
        with pytest.raises(FragmentError):
            parse_interval(bad)
    at = AppTest.from_string(
        """
        from kernel import st
        @st.fragment(key="k")
        def f():
            st.text("x")
        f()
        f()
        """
    ).run()
    assert at.exception[0].type_name == "DuplicateElementKey"
    at = AppTest.from_string('from kernel import st\n@st.fragment(key="app")\ndef f():\n    pass\n').run()
    assert "reserved" in at.exception[0].value




def test_an_error_in_a_fragment_is_shown_inside_it_and_ends_a_full_run(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\n"
        "st.text('top')\n"
        "@st.fragment\n"
        "def f():\n"
        "    st.text('in fragment')\n"
        "    raise KeyError('oops')\n"
        "f()\n"
        "st.text('never')\n"
    )
    msgs = h.run()
    block = next(d for d in deltas(msgs) if d.element.kind == "fragment")
    error = next(d for d in deltas(msgs) if d.element.kind == "exception")
    assert error.path[: len(block.path)] == block.path and error.path != block.path
    assert texts(msgs) == ["top", "in fragment"] and finished(msgs).status == "error"


RETARGET = (
    "from kernel import st\n"
    "st.session_state.setdefault('full', 0)\n"
    "st.session_state.full += 1\n"
    "@st.fragment(key='panel')\n"
    "def panel():\n"
    "    st.session_state.panel = st.session_state.get('panel', 0) + 1\n"
    "    st.text(f\"panel {st.session_state.panel}\")\n"
    "panel()\n"
    "def only_panel():\n"
    "    st.rerun('panel')\n"
    "def whole_app():\n"
    "    pass\n"
    "a = st.button('a', on_click=only_panel)\n"
    "b = st.checkbox('b', on_change=whole_app)\n"
)


def test_st_rerun_with_a_fragment_key_from_a_callback_reruns_only_that_fragment(headless: MakeHeadless) -> None:
    h = headless(RETARGET)
    msgs = h.run()
    ids = {d.element.kind: str(d.element.props["id"]) for d in deltas(msgs) if "id" in d.element.props}
    msgs = h.run(trigger=ids["button"])
    assert finished(msgs).scope and texts(msgs) == ["panel 2"]
    assert h.session.state["full"] == 1
    # Another callback of the same interaction that does not name the fragment: the whole app.
    msgs = h.run({ids["checkbox"]: True}, trigger=ids["button"])
    assert not finished(msgs).scope and h.session.state["full"] == 2


def test_st_rerun_with_a_key_outside_a_callback_or_unknown_is_an_error() -> None:
    at = AppTest.from_string('from kernel import st\nst.rerun("panel")\n').run()
    assert at.exception[0].type_name == "InvalidLayoutContextError" and "widget callback" in at.exception[0].value
    at = AppTest.from_string(
        "from kernel import st\nst.button('go', on_click=lambda: st.rerun('nope'))\n"
    ).run()
    at.button[0].click().run()
    assert at.exception[0].type_name == "FragmentError" and "no fragment with key='nope'" in at.exception[0].value


def test_the_sidebar_in_a_fragment_rerun_is_a_clear_error(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\n"
        "st.sidebar.text('side')\n"
        "@st.fragment\n"
        "def f():\n"
        "    if st.checkbox('more'):\n"
        "        st.sidebar.text('from fragment')\n"
        "f()\n"
    )
    msgs = h.run()
    fid = str(next(d for d in deltas(msgs) if d.element.kind == "fragment").element.props["fragment_id"])
    box = str(next(d for d in deltas(msgs) if d.element.kind == "checkbox").element.props["id"])
    h.send(Rerun({box: True}, None, fragment_id=fid))
    msgs = h.collect()
    error = next(d for d in deltas(msgs) if d.element.kind == "exception")
    assert "st.sidebar cannot be used while an st.fragment reruns" in error.element.props["message"]
    assert not [d for d in deltas(msgs) if d.root == "sidebar"]


def test_a_sessions_fragment_requests_are_read_and_written_through_the_contract(headless: MakeHeadless) -> None:
    from kernel.contracts.fragments import FragmentRequests, session_fragment_requests

    h = headless(APP)
    fid, sid = first_run(h)
    requests = session_fragment_requests(h.session)
    assert isinstance(requests, FragmentRequests)
    assert requests.pending() == ()
    requests.add(fid)  # as a restored session would: the next run is the fragment's
    assert requests.pending() == (fid,)
    h.session.request_rerun()
    msgs = h.collect()
    assert texts(msgs) == ["inside n=2 runs=2"]
    assert requests.pending() == ()
    requests.add("gone")
    requests.clear()
    assert requests.take() == ()
