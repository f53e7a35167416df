"""Core plugin ``streamlit_compat``: scripts written for Streamlit run as they are.

While an app runs (``kernel run``, and each run of an AppTest), ``import streamlit``,
``from streamlit import ...``, ``import streamlit.components.v1`` and the other
submodules apps use give kernel's compatible API, even where the real Streamlit is
installed; so do the ``import streamlit`` lines of packages the app imports. The real
modules are put back when the app stops (after each AppTest run). ``[streamlit] alias =
false`` (``--streamlit.alias=false``) turns this off. See docs/streamlit.md.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kernel import ConfigSection, KernelApp, Stash, StashKey, hookimpl
from kernel_plugins.streamlit_compat._config import StreamlitConfig

if TYPE_CHECKING:
    from kernel.contracts import AppSession, Runtime

__all__ = ["StreamlitConfig"]

HELD: StashKey[bool] = StashKey("streamlit_aliases_held")
"""Set on a runtime's or a run's stash while it holds the aliases."""

ANNOUNCEMENT = ("  Streamlit scripts run as they are: `import streamlit` in the app gives kernel's API "
                "(turn off: --streamlit.alias=false).")

_announced = False


def alias_enabled(app: KernelApp) -> bool:
    """Whether ``[streamlit] alias`` is on."""
    return bool(getattr(app.config.sections.get("streamlit"), "alias", True))


def _alias_set() -> Any:
    from kernel_plugins.streamlit_compat._streamlit import streamlit_aliases

    return streamlit_aliases()


def _take(stash: Stash) -> bool:
    """Whether ``stash`` held the aliases; it no longer does."""
    if not stash.get(HELD, False):
        return False
    del stash[HELD]
    return True


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("streamlit", StreamlitConfig, common=(
        ("alias", "false", "let `import streamlit` import the real Streamlit, not kernel's API"),))]


@hookimpl
def kernel_startup(app: KernelApp, runtime: Runtime) -> None:
    """A served app holds the aliases while it serves, and says so once per process."""
    global _announced
    if not alias_enabled(app):
        return
    _alias_set().acquire()
    runtime.stash[HELD] = True
    if not _announced:
        _announced = True
        print(ANNOUNCEMENT, file=sys.stderr, flush=True)


@hookimpl
def kernel_shutdown(app: KernelApp, runtime: Runtime) -> None:
    if _take(runtime.stash):
        _alias_set().release()


@hookimpl(tryfirst=True)
def kernel_script_run_started(session: AppSession, run_id: int) -> None:
    """Each run holds the aliases while it runs (an AppTest run has no server that holds them)."""
    from kernel.context import get_run_context

    ctx = get_run_context()
    if ctx is None or not alias_enabled(session.app):
        return
    _alias_set().acquire()
    ctx.stash[HELD] = True


@hookimpl(trylast=True)
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    from kernel.context import get_run_context

    ctx = get_run_context()
    if ctx is not None and _take(ctx.stash):
        _alias_set().release()


@hookimpl
def kernel_warm_up(app: KernelApp) -> None:
    """The aliases ``import streamlit`` finds (loaded when the server starts otherwise)."""
    if alias_enabled(app):
        _alias_set()
