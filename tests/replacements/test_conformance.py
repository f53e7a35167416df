"""Each replacement, loaded with ``-p`` in place of the blocked core plugin, passes the
conformance checks of its contract."""

from __future__ import annotations

from kernel.contracts import CacheSettings
from kernel.testing import conformance
from kernel.testing.cache_conformance import check_cache_storage
from tests.conftest import MakeApp
from tests.helpers import fetch, wait_until


def replaced(component: str, module: str) -> list[str]:
    """The ``-p`` arguments that block ``component`` and load ``tests.replacements.module``."""
    return [f"no:{component}", f"tests.replacements.{module}"]


async def test_tiny_runtime(make_app: MakeApp) -> None:
    app = make_app(plugin_args=replaced("runtime", "tiny_runtime"), config_options={"server.port": "0"})
    assert app.pm.providers("runtime") == ["tests.replacements.tiny_runtime"]
    await conformance.check_runtime(app.make("runtime"), fetch)
    app = make_app(script="", plugin_args=replaced("runtime", "tiny_runtime"), config_options={"server.port": "0"})
    await conformance.check_runtime_protocol(app.make("runtime"))


def test_simple_session(make_app: MakeApp) -> None:
    app = make_app(script="", plugin_args=replaced("app_session", "simple_session"))
    assert app.pm.providers("app_session") == ["tests.replacements.simple_session"]
    conformance.check_app_session(app.make("app_session", session_id="s1"))


def test_simple_runner(make_app: MakeApp) -> None:
    app = make_app(script="x = 1\n", plugin_args=replaced("script_runner", "simple_runner"))
    assert app.pm.providers("script_runner") == ["tests.replacements.simple_runner"]
    session = app.make("app_session", session_id="s1")
    conformance.check_script_runner(app.make("script_runner", session=session), wait_until, session.queue)


def test_list_dg(make_app: MakeApp) -> None:
    app = make_app(script="", plugin_args=replaced("delta_generator", "list_dg"))
    assert app.pm.providers("delta_generator") == ["tests.replacements.list_dg"]
    session = app.make("app_session", session_id="s1")
    dg = app.make("delta_generator", session=session, root="main")
    conformance.check_delta_generator(dg, session.queue, app)


def test_plain_queue(make_app: MakeApp) -> None:
    app = make_app(plugin_args=replaced("forward_msg_queue", "plain_queue"))
    assert app.pm.providers("forward_msg_queue") == ["tests.replacements.plain_queue"]
    conformance.check_forward_msg_queue(lambda: app.make("forward_msg_queue", session=None))


def test_dict_state(make_app: MakeApp) -> None:
    app = make_app(plugin_args=replaced("session_state", "dict_state"))
    assert app.pm.providers("session_state") == ["tests.replacements.dict_state"]
    conformance.check_session_state(lambda: app.make("session_state", session=None))
    conformance.check_widget_store(lambda: app.make("session_state", session=None).widgets)
    conformance.check_query_string_store(lambda: app.make("session_state", session=None).query_string)
    conformance.check_client_store(lambda: app.make("session_state", session=None).client)


def test_dict_cache(make_app: MakeApp) -> None:
    app = make_app(plugin_args=replaced("caching", "dict_cache"))
    assert app.pm.providers("caching")[0] == "tests.replacements.dict_cache"
    assert "caching" not in app.pm.providers("caching")
    for kind in ("data", "resource"):
        conformance.check_cache_storage_basics(app.make("caching", cache_kind=kind, settings=CacheSettings("m.f", "f")))
    check_cache_storage(lambda kind, settings: app.make("caching", cache_kind=kind, settings=settings), resources=True)


def test_dict_secrets(make_app: MakeApp) -> None:
    app = make_app(plugin_args=replaced("secrets", "dict_secrets"), environ={"KERNEL_SECRET_token": "x"})
    assert app.pm.providers("secrets") == ["tests.replacements.dict_secrets"]
    conformance.check_secrets(app.make("secrets"))


def test_the_replacements_import_only_the_kernel() -> None:
    """Written as a third party would: no core plugin, no contrib module."""
    from pathlib import Path

    from tests.kernel.test_layering import imports_of

    folder = Path(__file__).parent
    offenders = [f"{path.name}: {name}" for path in sorted(folder.glob("*.py")) if not path.name.startswith("test_")
                 for name in imports_of(path) if name.split(".")[0] in ("kernel_plugins", "kernel_contrib")]
    assert offenders == []
