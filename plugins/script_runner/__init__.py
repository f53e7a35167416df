"""Core plugin ``script_runner``: runs the script in its own thread; rerun and stop."""

from __future__ import annotations

from kernel import hookimpl
from kernel.app import KernelApp
from kernel.contracts import AppSession, ScriptRunner
from plugins.script_runner._runner import ThreadScriptRunner

__all__ = ["ThreadScriptRunner"]


@hookimpl(trylast=True)
def kernel_make_script_runner(app: KernelApp, session: AppSession) -> ScriptRunner:
    return ThreadScriptRunner(app, session)
