"""Conformance checks every implementation of a component contract must pass.

Each ``check_*`` function takes a component object (or a factory for one), asserts the
behaviour the contract promises, and raises ``AssertionError`` naming what is wrong. A
plugin that replaces a core component runs the matching check in its own tests;
``tests/conformance`` runs them against whatever plugin provides each component.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kernel.context import RunContext, reset_run_context, set_run_context
from kernel.contracts import (
    AppSession,
    CacheStorage,
    ClientInfo,
    ClientStore,
    DeltaGenerator,
    ForwardMsgQueue,
    QueryStringStore,
    Runtime,
    ScriptRunner,
    Secrets,
    SessionState,
    WidgetStore,
)
from kernel.contracts.hookspecs import hookimpl
from kernel.contracts.messages import (
    ClearCache,
    ContainerRef,
    Delta,
    Element,
    ForwardMsg,
    Heartbeat,
    Rerun,
    RunStatus,
    ScriptFinished,
    ScriptStarted,
    Stop,
    Trim,
)
from kernel.contracts.runtime import HEALTH_PATH
from kernel.contracts.session_state import MISSING, WidgetMeta

if TYPE_CHECKING:
    from kernel._app import KernelApp

__all__ = [
    "check_app_session",
    "check_cache_storage_basics",
    "check_client_store",
    "check_delta_generator",
    "check_forward_msg_queue",
    "check_query_string_store",
    "check_runtime",
    "check_runtime_protocol",
    "check_script_runner",
    "check_secrets",
    "check_session_state",
    "check_widget_store",
]


def _is(obj: object, protocol: type, what: str) -> None:
    assert isinstance(obj, protocol), f"{what} {obj!r} does not satisfy {protocol.__name__}"


def check_forward_msg_queue(make_queue: Callable[[], ForwardMsgQueue]) -> None:
    """FIFO order, drain on flush, thread-safe enqueue, counters."""
    queue = make_queue()
    _is(queue, ForwardMsgQueue, "queue")
    assert queue.flush() == [], "a new queue must be empty"
    queue.enqueue(ScriptStarted(1))
    queue.enqueue(ScriptStarted(2))
    assert queue.flush() == [ScriptStarted(1), ScriptStarted(2)], "flush must return messages in order"
    assert queue.flush() == [], "flush must drain the queue"

    def produce(start: int) -> None:
        for i in range(start, start + 200):
            queue.enqueue(ScriptStarted(i))

    threads = [threading.Thread(target=produce, args=(n * 1000,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got = [m.run_id for m in queue.flush() if isinstance(m, ScriptStarted)]
    assert len(got) == 800, f"concurrent enqueue lost messages: {len(got)} of 800"
    for n in range(4):
        mine = [i for i in got if n * 1000 <= i < n * 1000 + 200]
        assert mine == sorted(mine), "messages from one thread must keep their order"
    stats = queue.statistics()
    assert stats.queued == 0
    _check_queue_listener(queue)
    _check_queue_trims(make_queue())


def _check_queue_listener(queue: ForwardMsgQueue) -> None:
    """The listener hears the first message and every urgent one; ``None`` removes it."""
    heard: list[bool] = []
    queue.set_listener(heard.append)
    queue.enqueue(ScriptStarted(1))
    assert heard, "the listener must be called when the queue goes from empty to non-empty"
    queue.enqueue(ScriptFinished(1, "rerun"))
    assert heard[-1] is True, "the listener must be called with urgent=True for a ScriptFinished"
    queue.flush()
    queue.set_listener(None)
    heard.clear()
    queue.enqueue(ScriptStarted(2))
    assert heard == [], "set_listener(None) must remove the listener"
    queue.flush()


def _run(queue: ForwardMsgQueue, run_id: int, paths: list[tuple[int, ...]], status: RunStatus = "ok",
         scope: tuple[ContainerRef, ...] = ()) -> list[ForwardMsg]:
    queue.enqueue(ScriptStarted(run_id))
    for path in paths:
        queue.enqueue(Delta("main", path, Element("text", {"body": str(path)})))
    queue.enqueue(ScriptFinished(run_id, status, scope=scope))
    return queue.flush()


def _trims(msgs: list[ForwardMsg]) -> set[Trim]:
    return {t for m in msgs if isinstance(m, ScriptFinished) for t in m.trim}


def _check_queue_trims(queue: ForwardMsgQueue) -> None:
    """A cleaning run trims what it did not write; a rerun trims nothing; after
    ``reset_shown`` everything is sent again and the next cleanup trims every container."""
    _run(queue, 1, [(0,), (1,), (2,)])
    sent = _run(queue, 2, [(0,)], status="rerun")
    assert _trims(sent) == set(), "a run that ends for a rerun must trim nothing"
    sent = _run(queue, 3, [(0,)])
    assert Trim("main", (), 1) in _trims(sent), \
        f"a run that wrote 1 of 3 children of main must trim main to 1, got {_trims(sent)}"
    _run(queue, 4, [(0,), (1,)])
    sent = _run(queue, 5, [(0,)], scope=(ContainerRef("main", (5,)),))
    assert Trim("main", (), 1) not in _trims(sent), "a partial run trims only inside its scope"
    queue.reset_shown()
    sent = _run(queue, 6, [(0,)])
    assert any(isinstance(m, Delta) and m.path == (0,) for m in sent), \
        "after reset_shown an element the page showed must be sent again"
    assert Trim("main", (), 1) in _trims(sent), "after reset_shown the next cleanup trims every container"


def check_session_state(make_state: Callable[[], SessionState]) -> None:
    """Item access, ``in``, ``del``, iteration, ``to_dict``, and a KeyError naming the key."""
    state = make_state()
    _is(state, SessionState, "session state")
    assert len(state) == 0 and "x" not in state
    state["x"] = 1
    state["y"] = [1, 2]
    assert state["x"] == 1 and "x" in state and len(state) == 2
    assert sorted(state) == ["x", "y"]
    assert state.to_dict() == {"x": 1, "y": [1, 2]}
    del state["x"]
    assert "x" not in state
    try:
        state["missing"]
    except KeyError as exc:
        assert "missing" in str(exc), "the KeyError must name the missing key"
    else:
        raise AssertionError("reading a missing key must raise KeyError")
    _check_widget_bookkeeping(make_state())
    fresh = make_state()
    assert fresh.widgets is fresh.widgets, "a session state keeps one widget store"
    check_widget_store(lambda: make_state().widgets)
    assert fresh.query_string is fresh.query_string and fresh.client is fresh.client, \
        "a session state keeps one query string and one client store"
    check_query_string_store(lambda: make_state().query_string)
    check_client_store(lambda: make_state().client)


def _check_widget_bookkeeping(state: SessionState) -> None:
    """The widget seam: user assignments are taken once, widget keys lock and drop."""
    state["k"] = "user"
    assert state.take_assigned("k") == (True, "user"), "a user assignment must be taken by the widget"
    assert state.take_assigned("k") == (False, None), "a user assignment is taken only once"
    state.set_widget_value("k", "widget")
    assert state["k"] == "widget" and state.take_assigned("k") == (False, None), \
        "set_widget_value is not a user assignment"
    state.lock_widget_key("k", "st.slider")
    try:
        state["k"] = "late"
    except Exception as exc:  # noqa: BLE001 - any error naming the key will do
        assert "k" in str(exc), "the error for assigning a created widget's key must name the key"
    else:
        raise AssertionError("assigning the key of a widget created in this run must raise")
    state.unlock_widget_keys()
    state["k"] = "kept"
    state.drop_widget_key("k")
    assert state["k"] == "kept", "a key the user assigned survives its widget's cleanup"
    state.set_widget_value("k", "widget")
    state.drop_widget_key("k")
    assert "k" not in state, "a gone widget's key is dropped"


def check_cache_storage_basics(storage: CacheStorage) -> None:
    """get/set/delete/clear and counters (the caching plugin ships a fuller kit)."""
    _is(storage, CacheStorage, "cache storage")
    try:
        storage.get("k")
    except KeyError:
        pass
    else:
        raise AssertionError("get of a missing key must raise KeyError")
    storage.set("k", b"v")
    assert storage.get("k") == b"v"
    storage.delete("k")
    storage.delete("k")  # deleting twice is fine
    storage.set("a", b"1")
    storage.clear()
    try:
        storage.get("a")
    except KeyError:
        pass
    else:
        raise AssertionError("clear must remove every entry")
    storage.statistics()


def check_secrets(secrets: Secrets) -> None:
    """Mapping behaviour, ``to_dict`` and ``redact`` on whatever the secrets hold."""
    _is(secrets, Secrets, "secrets")
    data = secrets.to_dict()
    assert isinstance(data, dict)
    assert sorted(secrets) == sorted(data)
    for key in data:
        assert key in secrets
    assert secrets.redact("no secret here") == "no secret here"


def check_delta_generator(dg: DeltaGenerator, queue: ForwardMsgQueue, app: KernelApp | None = None) -> None:
    """``add_element`` writes at increasing paths under the root, through the session's
    queue, and tells the run's observers; with ``app`` (which must have at least one element
    command), also ``with dg:`` and ``dg.<command>`` dispatch (:class:`kernel.contracts.Container`)."""
    _is(dg, DeltaGenerator, "delta generator")
    queue.flush()
    first = dg.add_element("text", {"body": "a"})
    second = dg.add_element("text", {"body": "b"})
    assert first.root == dg.root and second.root == dg.root
    assert first.path != second.path, "two elements must get different paths"
    assert first.path[: len(dg.path)] == dg.path, "an element's path must start with its container's"
    sent = queue.flush()
    assert len(sent) >= 1, "adding elements must enqueue messages"
    block = dg.add_block("container", {})
    assert block.path[: len(dg.path)] == dg.path and block.path not in (first.path, second.path), \
        "a block gets the next path in its container"
    inner = block.add_element("text", {"body": "c"})
    assert inner.path[: len(block.path)] == block.path, "an element added to a block goes under the block's path"
    if app is None:
        return
    ctx = RunContext(app=app, session=dg.session, run_id=0)
    ctx.containers.append(dg)
    seen: list[str] = []
    ctx.element_observers.append(lambda container, kind, props, added: seen.append(kind))
    ctx.block_observers.append(lambda container, kind, props, added: seen.append(f"block:{kind}"))
    token = set_run_context(ctx)
    try:
        dg.add_element("text", {"body": "d"})
        dg.add_block("container", {})
        assert seen == ["text", "block:container"], f"add_element/add_block must call the run's observers, got {seen}"
        with block:
            assert ctx.current_container() is block, "`with dg:` must make dg the run's current container"
        assert ctx.current_container() is dg, "leaving `with dg:` must restore the previous container"
        name = app.commands.names("element")[0]
        assert callable(getattr(dg, name)), f"dg.{name} must dispatch to the {name!r} element command"
        try:
            getattr(dg, "no_such_command_of_any_plugin")  # noqa: B009 - the attribute access is the check
        except AttributeError:
            pass
        else:
            raise AssertionError("an unknown command on a container must raise AttributeError")
    finally:
        reset_run_context(token)
    queue.flush()


class _SessionEvents:
    """Records the events a session must fire; drops every rerun it is asked for."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    @hookimpl
    def kernel_rerun_requested(self, session: AppSession, request: Rerun, running: bool) -> bool:
        self.calls.append(("kernel_rerun_requested", request))
        return False

    @hookimpl
    def kernel_clear_caches(self, app: KernelApp) -> None:
        self.calls.append(("kernel_clear_caches", app))

    @hookimpl
    def kernel_session_closed(self, session: AppSession, reason: str) -> None:
        self.calls.append(("kernel_session_closed", reason))


