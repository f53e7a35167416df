"""Each of the eight components can be replaced by a plugin, with no kernel change."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
import trio

from kernel import hookimpl
from kernel._plugin_manager import COMPONENTS
from kernel._stash import Stash
from kernel.context import get_run_context
from kernel.contracts import (
    AppSession,
    CacheStorage,
    CacheStorageStatistics,
    Container,
    DeltaGenerator,
    ForwardMsgQueue,
    ForwardMsgQueueStatistics,
    Runtime,
    ScriptRunner,
    Secrets,
    SessionState,
)
from kernel.contracts.messages import (
    CLEANUP_STATUSES,
    ClearCache,
    ContainerRef,
    Delta,
    Element,
    ForwardMsg,
    Rerun,
    ScriptFinished,
    ScriptStarted,
    Trim,
)
from kernel.testing import conformance
from tests.conftest import MakeApp
from tests.helpers import fetch, wait_until


class FakeQueue:
    """A list under a lock, with the listener and the trims of the contract (nothing is skipped)."""

    def __init__(self) -> None:
        self.msgs: list[ForwardMsg] = []
        self._lock = threading.Lock()
        self._listener: Callable[[bool], None] | None = None
        self._children: dict[tuple[str, tuple[int, ...]], int] = {}
        self._written: dict[tuple[str, tuple[int, ...]], int] = {}
        self._unsure = False

    def set_listener(self, listener: Callable[[bool], None] | None) -> None:
        self._listener = listener

    def reset_shown(self) -> None:
        self._unsure = True

    def enqueue(self, msg: ForwardMsg) -> None:
        with self._lock:
            if isinstance(msg, ScriptStarted):
                self._written.clear()
            elif isinstance(msg, Delta):
                for depth, index in enumerate(msg.path):
                    where = (msg.root, msg.path[:depth])
                    self._written[where] = max(self._written.get(where, 0), index + 1)
                    self._children[where] = max(self._children.get(where, 0), index + 1)
            elif isinstance(msg, ScriptFinished) and msg.status in CLEANUP_STATUSES:
                msg = attrs.evolve(msg, trim=tuple(self._trims(msg.scope)))
            self.msgs.append(msg)
            first = len(self.msgs) == 1
        urgent = not isinstance(msg, Delta | ScriptStarted)
        listener = self._listener
        if listener is not None and (first or urgent):
            listener(urgent)

    def _trims(self, scope: tuple[ContainerRef, ...]) -> list[Trim]:
        trims = []
        for root, path in sorted(self._children):
            if scope and not any(root == s.root and path[: len(s.path)] == s.path for s in scope):
                continue
            keep = self._written.get((root, path), 0)
            if self._children[(root, path)] > keep or self._unsure:
                trims.append(Trim(root, path, keep))
                self._children[(root, path)] = keep
        if not scope:
            self._unsure = False
        return trims

    def flush(self) -> list[ForwardMsg]:
        with self._lock:
            msgs, self.msgs = self.msgs, []
        return msgs

    def statistics(self) -> ForwardMsgQueueStatistics:
        return ForwardMsgQueueStatistics(len(self.msgs), 0, 0)


class FakeState(dict[str, Any]):
    """A dict with the widget bookkeeping of the contract. Its stores (widgets, query
    string, client) are the core ones (a replacement may reuse them)."""

    def __init__(self, **preset: Any) -> None:
        super().__init__(preset)
        self.assigned: set[str] = set()
        self.locked: dict[str, str] = {}

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self.locked:
            raise KeyError(f"{key!r} belongs to {self.locked[key]}, created in this run")
        super().__setitem__(key, value)
        self.assigned.add(key)

    def _store(self, name: str) -> Any:
        store = self.__dict__.get(name)
        if store is None:
            import kernel_plugins.session_state as core

            store = self.__dict__[name] = getattr(core, name)()
        return store

    @property
    def widgets(self) -> Any:
        return self._store("WidgetStates")

    @property
    def query_string(self) -> Any:
        return self._store("QueryString")

    @property
    def client(self) -> Any:
        return self._store("ClientInfoStore")

    def to_dict(self) -> dict[str, Any]:
        return dict(self)

    def set_widget_value(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self.assigned.discard(key)

    def take_assigned(self, key: str) -> tuple[bool, Any]:
        if key in self.assigned and key in self:
            self.assigned.discard(key)
            return True, self[key]
        return False, None

    def lock_widget_key(self, key: str, widget: str) -> None:
        self.locked[key] = widget

    def unlock_widget_keys(self) -> None:
        self.locked.clear()

    def drop_widget_key(self, key: str) -> None:
        if key not in self.assigned:
            self.pop(key, None)


class FakeStorage:
    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        return self.data[key]

    def set(self, key: str, value: Any) -> None:
        self.data[key] = value

    def delete(self, key: str) -> None:
        self.data.pop(key, None)

    def clear(self) -> None:
        self.data.clear()

    def statistics(self) -> CacheStorageStatistics:
        return CacheStorageStatistics(len(self.data), 0, 0, 0)


class FakeSecrets(dict[str, Any]):
    def to_dict(self) -> dict[str, Any]:
        return dict(self)

    def redact(self, text: str) -> str:
        return text

    def reload_if_changed(self) -> bool:
        return False


class FakeRunner:
    def __init__(self) -> None:
        self.reruns = 0

    @property
    def is_running(self) -> bool:
        return False

    def request_rerun(self, *, wait: bool = False) -> None:
        self.reruns += 1

    def request_stop(self) -> None:
        pass

    def join(self, timeout: float | None = None) -> bool:
        return True


class FakeDeltaGenerator(Container):
    """Records what its commands add (the kind, tagged, and the body); enqueues a delta
    when it has a session. Element commands and ``with`` come from the Container mixin."""

    def __init__(self, session: Any = None, root: str = "main", path: tuple[int, ...] = ()) -> None:
        self.session = session
        self.root = root
        self.path = path
        self.added: list[tuple[str, Any]] = []
        self._next = 0

    def _add(self, kind: str, props: Any, block: bool) -> FakeDeltaGenerator:
        self.added.append((f"fake-{kind}", {"body": props.get("body")}))
        path = (*self.path, self._next)
        self._next += 1
        if self.session is not None:
            self.session.queue.enqueue(Delta(self.root, path, Element(kind, dict(props), block=block)))
        return FakeDeltaGenerator(self.session, self.root, path)

    def add_element(self, kind: str, props: Any) -> FakeDeltaGenerator:
        added = self._add(kind, props, block=False)
        ctx = get_run_context()
        for observer in ctx.element_observers if ctx is not None else ():
            observer(self, kind, props, added)
        return added

    def add_block(self, kind: str, props: Any) -> FakeDeltaGenerator:
        added = self._add(kind, props, block=True)
        ctx = get_run_context()
        for observer in ctx.block_observers if ctx is not None else ():
            observer(self, kind, props, added)
        return added


class FakeSession:
    """Fires the events of the contract; runs nothing."""

    def __init__(self, app: Any, session_id: str) -> None:
        self.id = session_id
        self.app = app
        self.stash = Stash()
        self.state = FakeState()
        self.queue = FakeQueue()
        self.closed = False

    def handle_back_msg(self, msg: Any) -> None:
        if isinstance(msg, Rerun):
            self.app.hook.kernel_rerun_requested(session=self, request=msg, running=False)
        elif isinstance(msg, ClearCache):
            self.app.hook.kernel_clear_caches(app=self.app)

    def request_rerun(self) -> None: ...
    def request_stop(self) -> None: ...
    def on_source_changed(self, paths: Any) -> None: ...

    def close(self, reason: str) -> None:
        if not self.closed:
            self.closed = True
            self.app.hook.kernel_session_closed(session=self, reason=reason)


class FakeRuntime:
    """Answers every HTTP request with 200: enough for the health route."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.stash = Stash()
        self.url: str | None = None
        self.sessions: dict[str, Any] = {}

    async def serve(self, *, task_status: Any = trio.TASK_STATUS_IGNORED) -> None:
        async def answer(stream: trio.SocketStream) -> None:
            async with stream:
                await stream.receive_some(65536)
                await stream.send_all(b"HTTP/1.1 200 OK\r\ncontent-length: 3\r\nconnection: close\r\n\r\nok\n")

        listeners = await trio.open_tcp_listeners(0, host="127.0.0.1")
        self.url = f"http://127.0.0.1:{listeners[0].socket.getsockname()[1]}/"
        async with trio.open_nursery() as nursery:
            await nursery.start(trio.serve_listeners, answer, listeners)
            task_status.started(self.url)

    def statistics(self) -> None: ...


