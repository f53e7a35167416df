"""The AppSession contract: one user's session of the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Protocol, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from kernel._app import KernelApp
    from kernel._stash import Stash
    from kernel.contracts.forward_msg_queue import ForwardMsgQueue
    from kernel.contracts.messages import BackMsg
    from kernel.contracts.session_state import SessionState

__all__ = ["WAIT", "AppSession"]

WAIT: Final = "wait"
"""What an observer of ``kernel_rerun_requested`` returns for a request whose run must not
interrupt the run under way: the run starts once that one has ended (a fragment's
request never preempts a run). The session passes ``wait=True`` to the runner's
``request_rerun``; a ``False`` from another observer still drops the run."""


@runtime_checkable
class AppSession(Protocol):
    """The lifecycle of one user's session: incoming messages, reruns, disposal.

    Made by ``kernel_make_app_session`` when a client connects (or by a test harness
    with no network). Its methods are called from the trio main thread.

    What the rest of the app relies on a session to do (the core ``DefaultAppSession``
    does exactly this; ``tests/replacements/simple_session.py`` is a minimal one):

    * make its :attr:`queue` and :attr:`state` through ``app.make("forward_msg_queue",
      session=self)`` and ``app.make("session_state", session=self)`` when it is made,
      and its script runner (``app.make("script_runner", session=self)``) when it first
      needs one;
    * for a ``Rerun``: fire ``kernel_rerun_requested(session, request, running)`` (the
      owners of widget values, the URL, pages and fragments take their part there) and,
      unless an observer returned ``False``, :meth:`request_rerun` (the runner's
      ``request_rerun(wait=True)`` when one returned :data:`WAIT`); for ``Stop``:
      :meth:`request_stop`; for ``ClearCache``: fire ``kernel_clear_caches``; for
      ``SetRunOnSave``: remember it and answer with a ``SessionStatus``; ``Heartbeat``
      needs nothing;
    * :meth:`close`: join the runner, then fire ``kernel_session_closed`` once.

    The runtime fires ``kernel_session_opened`` and sets the queue's listener; a session
    does neither.
    """

    id: str
    app: KernelApp
    stash: Stash

    @property
    def state(self) -> SessionState:
        """This session's :class:`SessionState`, kept across reruns and reconnects."""
        ...

    @property
    def queue(self) -> ForwardMsgQueue:
        """The queue the script thread writes this session's outgoing messages to."""
        ...

    def handle_back_msg(self, msg: BackMsg) -> None:
        """Act on one message from the client (rerun, stop, clear cache, ...)."""
        ...

    def request_rerun(self) -> None:
        """Start a run, or interrupt the current one and rerun."""
        ...

    def request_stop(self) -> None:
        """Stop the current run at its next ``st`` call."""
        ...

    def on_source_changed(self, paths: Sequence[Path]) -> None:
        """Files of the app changed: rerun (run-on-save) or tell the client it may."""
        ...

    def close(self, reason: str) -> None:
        """Stop the script, release the session's resources and fire its closed event."""
        ...
