"""Core plugin ``runtime``: the server, the session registry, the message flow and the web client."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import ConfigSection, KernelApp, StaticAsset, hookimpl
from kernel.contracts.runtime import HEALTH_PATH
from kernel_plugins.runtime._config import COMMON_OPTIONS, DEFAULT_PORT, ServerConfig
from kernel_plugins.runtime._origins import Refusal, RequestGuard
from kernel_plugins.runtime._runtime import HttpRuntime, RuntimeStatistics
from kernel_plugins.runtime._shell import STREAM_PATH

if TYPE_CHECKING:
    from kernel.contracts import Runtime

__all__ = ["DEFAULT_PORT", "HEALTH_PATH", "STREAM_PATH", "HttpRuntime", "Refusal", "RequestGuard", "RuntimeStatistics",
           "ServerConfig"]

STATIC_DIR = Path(__file__).parent / "static"
"""The web client's core modules, served under ``/_kernel/static/``."""


@hookimpl(trylast=True)
def kernel_make_runtime(app: KernelApp) -> Runtime:
    return HttpRuntime(app)


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("server", ServerConfig, common=COMMON_OPTIONS)]


@hookimpl
def kernel_startup(app: KernelApp, runtime: Runtime) -> None:
    """``server.headless = false``: open the app in the default browser."""
    if app.config["server"].headless or runtime.url is None:
        return
    import threading
    import webbrowser

    threading.Thread(target=webbrowser.open, args=(runtime.url,), name="kernel-open-browser", daemon=True).start()


@hookimpl
def kernel_warm_up(app: KernelApp) -> None:
    """What the first WebSocket loads: trio-websocket and wsproto, compression, the wire
    messages with every type's converter hooks."""
    from kernel_plugins.runtime._websocket_import import import_trio_websocket

    import_trio_websocket()
    import kernel_plugins.runtime._deflate  # noqa: F401
    import kernel_plugins.runtime._shed  # noqa: F401
    from kernel.contracts.messages import build_all_hooks

    build_all_hooks()


@hookimpl
def kernel_register_static_assets(app: KernelApp) -> Sequence[StaticAsset]:
    return [StaticAsset("/_kernel/static/", STATIC_DIR)]
