"""The queue: batching, composing, skipping what the browser shows, trimming stale elements."""

from __future__ import annotations

import threading

from kernel.contracts import ForwardMsgQueue
from kernel.contracts.messages import (
    Delta,
    Element,
    PageConfig,
    ScriptFinished,
    ScriptStarted,
    Trim,
    encode_element,
)
from kernel_plugins.forward_msg_queue import MemoryForwardMsgQueue, ShownTree


def text(body: str) -> Element:
    return Element("text", {"body": body})


def run(queue: MemoryForwardMsgQueue, run_id: int, deltas: list[Delta], status: str = "ok") -> list[object]:
    queue.enqueue(ScriptStarted(run_id))
    for d in deltas:
        queue.enqueue(d)
    queue.enqueue(ScriptFinished(run_id, status))
    return list(queue.flush())


def test_satisfies_the_contract() -> None:
    assert isinstance(MemoryForwardMsgQueue(), ForwardMsgQueue)


def test_flush_returns_messages_in_order_and_empties_the_queue() -> None:
    q = MemoryForwardMsgQueue()
    msgs = [ScriptStarted(1), Delta("main", (0,), text("a")), Delta("main", (1,), text("b"))]
    for m in msgs:
        q.enqueue(m)
    assert q.flush() == msgs
    assert q.flush() == []
    stats = q.statistics()
    assert (stats.queued, stats.enqueued_total, stats.flushed_total) == (0, 3, 3)


def test_identical_element_is_not_resent() -> None:
    q = MemoryForwardMsgQueue()
    first = run(q, 1, [Delta("main", (0,), text("a")), Delta("main", (1,), text("b"))])
    assert len(first) == 4
    second = run(q, 2, [Delta("main", (0,), text("a")), Delta("main", (1,), text("B"))])
    assert second == [ScriptStarted(2), Delta("main", (1,), text("B")), ScriptFinished(2, "ok")]
    assert q.statistics().skipped_identical == 1


def test_newer_delta_for_a_queued_path_replaces_it() -> None:
    q = MemoryForwardMsgQueue()
    q.enqueue(Delta("main", (0,), text("a")))
    q.enqueue(Delta("main", (1,), text("x")))
    q.enqueue(Delta("main", (0,), text("b")))
    assert q.flush() == [Delta("main", (0,), text("b")), Delta("main", (1,), text("x"))]
    assert q.statistics().composed == 1


def test_composing_a_different_kind_moves_it_after_the_old_children() -> None:
    q = MemoryForwardMsgQueue()
    block = Element("columns", {"role": "row"}, block=True)
    q.enqueue(Delta("main", (0,), block))
    q.enqueue(Delta("main", (0, 0), text("child")))
    q.enqueue(Delta("main", (0,), Element("empty", {})))
    assert q.flush() == [Delta("main", (0, 0), text("child")), Delta("main", (0,), Element("empty", {}))]


def test_trailing_elements_not_written_by_a_run_are_trimmed() -> None:
    q = MemoryForwardMsgQueue()
    run(q, 1, [Delta("main", (i,), text(str(i))) for i in range(5)] + [Delta("sidebar", (0,), text("s"))])
    msgs = run(q, 2, [Delta("main", (i,), text(str(i))) for i in range(3)])
    finished = msgs[-1]
    assert isinstance(finished, ScriptFinished)
    assert set(finished.trim) == {Trim("main", (), 3), Trim("sidebar", (), 0)}
    # The trimmed elements are forgotten: writing them again sends them again.
    msgs = run(q, 3, [Delta("main", (i,), text(str(i))) for i in range(4)])
    assert [m.path for m in msgs if isinstance(m, Delta)] == [(3,)]


def test_trim_inside_containers() -> None:
    q = MemoryForwardMsgQueue()
    row = Element("columns", {"role": "row"}, block=True)
    col = Element("columns", {"role": "column"}, block=True)
    run(q, 1, [Delta("main", (0,), row), Delta("main", (0, 0), col), Delta("main", (0, 0, 0), text("a")),
               Delta("main", (0, 0, 1), text("b"))])
    msgs = run(q, 2, [Delta("main", (0,), row), Delta("main", (0, 0), col), Delta("main", (0, 0, 0), text("a"))])
    assert msgs[-1] == ScriptFinished(2, "ok", (Trim("main", (0, 0), 1),))


