"""Essential plugin ``runner_api``: ``st.stop`` and ``st.rerun``, written against the ScriptRunner contract.

It knows no runner: ``st.stop()`` raises :class:`kernel.contracts.script_runner.StopRun`
and ``st.rerun()`` asks the run's ``ctx.runner`` for the next run, then raises
:class:`~kernel.contracts.script_runner.RerunRun`, so any runner that executes its runs
with :func:`kernel.runs.execute_run` supports both. A rerun of a smaller scope than the
app (``st.rerun(scope="fragment")``) belongs to the plugin that owns that scope: it
answers this plugin's own hook ``kernel_rerun_scope`` (:mod:`kernel_plugins.runner_api.hookspecs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import Command, hookimpl

if TYPE_CHECKING:
    import pluggy

    from kernel import KernelApp

__all__: list[str] = []


@hookimpl
def kernel_add_hookspecs(pm: pluggy.PluginManager) -> None:
    """Declare ``kernel_rerun_scope``, which owners of partial reruns implement."""
    from kernel_plugins.runner_api import hookspecs

    pm.add_hookspecs(hookspecs)


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [
        Command("stop", "kernel_plugins.runner_api._commands:stop", kind="module"),
        Command("rerun", "kernel_plugins.runner_api._commands:rerun", kind="module"),
    ]
