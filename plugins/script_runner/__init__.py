"""Core plugin ``script_runner``: runs the script in its own thread, with magic; compiles scripts and evicts
the app's modules when their files change."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import Command, ConfigSection, hookimpl
from kernel.app import KernelApp
from kernel.lazy import lazy_exports
from plugins.script_runner._config import RunnerConfig

if TYPE_CHECKING:
    from kernel.contracts import AppSession, ScriptRunner
    from kernel.messages import Rerun
    from kernel.testing.nodes import TestNodeType
    from plugins.script_runner._runner import ThreadScriptRunner

__all__ = ["RunnerConfig", "ThreadScriptRunner"]

# The runner and the pages machinery load with the first session, not with the server.
__getattr__ = lazy_exports(__name__, {"ThreadScriptRunner": "plugins.script_runner._runner:ThreadScriptRunner"})

PAGE_LINK_RENDERER = Path(__file__).parent / "pages" / "page_link.js"


@hookimpl(trylast=True)
def kernel_make_script_runner(app: KernelApp, session: AppSession) -> ScriptRunner:
    from plugins.script_runner._runner import ThreadScriptRunner

    return ThreadScriptRunner(app, session)


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("runner", RunnerConfig)]


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [
        Command("navigation", "plugins.script_runner.pages:navigation", kind="module"),
        Command("Page", "plugins.script_runner.pages:Page", kind="module"),
        Command("switch_page", "plugins.script_runner.pages:switch_page", kind="module"),
        Command("page_link", "plugins.script_runner.pages:page_link", renderer=PAGE_LINK_RENDERER),
    ]


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from plugins.script_runner.pages._test_nodes import node_types

    return node_types()


@hookimpl
def kernel_session_opened(session: AppSession) -> None:
    """Remember the session, so that added or removed pages reach its menu at once."""
    from plugins.script_runner import pages

    pages.track_session(session)


@hookimpl
def kernel_source_changed(app: KernelApp, paths: Sequence[Path]) -> None:
    """Recompile the script and re-import the app's own modules on the next run."""
    from plugins.script_runner import pages
    from plugins.script_runner._modules import evict_user_modules
    from plugins.script_runner._runner import invalidate_scripts

    invalidate_scripts()
    pages.pages_changed(app, paths)
    if app.script_path is not None:
        plugin_modules = [getattr(plugin, "__module__", None) or getattr(plugin, "__name__", "")
                          for _, plugin in app.pm.list_name_plugin()]
        evict_user_modules(Path(app.script_path).parent, ["kernel", *plugin_modules])


@hookimpl
def kernel_rerun_requested(session: AppSession, request: Rerun) -> None:
    """Take the page the request names; a new connection must hear the pages again."""
    from kernel.navigation import session_pages

    if request.context is not None:  # the first rerun of a connection
        session_pages(session).client_reset()
    if request.page is not None:
        session_pages(session).request(request.page)
