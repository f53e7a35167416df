"""Core plugin ``runtime``: the server, the session registry and the message flow."""

from __future__ import annotations

from collections.abc import Sequence

from kernel import ConfigSection, hookimpl
from kernel.app import KernelApp
from kernel.contracts import Runtime
from plugins.runtime._config import ServerConfig
from plugins.runtime._runtime import HttpRuntime

__all__ = ["HttpRuntime", "ServerConfig"]


@hookimpl(trylast=True)
def kernel_make_runtime(app: KernelApp) -> Runtime:
    return HttpRuntime(app)


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("server", ServerConfig)]
