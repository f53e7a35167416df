"""Core plugin ``elements_media``: st.image, st.audio, st.video, st.pdf, and the media files route.

Registered by its entry point through the same public hooks an element plugin of a third
party uses (``docs/plugins.md``, "Writing an element plugin"). It serves the app's media
files (:mod:`kernel.contracts.media_files`: what any element keeps with ``kernel.elements.add_media``,
e.g. ``st.pyplot`` or ``st.download_button``) at ``/_kernel/media/`` and lets go of the
files no page shows any more. Start-up imports only this module and the catalog of
command names; the element modules load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import Command, hookimpl
from kernel_plugins.elements_media import _catalog

if TYPE_CHECKING:
    from kernel import HttpRequest, HttpResponse, HttpRoute, KernelApp
    from kernel.contracts import AppSession
    from kernel.testing.nodes import TestNodeType


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return _catalog.commands()


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.elements_media.apptest_nodes import NODE_TYPES

    return NODE_TYPES


MEDIA_PREFIX = "/_kernel/media/"
"""``kernel.contracts.media_files.MEDIA_PREFIX``, written out: that module (and mimetypes) loads
with the first run that shows media or the first request for one, not before the server listens."""


@hookimpl
def kernel_register_http_routes(app: KernelApp) -> Sequence[HttpRoute]:
    from kernel import HttpRoute

    def media(request: HttpRequest) -> HttpResponse | None:
        from kernel.contracts.media_files import serve_media

        return serve_media(app, request)

    return [HttpRoute(MEDIA_PREFIX, media, held_by_worker=True)]


@hookimpl
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    """Let go of the media files the page no longer shows."""
    from kernel.contracts.media_files import media_store

    media_store(session.app).run_finished(session.id, outcome)


@hookimpl
def kernel_session_closed(session: AppSession, reason: str) -> None:
    """Let go of every media file the session's page showed."""
    from kernel.contracts.media_files import media_store

    media_store(session.app).session_closed(session.id)
