"""Core plugin ``script_runner``: runs the script in its own thread, with magic; compiles scripts
and evicts the app's modules when their files change."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import ConfigSection, KernelApp, hookimpl, lazy_exports
from kernel_plugins.script_runner._config import RunnerConfig

if TYPE_CHECKING:
    from kernel.contracts import AppSession, ScriptRunner
    from kernel_plugins.script_runner._runner import ThreadScriptRunner

__all__ = ["RunnerConfig", "ThreadScriptRunner"]

# The runner loads with the first session, not with the server.
__getattr__ = lazy_exports(__name__, {"ThreadScriptRunner": "kernel_plugins.script_runner._runner:ThreadScriptRunner"})


@hookimpl(trylast=True)
def kernel_make_script_runner(app: KernelApp, session: AppSession) -> ScriptRunner:
    from kernel_plugins.script_runner._runner import ThreadScriptRunner

    return ThreadScriptRunner(app, session)


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("runner", RunnerConfig)]


@hookimpl
def kernel_warm_up(app: KernelApp) -> None:
    """Load the runner, compile the script, load the ``st`` commands it names."""
    from kernel_plugins.script_runner._warm import warm_up

    warm_up(app)


@hookimpl
def kernel_startup(app: KernelApp) -> None:
    """Shorten the interpreter's thread switch interval while a script run goes on for long
    (``[runner] gil_switch_interval_ms``; see :mod:`._priority`)."""
    from kernel_plugins.script_runner._priority import configure_switch_interval

    interval_ms = float(getattr(app.config.sections.get("runner"), "gil_switch_interval_ms", 0.0))
    configure_switch_interval(interval_ms / 1000)


@hookimpl
def kernel_shutdown(app: KernelApp) -> None:
    """Put the interpreter's switch interval back."""
    from kernel_plugins.script_runner._priority import restore_switch_interval

    restore_switch_interval()


@hookimpl
def kernel_source_changed(app: KernelApp, paths: Sequence[Path]) -> None:
    """Recompile the script and re-import the app's own modules on the next run."""
    from kernel_plugins.script_runner._modules import evict_user_modules
    from kernel_plugins.script_runner._runner import invalidate_scripts

    invalidate_scripts()
    if app.script_path is not None:
        plugin_modules = [str(getattr(plugin, "__module__", None) or getattr(plugin, "__name__", ""))
                          for _, plugin in app.pm.list_name_plugin()]
        evict_user_modules(Path(app.script_path).parent, ["kernel", *plugin_modules])
