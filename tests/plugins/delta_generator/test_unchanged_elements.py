"""An element the page shows already is skipped before it is built (the queue's digest pair)."""

from __future__ import annotations

from collections.abc import Callable

from kernel.contracts.messages import Delta, ForwardMsg, ScriptFinished
from kernel_plugins.app_session import HeadlessSession

MakeHeadless = Callable[..., HeadlessSession]


def deltas(msgs: list[ForwardMsg]) -> list[Delta]:
    return [m for m in msgs if isinstance(m, Delta)]


def test_an_unchanged_page_sends_nothing_and_a_changed_element_is_sent(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\n"
        "n = st.session_state.setdefault('n', 0)\n"
        "st.session_state['n'] = n + 1\n"
        "for i in range(20):\n"
        "    st.text(f'row {i}', help='a **tip**')\n"
        "st.markdown(f'run **{n // 2}**')\n"
        "st.write({'a': [1, 2]})\n"  # not simple properties: compared by their JSON
    )
    first = deltas(h.run())
    assert len(first) == 22
    skipped = h.session.queue.statistics().skipped_identical
    second = h.run()
    assert deltas(second) == [] and isinstance(second[-1], ScriptFinished) and second[-1].trim == ()
    assert h.session.queue.statistics().skipped_identical == skipped + 22
    third = deltas(h.run())
    assert [d.element.props["_body"] for d in third] == ["run **1**"]
    assert third[0].element.props["html"] == "<p>run <strong>1</strong></p>\n"


def test_a_flag_and_a_number_equal_in_python_are_different_elements(headless: MakeHeadless) -> None:
    # True == 1 and hash(True) == hash(1), but the page gets "true" or "1": each change is sent.
    h = headless(
        "from kernel import st\n"
        "n = st.session_state.setdefault('n', 0)\n"
        "st.session_state['n'] = n + 1\n"
        "st.text('a', wrap=[True, 1, 1.0, True, True][n])\n"
    )
    sent = [[d.element.props["wrap"] for d in deltas(h.run())] for _ in range(5)]
    assert sent == [[True], [1], [1.0], [True], []]
    assert [type(w[0]) for w in sent[:4]] == [bool, int, float, bool]


def test_an_element_replaced_in_its_slot_is_compared_with_the_slot(headless: MakeHeadless) -> None:
    h = headless(
        "from kernel import st\n"
        "slot = st.empty()\n"
        "slot.text('first')\n"
        "slot.text('second')\n"
        "st.text('after')\n"
    )
    assert [d.element.props.get("body") for d in deltas(h.run())] == ["second", "after"]
    # The slot held "second", then "empty" and "first" were put there: "second" differs from
    # the last element put and is sent again (the queue composes the three into one delta).
    assert [d.element.props.get("body") for d in deltas(h.run())] == ["second"]
