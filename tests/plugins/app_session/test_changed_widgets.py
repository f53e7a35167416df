"""``Rerun.changed``: the page says which widgets the user changed, and exactly those count.

Two races the field settles. The user picks B, the script sets the widget back to A, and the
user picks B again: the page reports B both times, so comparing with the last report sees no
change and the page would snap back to A. And a request the page sent before it saw the
server's value still carries the old one: that echo must not undo the server's value.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from kernel.contracts.messages import Delta, ForwardMsg, FrameError, Rerun, decode_back_frame
from kernel_plugins.app_session import HeadlessSession
from tests.plugins.conftest import MakeHeadless

PICK_APP = """\
from kernel import st
st.session_state.setdefault("log", [])
def note():
    st.session_state.log.append(st.session_state.w)
if st.button("Reset"):
    st.session_state.w = "A"
choice = st.selectbox("W", ["A", "B", "C"], key="w", on_change=note)
st.text(f"{choice}|{','.join(st.session_state.log)}")
"""
A, B, C = 0, 1, 2  # the selectbox sends the chosen option's index


def _ids(msgs: list[ForwardMsg]) -> dict[str, str]:
    return {m.element.kind: m.element.props["id"] for m in msgs
            if isinstance(m, Delta) and "id" in m.element.props}


def _texts(msgs: list[ForwardMsg]) -> list[str]:
    return [m.element.props["body"] for m in msgs if isinstance(m, Delta) and m.element.kind == "text"]


def _start(headless: MakeHeadless, source: str = PICK_APP) -> tuple[HeadlessSession, dict[str, str]]:
    h = headless(source)
    return h, _ids(h.run({}, changed=()))


def _shown(h: HeadlessSession, states: dict[str, Any], *, changed: tuple[str, ...] | None,
           trigger: str | None = None) -> str:
    """Send a rerun and return what the text element shows after it (the last one sent)."""
    texts = _texts(h.run(states, trigger, changed=changed))
    if texts:
        h.last_text = texts[-1]  # type: ignore[attr-defined]
    return getattr(h, "last_text", "")


def test_picking_again_the_value_picked_last_after_the_script_changed_it(headless: MakeHeadless) -> None:
    h, ids = _start(headless)
    w = ids["selectbox"]
    assert _shown(h, {w: B}, changed=(w,)) == "B|B"
    assert _shown(h, {w: B}, changed=(), trigger=ids["button"]) == "A|B"  # the script set A
    assert _shown(h, {w: B}, changed=(w,)) == "B|B,B"  # the page sends B again: it counts


def test_a_stale_echo_after_a_server_set_value_keeps_the_servers_value(headless: MakeHeadless) -> None:
    h, ids = _start(headless)
    w = ids["selectbox"]
    _shown(h, {w: B}, changed=(w,))
    assert _shown(h, {w: B}, changed=(), trigger=ids["button"]) == "A|B"
    # Requests the page sent before it showed A: its old value, not declared as a change.
    assert _shown(h, {w: B}, changed=()) == "A|B"
    assert _shown(h, {w: C}, changed=()) == "A|B"
    assert _shown(h, {w: C}, changed=(w,)) == "C|B,C"


def test_a_changed_widget_equal_to_its_last_value_still_fires_its_callback(headless: MakeHeadless) -> None:
    h, ids = _start(headless)
    w = ids["selectbox"]
    assert _shown(h, {w: B}, changed=(w,)) == "B|B"
    assert _shown(h, {w: B}, changed=(w,)) == "B|B,B"
    assert _shown(h, {w: B}, changed=()) == "B|B,B"  # a reconnect (or any echo): no change


def test_callbacks_fire_in_the_order_of_changed(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\n"
        "st.session_state.setdefault('log', [])\n"
        "def note(k):\n"
        "    st.session_state.log.append(k)\n"
        "st.checkbox('x', key='x', on_change=note, args=('x',))\n"
        "st.checkbox('y', key='y', on_change=note, args=('y',))\n"
        "st.text(','.join(st.session_state.log))\n"
    )
    msgs = h.run({}, changed=())
    ids = [m.element.props["id"] for m in msgs if isinstance(m, Delta) and m.element.kind == "checkbox"]
    x, y = ids
    assert _texts(h.run({x: True, y: True}, changed=(y, x)))[-1] == "y,x"


def test_a_value_the_server_never_saw_is_taken_without_a_callback(headless: MakeHeadless) -> None:
    h, ids = _start(headless)
    w = ids["selectbox"]
    # A page that reconnected to a new session (the server restarted) reports what it showed.
    fresh = headless(PICK_APP)
    assert _shown(fresh, {w: C}, changed=()) == "C|"
    # A declared change the page has no value for is not one: the page stays as it is.
    assert _texts(h.run({}, changed=(w,))) == []


def test_a_form_submit_applies_every_held_value_even_one_equal_to_the_last(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\n"
        "if st.button('Reset'):\n"
        "    st.session_state.name = 'reset'\n"
        "with st.form('f'):\n"
        "    name = st.text_input('Name', key='name')\n"
        "    agree = st.checkbox('Agree', key='agree')\n"
        "    st.form_submit_button('Send')\n"
        "st.text(f'{name}|{agree}')\n"
    )
    msgs = h.run({}, changed=())
    ids = _ids(msgs)
    button = next(m.element.props["id"] for m in msgs if isinstance(m, Delta)
                  and m.element.kind == "button")
    name, agree, send = ids["text_input"], ids["checkbox"], ids["form_submit_button"]
    held = {name: "Ada", agree: True}
    assert _shown(h, held, changed=(name, agree), trigger=send) == "Ada|True"
    assert _shown(h, held, changed=(), trigger=button) == "reset|True"
    assert _shown(h, held, changed=()) == "reset|True"  # an echo of the old form values
    # The page still holds "Ada" (the user typed it again); the submit sends every held value.
    assert _shown(h, held, changed=(name, agree), trigger=send) == "Ada|True"


def test_an_ignore_held_value_counts_when_it_is_finally_sent(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\n"
        "go = st.button('Go')\n"
        "if st.button('Reset'):\n"
        "    st.session_state.later = 'A'\n"
        "st.text(st.selectbox('Later', ['A', 'B'], key='later', on_change='ignore'))\n"
    )
    msgs = h.run({}, changed=())
    later = _ids(msgs)["selectbox"]
    go, reset = [m.element.props["id"] for m in msgs if isinstance(m, Delta) and m.element.kind == "button"]
    # The page held B (no rerun); it goes, as a change, with the rerun the Go click causes.
    assert _shown(h, {later: B}, changed=(later,), trigger=go) == "B"
    assert _shown(h, {later: B}, changed=(), trigger=reset) == "A"
    # Held B again (the page showed A): sent with the next click, it counts.
    assert _shown(h, {later: B}, changed=(later,), trigger=go) == "B"


def test_a_client_without_the_field_keeps_the_equality_rule(headless: MakeHeadless) -> None:
    h, ids = _start(headless)
    w = ids["selectbox"]
    assert _shown(h, {w: B}, changed=None) == "B|B"
    assert _shown(h, {w: B}, changed=None, trigger=ids["button"]) == "A|B"
    assert _shown(h, {w: B}, changed=None) == "A|B"  # the old client's limitation: equal = no change
    assert _shown(h, {w: C}, changed=None) == "C|B,C"
    assert _shown(h, {w: C}, changed=None) == "C|B,C"


def test_changed_on_the_wire() -> None:
    (msg,) = decode_back_frame('[{"type":"Rerun","widget_states":{"w":1},"changed":["w"]}]')
    assert isinstance(msg, Rerun) and msg.changed == ("w",)
    (legacy,) = decode_back_frame('[{"type":"Rerun","widget_states":{"w":1}}]')
    assert isinstance(legacy, Rerun) and legacy.changed is None
    for bad in ('"w"', "[1]", "{}"):
        with pytest.raises(FrameError, match="changed"):
            decode_back_frame('[{"type":"Rerun","changed":' + bad + "}]")


def test_apptest_declares_what_it_stages_as_changed() -> None:
    from kernel.testing import AppTest

    at = AppTest.from_string(PICK_APP).run()
    at.selectbox("w").select("B").run()
    assert at.text[0].value == "B|B"
    at.button[0].click().run()
    assert at.text[0].value == "A|B" and at.selectbox("w").value == "A"
    at.selectbox("w").select("B").run()  # the value staged last time, picked again
    assert at.text[0].value == "B|B,B" and at.session_state["w"] == "B"
    at.selectbox("w").select("B").run()  # what the widget already shows: no change
    assert at.text[0].value == "B|B,B"


def test_changes_in_a_dropped_timer_rerun_count_at_the_next_run(headless: MakeHeadless) -> None:
    h = headless(
        "import time\n"
        "from kernel import st\n"
        "v = st.selectbox('L', ['A', 'B'], key='l', on_change='ignore')\n"
        "st.text(f'l={v}')\n"
        "if st.session_state.get('slow'):\n"
        "    time.sleep(0.4)\n"
    )
    w = _ids(h.run({}, changed=()))["selectbox"]
    h.run({w: A}, changed=(w,))  # the server knows a value for the widget now
    h.session.state["slow"] = True
    h.send(Rerun({w: A}, changed=()))
    time.sleep(0.1)
    assert h.session.runner.is_running  # type: ignore[attr-defined]
    # A fragment's timer rerun is dropped while a run goes on; the held B it carries is not.
    h.send(Rerun({w: B}, fragment_id="fragment-timer", is_auto_rerun=True, changed=(w,)))
    h.collect()
    h.session.state["slow"] = False
    assert _shown(h, {w: B}, changed=()) == "l=B"  # the page sent its change once