def check_app_session(session: AppSession) -> None:
    """A session exposes its id, app, stash, state and queue; turns a ``Rerun`` into
    ``kernel_rerun_requested`` (and honours its ``False``: no run starts) and a
    ``ClearCache`` into ``kernel_clear_caches``; takes ``Stop`` and ``Heartbeat``; and
    fires ``kernel_session_closed`` once however often it is closed."""
    _is(session, AppSession, "app session")
    assert isinstance(session.id, str) and session.id
    _is(session.state, SessionState, "session.state")
    _is(session.queue, ForwardMsgQueue, "session.queue")
    assert session.app is not None and session.stash is not None, "a session has its app and a stash"
    events = _SessionEvents()
    session.app.pm.register(events, f"conformance-{id(events)}")
    try:
        request = Rerun()
        session.handle_back_msg(request)
        assert ("kernel_rerun_requested", request) in events.calls, \
            "a Rerun must fire kernel_rerun_requested(session, request, running)"
        assert not any(isinstance(m, ScriptStarted) for m in session.queue.flush()), \
            "a rerun an observer of kernel_rerun_requested dropped (False) must not run"
        session.handle_back_msg(ClearCache())
        assert ("kernel_clear_caches", session.app) in events.calls, "a ClearCache must fire kernel_clear_caches"
        session.handle_back_msg(Stop())
        session.handle_back_msg(Heartbeat())
        session.close("test")
        session.close("test")
        closed = [c for c in events.calls if c[0] == "kernel_session_closed"]
        assert closed == [("kernel_session_closed", "test")], \
            f"close must fire kernel_session_closed exactly once, with its reason; got {closed}"
    finally:
        session.app.pm.unregister(events)


