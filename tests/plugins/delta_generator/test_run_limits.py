"""Per-run limits: a script that floods the page is stopped with a message (#17 item 6)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from kernel.contracts.messages import Delta, Element, ForwardMsg, Rerun, ScriptFinished
from kernel_plugins.app_session import HeadlessSession
from kernel_plugins.forward_msg_queue import MemoryForwardMsgQueue

MakeHeadless = Callable[..., HeadlessSession]


def statuses(msgs: list[ForwardMsg]) -> list[str]:
    return [m.status for m in msgs if isinstance(m, ScriptFinished)]


def exceptions(msgs: list[ForwardMsg]) -> list[dict[str, object]]:
    return [m.element.props for m in msgs if isinstance(m, Delta) and m.element.kind == "exception"]


def test_an_endless_write_loop_stops_at_the_element_limit_and_says_so(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\nwhile True:\n    st.write(1)\n", **{"runner.max_elements_per_run": "500"})
    msgs = h.run(timeout=30)
    assert statuses(msgs) == ["stopped"]
    [shown] = exceptions(msgs)
    assert shown["type"] == "RunLimitExceeded"
    message = str(shown["message"])
    assert "500 elements" in message and "[runner] max_elements_per_run" in message
    assert "--runner.max_elements_per_run=1000" in message
    # 500 elements, then the message (not counted again).
    assert len([m for m in msgs if isinstance(m, Delta)]) == 501


def test_containers_count_too(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\nwhile True:\n    st.container()\n", **{"runner.max_elements_per_run": "50"})
    msgs = h.run(timeout=30)
    assert [e["type"] for e in exceptions(msgs)] == ["RunLimitExceeded"]


def test_a_page_below_the_limit_is_untouched_and_the_next_run_counts_afresh(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\nfor i in range(50):\n    st.text(i)\n",
                 **{"runner.max_elements_per_run": "50"})
    for _ in range(3):
        msgs = h.run()
        assert statuses(msgs) == ["ok"] and exceptions(msgs) == []


def test_output_nobody_takes_stops_the_run_at_the_queued_bytes_limit(headless: MakeHeadless) -> None:
    # 0.05 MiB of output may wait; the script writes 1 KB texts and nothing is flushed.
    h = headless("from kernel import st\ni = 0\nwhile True:\n    i += 1\n    st.text(str(i) + 'x' * 1000)\n",
                 **{"runner.max_queued_mib": "0.05", "runner.max_elements_per_run": "0"})
    h.session.handle_back_msg(Rerun())
    deadline = time.monotonic() + 30
    while h.session.runner.is_running and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.01)
    msgs = h.session.queue.flush()
    assert statuses(msgs) == ["stopped"]
    [shown] = exceptions(msgs)
    assert shown["type"] == "RunLimitExceeded"
    message = str(shown["message"])
    assert "0.05 MiB that [runner] max_queued_mib allows" in message and "--runner.max_queued_mib=0.1" in message


def test_limits_of_zero_turn_them_off(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\nfor i in range(300):\n    st.text(i)\n",
                 **{"runner.max_elements_per_run": "0", "runner.max_queued_mib": "0"})
    assert exceptions(h.run()) == []


def test_a_negative_limit_is_refused(headless: MakeHeadless) -> None:
    from kernel import ConfigError

    with pytest.raises(ConfigError, match="max_elements_per_run"):
        headless("from kernel import st\n", **{"runner.max_elements_per_run": "-1"})


def test_the_queue_counts_the_bytes_waiting_to_be_sent() -> None:
    from kernel.contracts.messages import encode_element

    queue = MemoryForwardMsgQueue()
    a, b, c = Element("text", {"body": "a" * 100}), Element("text", {"body": "b" * 10}), Element("markdown", {})
    queue.enqueue(Delta("main", (0,), a))
    assert queue.queued_bytes() == len(encode_element(a))
    queue.enqueue(Delta("main", (0,), b))  # replaces the queued delta in place
    assert queue.queued_bytes() == len(encode_element(b))
    queue.enqueue(Delta("main", (0,), c))  # another kind: the older one is dropped
    queue.enqueue(Delta("main", (1,), a))
    assert queue.queued_bytes() == len(encode_element(c)) + len(encode_element(a))
    assert queue.statistics().queued_bytes == queue.queued_bytes()
    queue.flush()
    assert queue.queued_bytes() == 0
