"""The page's query string in a rerun request: it wins over the server's latest URL write only
when the page navigated (``Rerun.navigation``) or on the session's first report.

The race these tests pin down: the server changes a widget bound to the URL (an assignment
through ``st.session_state``) and sends the new URL in a ``PageInfo``; a request the page sent
before that ``PageInfo`` arrived still carries the old URL, and must not bring the old value back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel.contracts import AppSession, QueryStringStore
from kernel.contracts.messages import Delta, ForwardMsg, PageInfo, Rerun, ScriptFinished, decode_back_frame
from kernel_plugins.app_session import HeadlessSession

MakeHeadless = Callable[..., HeadlessSession]

BOUND_APP = """\
from kernel import st
if st.button("Reset"):
    st.session_state.q = "reset"
st.text(st.text_input("Q", key="q", bind="query-params"))
st.text(repr(sorted(st.query_params.to_dict().items())))
"""


def _ids(msgs: list[ForwardMsg]) -> dict[str, str]:
    return {m.element.kind: m.element.props["id"] for m in msgs
            if isinstance(m, Delta) and m.element is not None and "id" in m.element.props}


def _texts(msgs: list[ForwardMsg]) -> list[str]:
    return [m.element.props["body"] for m in msgs
            if isinstance(m, Delta) and m.element is not None and m.element.kind == "text"]


def query_string(session: AppSession) -> QueryStringStore:
    return session.state.query_string


def _urls(msgs: list[ForwardMsg]) -> list[str]:
    return [m.query_string for m in msgs if isinstance(m, PageInfo)]


def _rerun(h: HeadlessSession, states: dict[str, Any], query: str, *, navigation: bool,
           trigger: str | None = None) -> list[ForwardMsg]:
    h.send(Rerun(states, trigger, query_string=query, navigation=navigation))
    return h.collect()


def test_a_request_that_left_before_the_servers_url_change_keeps_the_servers_value(
        headless: MakeHeadless) -> None:
    h = headless(BOUND_APP)
    first = _rerun(h, {}, "q=hello", navigation=True)  # the page opened with ?q=hello
    ids = _ids(first)
    assert _texts(first)[0] == "hello"
    clicked = _rerun(h, {ids["text_input"]: "hello"}, "q=hello", navigation=False, trigger=ids["button"])
    assert _texts(clicked)[0] == "reset" and _urls(clicked) == ["q=reset"]
    # Sent by the page before it applied PageInfo(q=reset): the old URL, and the old field value.
    stale = _rerun(h, {ids["text_input"]: "hello"}, "q=hello", navigation=False)
    assert _texts(stale) == []  # nothing changed on the page: the server's value stands
    assert _urls(stale) == []
    again = _rerun(h, {ids["text_input"]: "hello"}, "q=reset", navigation=False)
    assert _texts(again) == [] and _urls(again) == []


def test_a_navigation_with_another_query_string_wins(headless: MakeHeadless) -> None:
    h = headless(BOUND_APP)
    ids = _ids(_rerun(h, {}, "q=hello", navigation=True))
    _rerun(h, {ids["text_input"]: "hello"}, "q=hello", navigation=False, trigger=ids["button"])
    back = _rerun(h, {ids["text_input"]: "hello"}, "q=hello", navigation=True)  # back to ?q=hello
    assert _texts(back)[0] == "hello" and _urls(back) == []
    typed = _rerun(h, {ids["text_input"]: "hello"}, "q=typed&x=1", navigation=True)
    assert _texts(typed) == ["typed", "[('q', 'typed'), ('x', '1')]"]


def test_a_stale_request_does_not_undo_a_query_params_write(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\n"
        "if st.button('Go'):\n"
        "    st.query_params['step'] = '2'\n"
        "st.text(st.query_params.get('step', '-'))\n"
    )
    first = _rerun(h, {}, "step=1", navigation=True)
    button = _ids(first)["button"]
    clicked = _rerun(h, {}, "step=1", navigation=False, trigger=button)
    assert _urls(clicked) == ["step=2"] and _texts(clicked) == ["2"]
    stale = _rerun(h, {}, "step=1", navigation=False)
    assert _texts(stale) == []  # still "2": unchanged, not sent again
    assert query_string(h.session).text() == "step=2"


def test_the_first_report_of_a_session_is_taken_without_navigation(headless: MakeHeadless) -> None:
    """A page that reconnects to a new session (the server restarted) did not navigate, but
    the new session has no URL yet."""
    h = headless(BOUND_APP)
    msgs = _rerun(h, {}, "q=kept", navigation=False)
    assert _texts(msgs)[0] == "kept"


def test_a_reconnecting_page_with_an_old_url_gets_the_sessions_url(headless: MakeHeadless) -> None:
    """The PageInfo of a server change can be lost with a dropped connection: the first request
    of the next connection that reports another URL is answered with the session's."""
    h = headless(BOUND_APP)
    ids = _ids(_rerun(h, {}, "q=hello", navigation=True))
    _rerun(h, {ids["text_input"]: "hello"}, "q=hello", navigation=False, trigger=ids["button"])
    h.send(Rerun({ids["text_input"]: "hello"}, query_string="q=hello", navigation=False, context={"locale": "en"}))
    msgs = h.collect()
    assert _urls(msgs) == ["q=reset"] and "hello" not in _texts(msgs)
    h.send(Rerun({}, query_string="q=reset", navigation=False, context={"locale": "en"}))
    assert _urls(h.collect()) == []  # same URL: nothing to correct