def check_script_runner(runner: ScriptRunner, wait: Callable[[Callable[[], bool]], None],
                        queue: ForwardMsgQueue | None = None) -> None:
    """A rerun request runs the script to its end; join stops the runner. With the
    session's ``queue`` (and a script that runs without error), also: the run announced
    itself with ``ScriptStarted`` and ended with ``ScriptFinished(status="ok")``
    (what :func:`kernel.runs.execute_run` does for a runner)."""
    _is(runner, ScriptRunner, "script runner")
    if queue is not None:
        queue.flush()
    runner.request_rerun()
    wait(lambda: not runner.is_running)
    if queue is not None:
        sent = queue.flush()
        started = [m for m in sent if isinstance(m, ScriptStarted)]
        finished = [m for m in sent if isinstance(m, ScriptFinished)]
        assert started and finished, f"a run must send ScriptStarted and ScriptFinished, got {sent!r}"
        assert finished[-1].status == "ok", f"the run must end with status ok, got {finished[-1]!r}"
    assert runner.join(5.0), "join must end the worker thread"
    assert not runner.is_running


async def check_runtime(runtime: Runtime, fetch: Callable[[str], Any]) -> None:
    """The runtime starts on ``nursery.start``, reports its URL and answers its health route."""
    import trio

    _is(runtime, Runtime, "runtime")
    async with trio.open_nursery() as nursery:
        url = await nursery.start(runtime.serve)
        assert url == runtime.url and url.startswith("http"), f"serve must report its URL, got {url!r}"
        status, body = await fetch(url.rstrip("/") + HEALTH_PATH)
        assert status == 200, f"health route answered {status}"
        nursery.cancel_scope.cancel()
    assert dict(runtime.sessions) == {}, "sessions must be closed when serve ends"


