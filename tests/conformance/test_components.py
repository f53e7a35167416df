"""Whatever plugin provides each component passes the contract's conformance check."""

from __future__ import annotations

from kernel.contracts import CacheSettings
from kernel.testing import conformance
from tests.conftest import MakeApp
from tests.helpers import fetch, wait_until


async def test_runtime(make_app: MakeApp) -> None:
    app = make_app(config_options={"server.port": "0"})
    await conformance.check_runtime(app.make("runtime"), fetch)


async def test_runtime_protocol(make_app: MakeApp) -> None:
    app = make_app(script="", config_options={"server.port": "0", "server.file_watcher_type": "none"})
    await conformance.check_runtime_protocol(app.make("runtime"))


def test_app_session(make_app: MakeApp) -> None:
    app = make_app(script="")
    conformance.check_app_session(app.make("app_session", session_id="s1"))


def test_script_runner(make_app: MakeApp) -> None:
    app = make_app(script="x = 1\n")
    session = app.make("app_session", session_id="s1")
    conformance.check_script_runner(app.make("script_runner", session=session), wait_until, session.queue)


def test_delta_generator(make_app: MakeApp) -> None:
    app = make_app(script="")
    session = app.make("app_session", session_id="s1")
    conformance.check_delta_generator(app.make("delta_generator", session=session, root="main"), session.queue, app)


def test_forward_msg_queue(make_app: MakeApp) -> None:
    app = make_app()
    conformance.check_forward_msg_queue(lambda: app.make("forward_msg_queue", session=None))


def test_session_state(make_app: MakeApp) -> None:
    app = make_app()
    conformance.check_session_state(lambda: app.make("session_state", session=None))


def test_widget_store(make_app: MakeApp) -> None:
    app = make_app()
    conformance.check_widget_store(lambda: app.make("session_state", session=None).widgets)


def test_query_string_and_client_stores(make_app: MakeApp) -> None:
    app = make_app()
    conformance.check_query_string_store(lambda: app.make("session_state", session=None).query_string)
    conformance.check_client_store(lambda: app.make("session_state", session=None).client)


def test_cache_storage(make_app: MakeApp) -> None:
    app = make_app()
    for kind in ("data", "resource"):
        storage = app.make("caching", cache_kind=kind, settings=CacheSettings("mod.f", "f"))
        conformance.check_cache_storage_basics(storage)


def test_secrets(make_app: MakeApp) -> None:
    app = make_app()
    conformance.check_secrets(app.make("secrets"))