def test_navigation_on_the_wire() -> None:
    [sent] = decode_back_frame('[{"type":"Rerun","widget_states":{},"trigger":null,"query_string":"a=1",'
                               '"navigation":false}]')
    assert sent == Rerun({}, None, query_string="a=1", navigation=False)
    [older] = decode_back_frame('[{"type":"Rerun","widget_states":{},"trigger":null,"query_string":"a=1"}]')
    assert isinstance(older, Rerun) and older.navigation is True  # clients without the field navigate


def test_a_stale_request_after_the_server_corrected_the_url_changes_nothing(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\nst.text(st.slider('N', 0, 10, key='n', bind='query-params'))\n")
    first = _rerun(h, {}, "n=99", navigation=True)  # clamped like a page value, and the URL corrected
    assert _texts(first) == ["10"] and _urls(first) == ["n=10"]
    ids = _ids(first)
    stale = _rerun(h, {}, "n=99", navigation=False)
    assert _texts(stale) == [] and _urls(stale) == [] and query_string(h.session).text() == "n=10"
    moved = _rerun(h, {ids["slider"]: 4}, "n=4", navigation=False)  # the page's own change
    assert _texts(moved) == ["4"] and _urls(moved) == ["n=4"]


CHECK_APP = """\
from kernel import st
color = st.selectbox("Color", ["Red", "Green", "Blue"], key="color", bind="query-params")
dark = st.checkbox("Dark", key="dark", bind="query-params")
st.text(f"{color} {dark}")
"""


def test_a_value_the_page_wrote_itself_is_corrected_even_when_the_server_never_wrote_another(
        headless: MakeHeadless) -> None:
    # The flaky browser test's race (issue 18): "check" then "uncheck" in quick succession. The
    # page writes each value into its URL at once (dark=true, then dark=false) and sends a
    # request for each; the run of the first request is cut short (by the second) before it
    # reached the checkbox, so the server's URL never had dark=true. The second run finds the
    # checkbox at its default, as the server's URL already says (no parameter): it must still
    # tell the page, whose URL shows dark=false.
    h = headless(CHECK_APP)
    first = _rerun(h, {}, "color=Blue", navigation=True)
    ids = _ids(first)
    assert _texts(first) == ["Blue False"]
    h.send(Rerun({ids["selectbox"]: 2, ids["checkbox"]: False}, None, query_string="color=Blue&dark=false",
                 navigation=False, changed=(ids["checkbox"],)))
    msgs = h.collect()
    assert h.session.state["dark"] is False and h.session.state["color"] == "Blue"
    assert _urls(msgs)[-1:] == ["color=Blue"]


def test_a_change_the_interrupted_run_took_is_still_corrected_by_the_next(headless: MakeHeadless) -> None:
    # "check" then "uncheck" again, on a busy machine: the run asked for by "check" starts
    # just as the "uncheck" request arrives, takes its value (dark=False, a change) and is
    # interrupted by that request before it reaches the checkbox. The next run gets no new
    # change, but the page's URL still shows its own form of the change (dark=false): that
    # run must correct it, as the interrupted one would have.
    import threading

    from kernel import hookimpl

    h = headless(CHECK_APP)
    first = _rerun(h, {}, "color=Blue", navigation=True)
    ids = _ids(first)
    reached, go_on = threading.Event(), threading.Event()
    armed = [True]

    class HoldTheNextRunsStart:
        """Holds the next run after it started, before the widgets take the page's input."""

        @hookimpl(tryfirst=True)
        def kernel_script_run_started(self) -> None:
            if armed:
                armed.clear()
                reached.set()
                go_on.wait(60)

    h.session.app.pm.register(HoldTheNextRunsStart(), "hold")
    h.send(Rerun({ids["selectbox"]: 2, ids["checkbox"]: True}, None, query_string="color=Blue&dark=true",
                 navigation=False, changed=(ids["checkbox"],)))
    assert reached.wait(60), "the run did not start"
    h.send(Rerun({ids["selectbox"]: 2, ids["checkbox"]: False}, None, query_string="color=Blue&dark=false",
                 navigation=False, changed=(ids["checkbox"],)))
    go_on.set()
    msgs = h.collect(timeout=60)
    assert [m.status for m in msgs if isinstance(m, ScriptFinished)] == ["rerun", "ok"]
    assert h.session.state["dark"] is False
    assert _urls(msgs)[-1:] == ["color=Blue"]