async def check_runtime_protocol(runtime: Runtime) -> None:
    """The stream of ``docs/protocol.md``: a connection is greeted with ``NewSession`` for
    a session the runtime lists (having fired ``kernel_session_opened`` and
    ``kernel_client_connected``), a bad frame is answered with an ``Error`` and the
    connection lives on, another protocol version is refused, and every session is closed
    (``kernel_session_closed``) by the time serving ends. The app must be able to make
    sessions (no script is run)."""
    import trio
    import trio_websocket

    from kernel.contracts.messages import (
        PROTOCOL_VERSION,
        ErrorMsg,
        NewSession,
        decode_forward_frame,
        encode_back_frame,
    )

    _is(runtime, Runtime, "runtime")
    events = _ConnectionEvents()
    runtime.app.pm.register(events, f"conformance-{id(events)}")
    async with trio.open_nursery() as nursery:
        url = await nursery.start(runtime.serve)
        host, port = url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
        stream_path = "/_kernel/stream"
        with trio.fail_after(10):
            async with trio_websocket.open_websocket(host, int(port), f"{stream_path}?v={PROTOCOL_VERSION}",
                                                     use_ssl=False) as ws:
                first = decode_forward_frame(await ws.get_message())
                assert len(first) == 1 and isinstance(first[0], NewSession), \
                    f"the first frame of a connection must be a NewSession alone, got {first!r}"
                assert first[0].session_id in runtime.sessions, "the greeted session must be in runtime.sessions"
                assert events.opened == [first[0].session_id], "a new session must fire kernel_session_opened"
                assert events.connected[:1] == [first[0].session_id] and events.heads[0].startswith(b"GET "), \
                    "a connection must fire kernel_client_connected with the request head"
                await ws.send_message('[{"type": "Launch"}]')
                answer = decode_forward_frame(await ws.get_message())
                assert any(isinstance(m, ErrorMsg) and m.code == "bad_frame" for m in answer), \
                    f"a bad frame must be answered with an Error of code bad_frame, got {answer!r}"
                await ws.send_message(encode_back_frame([Heartbeat()]))
            async with trio_websocket.open_websocket(host, int(port), f"{stream_path}?v=0", use_ssl=False) as ws:
                answer = decode_forward_frame(await ws.get_message())
                assert any(isinstance(m, ErrorMsg) and m.code == "protocol_version" for m in answer), \
                    f"another protocol version must be refused with an Error of code protocol_version, got {answer!r}"
        nursery.cancel_scope.cancel()
    runtime.app.pm.unregister(events)
    assert dict(runtime.sessions) == {}, "sessions must be closed when serve ends"
    assert sorted(events.closed) == sorted(events.opened), "every session must be closed (kernel_session_closed)"