def test_interrupted_run_trims_nothing_and_the_next_run_cleans_up() -> None:
    q = MemoryForwardMsgQueue()
    run(q, 1, [Delta("main", (i,), text(str(i))) for i in range(3)])
    msgs = run(q, 2, [Delta("main", (0,), text("0"))], status="rerun")
    assert msgs[-1] == ScriptFinished(2, "rerun")
    msgs = run(q, 3, [Delta("main", (0,), text("0")), Delta("main", (1,), text("1"))], status="stopped")
    assert msgs[-1] == ScriptFinished(3, "stopped", (Trim("main", (), 2),))


def test_kind_change_drops_the_old_subtree() -> None:
    tree = ShownTree()
    tree.put("main", (0,), Element("columns", {}, block=True), 1)
    tree.put("main", (0, 0), text("child"), 1)
    assert len(tree) == 2
    assert tree.put("main", (0,), text("flat"), 2)
    assert len(tree) == 1 and tree.digest_at("main", (0, 0)) is None


def test_reset_shown_resends_everything() -> None:
    q = MemoryForwardMsgQueue()
    run(q, 1, [Delta("main", (0,), text("a"))])
    q.enqueue(PageConfig(title="t"))
    q.flush()
    q.reset_shown()
    msgs = run(q, 2, [Delta("main", (0,), text("a"))])
    q.enqueue(PageConfig(title="t"))
    assert Delta("main", (0,), text("a")) in msgs
    assert q.flush() == [PageConfig(title="t")]


def test_after_a_reset_the_next_cleanup_trims_every_root_and_container_it_wrote() -> None:
    q = MemoryForwardMsgQueue()
    row = Element("columns", {"role": "row"}, block=True)
    run(q, 1, [Delta("main", (0,), row)] + [Delta("main", (0, i), text(str(i))) for i in range(3)]
        + [Delta("main", (i,), text(str(i))) for i in range(1, 5)] + [Delta("sidebar", (0,), text("s"))])
    q.reset_shown()  # e.g. a reconnect: the browser may hold more than what we will write
    msgs = run(q, 2, [Delta("main", (0,), row), Delta("main", (0, 0), text("0")), Delta("main", (1,), text("1"))])
    finished = msgs[-1]
    assert isinstance(finished, ScriptFinished)
    assert set(finished.trim) == {Trim("main", (), 2), Trim("main", (0,), 1), Trim("sidebar", (), 0)}
    # Only once: afterwards the tree is known again.
    msgs = run(q, 3, [Delta("main", (0,), row), Delta("main", (0, 0), text("0")), Delta("main", (1,), text("1"))])
    assert msgs == [ScriptStarted(3), ScriptFinished(3, "ok")]


def test_identical_page_config_is_sent_once() -> None:
    q = MemoryForwardMsgQueue()
    q.enqueue(PageConfig(title="t"))
    q.enqueue(PageConfig(title="t"))
    assert q.flush() == [PageConfig(title="t")]


def test_listener_fires_when_the_queue_becomes_non_empty_and_for_urgent_messages() -> None:
    calls: list[bool] = []
    q = MemoryForwardMsgQueue()
    q.set_listener(calls.append)
    q.enqueue(ScriptStarted(1))
    q.enqueue(Delta("main", (0,), text("a")))
    q.enqueue(Delta("main", (1,), text("b")))
    assert calls == [False]  # deltas of a running script do not wake the flusher one by one
    q.enqueue(ScriptFinished(1, "ok"))
    assert calls == [False, True]  # the end of the run is urgent
    q.flush()
    q.enqueue(PageConfig(title="x"))
    assert calls == [False, True, True]
    q.set_listener(None)
    q.flush()
    q.enqueue(ScriptStarted(2))
    assert calls == [False, True, True]


def test_setting_a_listener_on_a_non_empty_queue_wakes_it() -> None:
    q = MemoryForwardMsgQueue()
    q.enqueue(ScriptStarted(1))
    calls: list[bool] = []
    q.set_listener(calls.append)
    assert calls == [True]


