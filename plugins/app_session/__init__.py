"""Core plugin ``app_session``: one user's session (messages, reruns, lifecycle)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kernel import hookimpl
from kernel.app import KernelApp
from kernel.contracts import AppSession
from plugins.app_session._session import DefaultAppSession

if TYPE_CHECKING:
    from plugins.app_session._headless import HeadlessSession

__all__ = ["DefaultAppSession", "HeadlessSession"]


def __getattr__(name: str) -> Any:
    # The headless session is for tests and tools: not loaded when an app starts.
    if name == "HeadlessSession":
        from plugins.app_session._headless import HeadlessSession

        return HeadlessSession
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@hookimpl(trylast=True)
def kernel_make_app_session(app: KernelApp, session_id: str) -> AppSession:
    return DefaultAppSession(app, session_id)