class _ConnectionEvents:
    """Records the session and connection events a runtime must cause."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.connected: list[str] = []
        self.heads: list[bytes] = []
        self.closed: list[str] = []

    @hookimpl
    def kernel_session_opened(self, session: AppSession) -> None:
        self.opened.append(session.id)

    @hookimpl
    def kernel_client_connected(self, session: AppSession, request_head: bytes, ip_address: str | None) -> None:
        self.connected.append(session.id)
        self.heads.append(request_head)

    @hookimpl
    def kernel_session_closed(self, session: AppSession, reason: str) -> None:
        self.closed.append(session.id)


def check_widget_store(make_store: Callable[[], WidgetStore]) -> None:
    """Reported values, declared and detected changes, echoes, the one-shot trigger,
    server values, metas, cleanup, and concurrent reports (``make_store`` must give a
    store no widget has used yet)."""
    store = make_store()
    _is(store, WidgetStore, "widget store")
    assert store.to_dict() == {} and store.get("a") is None and store.get("a", 5) == 5, "a new store is empty"
    store.update({"a": 1})
    assert store.changed() == (), "a change counts from the next run on"
    store.begin_run()
    assert store.get("a") == 1 and store.changed() == ("a",), "a new value is a change (changed=None)"
    store.update({"a": 1})
    store.begin_run()
    assert store.changed() == (), "without a declaration, an equal value is no change"
    store.update({"a": 1}, changed=["a"])
    store.begin_run()
    assert store.changed() == ("a",), "a declared change counts even when the value is equal"
    store.update({"a": 2, "b": 3}, changed=[])
    store.begin_run()
    assert store.get("a") == 1, "an undeclared value of a known widget is an echo: ignored"
    assert store.get("b") == 3 and store.changed() == (), "a widget the store does not know takes its value"
    store.update({}, trigger="t")
    store.begin_run()
    assert store.trigger == "t" and store.triggered("t") and "t" in store.changed(), "the trigger fires once"
    store.begin_run()
    assert store.trigger is None and not store.triggered("t"), "a trigger fires in one run only"

    assert store.server_value("a") is MISSING
    store.set_server_value("a", 10)
    store.update({"a": 1}, changed=[])
    store.begin_run()
    assert store.server_value("a") == 10, "an echo does not undo a value the server set"
    store.update({"a": 4}, changed=["a"])
    store.begin_run()
    assert store.server_value("a") is MISSING and store.get("a") == 4, "a change by the page undoes it"

    meta = WidgetMeta(kind="slider", key="k", coerce=int, present=str, default=0)
    store.remember("a", meta)
    assert store.meta("a") == meta and store.meta("b") is None
    metas = store.metas()
    assert metas == {"a": meta}, "metas lists what was remembered"
    metas.clear()
    assert store.metas() == {"a": meta}, "metas must return a copy"
    store.set_server_value("a", 7)
    store.reset("a")
    assert store.get("a") is None and store.server_value("a") is MISSING, "reset forgets the widget's values"
    assert store.meta("a") == meta, "reset keeps what the run learned"
    assert store.keep_only(["b"]) == [meta], "keep_only returns the metas it drops"
    assert store.metas() == {} and store.to_dict() == {"b": 3}

    store = make_store()

    def report(n: int) -> None:
        for i in range(200):
            store.update({f"w{n}-{i}": i})

    threads = [threading.Thread(target=report, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.to_dict()) == 800, "concurrent reports lost values"


def check_query_string_store(make_store: Callable[[], QueryStringStore]) -> None:
    """Parsing and writing, the first report and navigations, in-place replacement and
    widget bindings (``make_store`` must give a new, empty store)."""
    store = make_store()
    _is(store, QueryStringStore, "query string store")
    assert store.pairs() == [] and store.text() == "", "a new store is empty"
    assert store.report("a=1&b=2&a=3", navigation=False), "the first report is taken"
    assert store.pairs() == [("a", "1"), ("b", "2"), ("a", "3")] and store.text() == "a=1&b=2&a=3"
    assert not store.report("a=9", navigation=False) and store.text() == "a=1&b=2&a=3", \
        "a later report that is no navigation leaves the session's parameters"
    assert store.matches("?a=1&b=2&a=3") and not store.matches("b=2&a=1&a=3"), "matches compares in order"
    assert store.report("x=1", navigation=True) and store.text() == "x=1", "a navigation is taken"
    store.set("?a=1&b=2&a=3")
    assert store.replace("a", ["x", "y"]) and store.pairs() == [("a", "x"), ("a", "y"), ("b", "2")], \
        "replace puts the values where the parameter first appears"
    assert not store.replace("a", ["x", "y"]), "replace says when nothing changed"
    assert store.replace("c", ["5"]) and store.pairs()[-1] == ("c", "5"), "a new parameter goes at the end"
    assert store.replace("b", []) and ("b", "2") not in store.pairs(), "no values: the parameter goes"
    store.set_pairs([("q", "a b"), ("q", "&")])
    assert store.text() == "q=a+b&q=%26", "text() encodes the pairs"
    pairs = store.pairs()
    pairs.clear()
    assert store.pairs() != [], "pairs() must return a copy"
    store.bind("q", "st.text_input(key='q')")
    assert store.bound() == {"q": "st.text_input(key='q')"}
    store.unbind("q")
    store.unbind("q")  # unbinding twice is fine
    assert store.bound() == {}


def check_client_store(make_store: Callable[[], ClientStore]) -> None:
    """Request headers (given or as a raw head), the address and the browser facts, in a
    :class:`ClientInfo` snapshot (``make_store`` must give a new, empty store)."""
    store = make_store()
    _is(store, ClientStore, "client store")
    first = store.snapshot()
    assert isinstance(first, ClientInfo), "snapshot() returns a ClientInfo"
    assert first.headers == () and first.ip_address is None and dict(first.browser) == {}, "a new store is empty"
    store.set_request((("Host", "example.org"), ("X-Many", "1")), "10.0.0.7")
    info = store.snapshot()
    assert info.headers == (("host", "example.org"), ("x-many", "1")), "header names are lower-cased, in order"
    assert info.ip_address == "10.0.0.7"
    store.set_request_head(b"GET /s HTTP/1.1\r\nHost: a.example\r\nX-Many:1\r\nx-many:  2 \r\n\r\n", None)
    info = store.snapshot()
    assert info.headers == (("host", "a.example"), ("x-many", "1"), ("x-many", "2")), \
        "a request head gives its headers (names lower-cased, values stripped, in order)"
    assert info.ip_address is None
    store.set_browser({"timezone": "Europe/Berlin", "locale": "de-DE", "bogus": 1})
    browser = dict(store.snapshot().browser)
    assert browser == {"timezone": "Europe/Berlin", "locale": "de-DE"}, "unknown browser facts are ignored"
    assert first.headers == () and dict(first.browser) == {}, "a snapshot does not change afterwards"