def test_enqueue_from_many_threads_loses_nothing() -> None:
    q = MemoryForwardMsgQueue()
    flushed: list[object] = []

    def writer(root: str) -> None:
        for i in range(500):
            q.enqueue(Delta(root, (i,), text(str(i))))

    threads = [threading.Thread(target=writer, args=(f"r{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        flushed.extend(q.flush())
    for t in threads:
        t.join()
    flushed.extend(q.flush())
    assert len(flushed) == 2000


def test_wait_flushed_returns_when_the_flusher_took_the_messages() -> None:
    q = MemoryForwardMsgQueue()
    assert q.wait_flushed(0.0)  # empty: nothing to wait for
    q.enqueue(ScriptStarted(1))
    assert q.wait_flushed(0.0)  # no listener: nobody would flush it
    q.set_listener(lambda urgent: None)
    assert not q.wait_flushed(0.01)  # queued, and nobody flushes
    flusher = threading.Timer(0.05, q.flush)
    flusher.start()
    assert q.wait_flushed(60)
    flusher.join()
    assert q.wait_flushed(0.0)


def test_an_element_known_by_its_digest_is_skipped_when_shown_again_and_kept_by_the_cleanup() -> None:
    q = MemoryForwardMsgQueue()
    q.enqueue(ScriptStarted(1))
    for i in range(3):
        q.enqueue_leaf("main", (i,), "text", {"body": str(i), "help": None}, 100 + i)
    q.enqueue(ScriptFinished(1, "ok"))
    # Built by the queue, None values left out.
    assert [m for m in q.flush() if isinstance(m, Delta)] == [Delta("main", (i,), text(str(i))) for i in range(3)]
    q.enqueue(ScriptStarted(2))
    q.enqueue_leaf("main", (0,), "text", {"body": "0"}, 100)  # shown already: skipped
    q.enqueue_leaf("main", (1,), "text", {"body": "new"}, 999)  # another digest: sent
    q.enqueue(ScriptFinished(2, "ok"))
    msgs = q.flush()
    # Element 0 counts as written by run 2: only element 2 is trimmed.
    assert msgs == [ScriptStarted(2), Delta("main", (1,), text("new")), ScriptFinished(2, "ok", (Trim("main", (), 2),))]
    stats = q.statistics()
    assert (stats.skipped_identical, stats.enqueued_total) == (1, 9)


def test_a_leaf_known_by_its_digest_never_matches_a_container_nor_a_missing_path() -> None:
    q = MemoryForwardMsgQueue()
    row = Element("columns", {"role": "row"}, block=True)
    q.enqueue(ScriptStarted(1))
    q.enqueue(Delta("main", (0,), row))
    q.enqueue_leaf("main", (0, 0), "text", {"body": "a"}, 7)
    q.enqueue(ScriptFinished(1, "ok"))
    q.flush()
    q.enqueue(ScriptStarted(2))
    q.enqueue(Delta("main", (0,), row))
    q.enqueue_leaf("main", (0, 0), "text", {"body": "a"}, 7)  # nested: the container and the leaf count as written
    q.enqueue(ScriptFinished(2, "ok"))
    assert q.flush() == [ScriptStarted(2), ScriptFinished(2, "ok")]
    # A leaf where a container was replaces it, whatever the container's digest.
    container_digest = q._shown.digest_at("main", (0,))
    assert container_digest is not None
    q.enqueue_leaf("main", (0,), "text", {"body": "b"}, container_digest)
    q.enqueue_leaf("sidebar", (0,), "text", {"body": "a"}, 7)  # another root
    q.enqueue_leaf("main", (1, 0), "text", {"body": "a"}, 7)  # no container at (1,) yet
    assert [m.path for m in q.flush() if isinstance(m, Delta)] == [(0,), (0,), (1, 0)]
    # A digest the producer gave is what later elements are compared with, not their JSON.
    q.enqueue_leaf("main", (1, 0), "text", {"body": "a"}, 8)
    assert len(q.flush()) == 1


def test_a_leaf_queued_twice_for_one_path_is_composed_and_counted_once() -> None:
    q = MemoryForwardMsgQueue()
    q.enqueue(ScriptStarted(1))
    q.enqueue_leaf("main", (0,), "text", {"body": "a"}, 1)
    q.enqueue_leaf("main", (0,), "text", {"body": "bb"}, 2)
    assert q.queued_bytes() == len(encode_element(text("bb")))
    assert q.flush() == [ScriptStarted(1), Delta("main", (0,), text("bb"))]


def test_after_reset_shown_a_digest_is_shown_again_no_more() -> None:
    q = MemoryForwardMsgQueue()
    run(q, 1, [])
    q.enqueue_leaf("main", (0,), "text", {"body": "a"}, 5)
    q.flush()
    q.reset_shown()
    q.enqueue_leaf("main", (0,), "text", {"body": "a"}, 5)
    assert q.flush() == [Delta("main", (0,), text("a"))]
