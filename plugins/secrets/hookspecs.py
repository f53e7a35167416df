"""Hooks of the ``secrets`` plugin (declared through ``kernel_add_hookspecs``).

They exist while the plugin is loaded; an observer that must also work when it is
blocked implements them with ``@hookimpl(optionalhook=True)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kernel.contracts.hookspecs import hookspec

if TYPE_CHECKING:
    from kernel import KernelApp


@hookspec
def kernel_secrets_changed(app: KernelApp) -> None:
    """The app's secrets were reloaded because a watched secrets file changed.

    **Called:** by the ``secrets`` plugin right after the new values are in place (a
    reload that fails leaves the error to be raised on the next access of
    ``st.secrets`` and still fires this), from the thread that noticed the change: a
    script thread at the start of a run, or a worker thread after
    ``kernel_source_changed``. Must not block.

    An observer may invalidate what it derived from secrets (a connection, a client)
    or ask sessions to rerun.

    :param app: the assembled kernel.
    """
