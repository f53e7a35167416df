"""The session-scoped resources of the Elements I commands: media files and frame pages."""

from __future__ import annotations

from kernel.contracts import AppSession
from plugins.delta_generator.elements import _store


def run_finished(session: AppSession, outcome: str) -> None:
    """A run ended (in its script thread): drop media and frames the page no longer shows."""
    for store in (_store.media_store(session.app), _store.frame_store(session.app)):
        store.run_finished(session.id, outcome)


def session_closed(session: AppSession) -> None:
    """A session closed: drop everything it held."""
    for store in (_store.media_store(session.app), _store.frame_store(session.app)):
        store.session_closed(session.id)