class Replacements:
    """Answers every factory hook; registered programmatically, no tryfirst needed."""

    def __init__(self) -> None:
        self.made: dict[str, Any] = {}

    def _keep(self, component: str, obj: Any) -> Any:
        self.made[component] = obj
        return obj

    @hookimpl
    def kernel_make_runtime(self, app: Any) -> Any:
        return self._keep("runtime", FakeRuntime(app))

    @hookimpl
    def kernel_make_app_session(self, app: Any, session_id: str) -> Any:
        return self._keep("app_session", FakeSession(app, session_id))

    @hookimpl
    def kernel_make_script_runner(self) -> Any:
        return self._keep("script_runner", FakeRunner())

    @hookimpl
    def kernel_make_delta_generator(self) -> Any:
        return self._keep("delta_generator", FakeDeltaGenerator())

    @hookimpl
    def kernel_make_forward_msg_queue(self) -> Any:
        return self._keep("forward_msg_queue", FakeQueue())

    @hookimpl
    def kernel_make_session_state(self) -> Any:
        return self._keep("session_state", FakeState())

    @hookimpl
    def kernel_make_cache_storage(self) -> Any:
        return self._keep("caching", FakeStorage())

    @hookimpl
    def kernel_make_secrets(self) -> Any:
        return self._keep("secrets", FakeSecrets(token="fake"))


