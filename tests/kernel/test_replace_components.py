"""Each of the eight components can be replaced by a plugin, with no kernel change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kernel import hookimpl
from kernel.contracts import CacheStorageStatistics, ForwardMsgQueueStatistics
from kernel.messages import ForwardMsg
from kernel.plugin_manager import COMPONENTS
from tests.conftest import MakeApp
from tests.helpers import wait_until


class FakeQueue:
    def __init__(self) -> None:
        self.msgs: list[ForwardMsg] = []

    def enqueue(self, msg: ForwardMsg) -> None:
        self.msgs.append(msg)

    def flush(self) -> list[ForwardMsg]:
        msgs, self.msgs = self.msgs, []
        return msgs

    def statistics(self) -> ForwardMsgQueueStatistics:
        return ForwardMsgQueueStatistics(len(self.msgs), 0, 0)


class FakeState(dict[str, Any]):
    """A session state with no widget bookkeeping: presets and key locks are ignored.

    Its widget store is the core one (a replacement may reuse it)."""

    @property
    def widgets(self) -> Any:
        store = self.__dict__.get("_widgets")
        if store is None:
            from plugins.session_state import WidgetStates

            store = self.__dict__["_widgets"] = WidgetStates()
        return store

    def to_dict(self) -> dict[str, Any]:
        return dict(self)

    def set_widget_value(self, key: str, value: Any) -> None:
        self[key] = value

    def take_assigned(self, key: str) -> tuple[bool, Any]:
        return False, None

    def lock_widget_key(self, key: str, widget: str) -> None: ...
    def unlock_widget_keys(self) -> None: ...

    def drop_widget_key(self, key: str) -> None:
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


class FakeRunner:
    def __init__(self) -> None:
        self.reruns = 0

    @property
    def is_running(self) -> bool:
        return False

    def request_rerun(self) -> None:
        self.reruns += 1

    def request_stop(self) -> None:
        pass

    def join(self, timeout: float | None = None) -> bool:
        return True


class FakeDeltaGenerator:
    root = "main"
    path: tuple[int, ...] = ()

    def __init__(self) -> None:
        self.added: list[tuple[str, Any]] = []

    def add_element(self, kind: str, props: Any) -> FakeDeltaGenerator:
        self.added.append((kind, dict(props)))
        return self

    def text(self, body: str) -> FakeDeltaGenerator:
        return self.add_element("fake-text", {"body": body})


class FakeSession:
    def __init__(self, app: Any, session_id: str) -> None:
        self.id = session_id
        self.app = app
        self.stash = None
        self.state = FakeState()
        self.queue = FakeQueue()

    def handle_back_msg(self, msg: Any) -> None: ...
    def request_rerun(self) -> None: ...
    def request_stop(self) -> None: ...
    def close(self, reason: str) -> None: ...


class FakeRuntime:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.stash = None
        self.url = "fake://"
        self.sessions: dict[str, Any] = {}

    async def serve(self, *, task_status: Any = None) -> None: ...

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
