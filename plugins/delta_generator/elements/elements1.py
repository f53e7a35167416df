"""Registration of the Elements I commands (text extras, data, charts, media) and their resources."""

from __future__ import annotations

from types import ModuleType

from kernel import Command
from kernel.app import KernelApp
from kernel.contracts import AppSession
from kernel.routes import HttpRoute
from plugins.delta_generator.elements import (
    _routes,
    _store,
    charts,
    column_config,
    data,
    figures,
    help,
    media,
    metric,
    rich_text,
    stream,
)

MODULES: tuple[ModuleType, ...] = (rich_text, help, stream, metric, data, column_config, charts, figures, media)


def commands() -> list[Command]:
    """Every Elements I command: element commands with their renderer, module commands (``st.echo``, ...)."""
    out = []
    for module in MODULES:
        renderers = getattr(module, "RENDERERS", {})
        for name, target in module.COMMANDS.items():
            out.append(Command(name, target, renderer=renderers.get(name)))
        for name, target in getattr(module, "MODULE_COMMANDS", {}).items():
            out.append(Command(name, target, kind="module"))
    return out


def run_finished(session: AppSession, outcome: str) -> None:
    """A run ended (in its script thread): drop media and frames the page no longer shows."""
    for store in (_store.media_store(session.app), _store.frame_store(session.app)):
        store.run_finished(session.id, outcome)


def session_closed(session: AppSession) -> None:
    """A session closed: drop everything it held."""
    for store in (_store.media_store(session.app), _store.frame_store(session.app)):
        store.session_closed(session.id)


def http_routes(app: KernelApp) -> list[HttpRoute]:
    """The media, frame-page and vendor-bundle routes."""
    return _routes.http_routes(app)