def make_each(app: Any, session: Any) -> Iterator[tuple[str, Any]]:
    from kernel.contracts import CacheSettings

    kwargs: dict[str, dict[str, Any]] = {
        "runtime": {},
        "app_session": {"session_id": "s"},
        "script_runner": {"session": session},
        "delta_generator": {"session": session, "root": "main"},
        "forward_msg_queue": {"session": session},
        "session_state": {"session": session},
        "caching": {"cache_kind": "data", "settings": CacheSettings("m.f", "f")},
        "secrets": {},
    }
    for component in COMPONENTS:
        yield component, app.make(component, **kwargs[component])


def test_a_plugin_replaces_all_eight_components(make_app: MakeApp) -> None:
    plugin = Replacements()
    app = make_app(plugins=[(plugin, "replacements")])
    for component in COMPONENTS:
        assert app.pm.providers(component)[0] == "replacements", component
    for component, made in make_each(app, session=None):
        assert made is plugin.made[component], component


@pytest.mark.parametrize("component", list(COMPONENTS))
def test_replacing_one_component_leaves_the_others(make_app: MakeApp, component: str) -> None:
    class One:
        pass

    hook = COMPONENTS[component]
    setattr(One, hook, hookimpl(getattr(Replacements, hook)))
    One._keep = Replacements._keep
    plugin = One()
    plugin.made = {}  # type: ignore[attr-defined]
    app = make_app(plugins=[(plugin, "one")])
    assert app.pm.providers(component)[0] == "one" and app.pm.providers(component)[-1] == component
    for other in COMPONENTS:
        if other != component:
            assert "one" not in app.pm.providers(other) and app.pm.providers(other)[-1] == other


def test_the_core_session_uses_replaced_queue_and_state(make_app: MakeApp) -> None:
    class QueueAndState:
        @hookimpl
        def kernel_make_forward_msg_queue(self) -> Any:
            return FakeQueue()

        @hookimpl
        def kernel_make_session_state(self) -> Any:
            return FakeState(preset=1)

    app = make_app(script="from kernel import st\nst.text(st.session_state['preset'])\n",
                   plugins=[(QueueAndState(), "qs")])
    session = app.make("app_session", session_id="s1")
    assert isinstance(session.queue, FakeQueue)
    session.request_rerun()
    wait_until(lambda: not session.runner.is_running)
    kinds = [type(m).__name__ for m in session.queue.msgs]
    assert kinds == ["ScriptStarted", "Delta", "ScriptFinished"]
    assert session.queue.msgs[1].element.props["body"] == "1"


def test_the_core_runner_uses_a_replaced_delta_generator(make_app: MakeApp) -> None:
    fake = FakeDeltaGenerator()

    class DG:
        @hookimpl
        def kernel_make_delta_generator(self) -> Any:
            return fake

    app = make_app(script="from kernel import st\nst.text('hello')\n", plugins=[(DG(), "dg")])
    session = app.make("app_session", session_id="s1")
    session.request_rerun()
    wait_until(lambda: not session.runner.is_running)
    assert fake.added == [("fake-text", {"body": "hello"})]


def test_the_core_session_uses_a_replaced_runner(make_app: MakeApp) -> None:
    runner = FakeRunner()

    class Runner:
        @hookimpl
        def kernel_make_script_runner(self) -> Any:
            return runner

    app = make_app(script="", plugins=[(Runner(), "runner")])
    session = app.make("app_session", session_id="s1")
    session.request_rerun()
    assert runner.reruns == 1


def test_blocking_the_core_plugin_and_providing_another(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:secrets"], plugins=[(Replacements(), "replacements")])
    assert app.pm.providers("secrets") == ["replacements"]
    assert app.make("secrets")["token"] == "fake"


PROTOCOLS: dict[str, type] = {
    "runtime": Runtime,
    "app_session": AppSession,
    "script_runner": ScriptRunner,
    "delta_generator": DeltaGenerator,
    "forward_msg_queue": ForwardMsgQueue,
    "session_state": SessionState,
    "caching": CacheStorage,
    "secrets": Secrets,
}


def test_every_fake_satisfies_its_protocol(make_app: MakeApp) -> None:
    app = make_app(plugins=[(Replacements(), "replacements")])
    for component, made in make_each(app, session=FakeSession(app, "s")):
        assert isinstance(made, PROTOCOLS[component]), component


async def test_every_fake_passes_the_conformance_checks(make_app: MakeApp) -> None:
    app = make_app(script="")
    session = FakeSession(app, "s")
    await conformance.check_runtime(FakeRuntime(app), fetch)
    conformance.check_app_session(FakeSession(app, "s"))
    conformance.check_script_runner(FakeRunner(), wait_until)
    conformance.check_delta_generator(FakeDeltaGenerator(session), session.queue, app)
    conformance.check_forward_msg_queue(FakeQueue)
    conformance.check_session_state(FakeState)
    conformance.check_cache_storage_basics(FakeStorage())
    conformance.check_secrets(FakeSecrets(token="fake"))
