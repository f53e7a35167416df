"""The session-scoped resources of the media elements: media files."""

from __future__ import annotations

from kernel.contracts import AppSession
from kernel.media_files import media_store


def run_finished(session: AppSession, outcome: str) -> None:
    """A run ended (in its script thread): drop media the page no longer shows."""
    media_store(session.app).run_finished(session.id, outcome)


def session_closed(session: AppSession) -> None:
    """A session closed: drop everything it held."""
    media_store(session.app).session_closed(session.id)
