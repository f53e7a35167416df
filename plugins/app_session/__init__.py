"""Core plugin ``app_session``: one user's session (messages, reruns, lifecycle)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel import KernelApp, hookimpl, lazy_exports

if TYPE_CHECKING:
    from kernel.contracts import AppSession
    from kernel_plugins.app_session._headless import HeadlessSession
    from kernel_plugins.app_session._session import DefaultAppSession

__all__ = ["DefaultAppSession", "HeadlessSession"]

# Sessions load with the first connection; the headless session (for tests and tools)
# only when asked for.
__getattr__ = lazy_exports(__name__, {
    "DefaultAppSession": "kernel_plugins.app_session._session:DefaultAppSession",
    "HeadlessSession": "kernel_plugins.app_session._headless:HeadlessSession",
})


@hookimpl(trylast=True)
def kernel_make_app_session(app: KernelApp, session_id: str) -> AppSession:
    from kernel_plugins.app_session._session import DefaultAppSession

    return DefaultAppSession(app, session_id)


@hookimpl
def kernel_warm_up() -> None:
    """The session class (loaded with the first session otherwise)."""
    import kernel_plugins.app_session._session  # noqa: F401
