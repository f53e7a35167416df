"""Core plugin ``app_session``: one user's session (messages, reruns, lifecycle)."""

from __future__ import annotations

from kernel import hookimpl
from kernel.app import KernelApp
from kernel.contracts import AppSession
from plugins.app_session._headless import HeadlessSession
from plugins.app_session._session import DefaultAppSession

__all__ = ["DefaultAppSession", "HeadlessSession"]


@hookimpl(trylast=True)
def kernel_make_app_session(app: KernelApp, session_id: str) -> AppSession:
    return DefaultAppSession(app, session_id)
