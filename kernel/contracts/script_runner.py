"""The ScriptRunner contract: runs the user's script in its own thread."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class ScriptRunner(Protocol):
    """Runs a session's script in a worker thread; reruns and stops it on request.

    Made by ``kernel_make_script_runner`` for a session. ``request_*`` methods are
    called from the trio main thread and return at once; the script thread notices
    them at its next ``st`` call.
    """

    @property
    def is_running(self) -> bool:
        """Whether a run is in progress."""
        ...

    def request_rerun(self) -> None:
        """Start a run, or ask the current one to stop and start over."""
        ...

    def request_stop(self) -> None:
        """Ask the current run to stop at its next ``st`` call."""
        ...

    def join(self, timeout: float | None = None) -> bool:
        """Stop the worker thread and wait for it; ``True`` if it has ended."""
        ...
