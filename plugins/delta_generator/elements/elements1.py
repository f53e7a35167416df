"""The session-scoped resources of the media elements: media files."""

from __future__ import annotations

from kernel.contracts import AppSession
from plugins.delta_generator.elements import _store


def run_finished(session: AppSession, outcome: str) -> None:
    """A run ended (in its script thread): drop media the page no longer shows."""
    _store.media_store(session.app).run_finished(session.id, outcome)


def session_closed(session: AppSession) -> None:
    """A session closed: drop everything it held."""
    _store.media_store(session.app).session_closed(session.id)
