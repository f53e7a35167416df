"""Essential plugin ``session_state_api``: ``st.session_state``, ``st.query_params`` and
``st.context``, written only against the SessionState contract.

Whichever plugin answers ``kernel_make_session_state`` provides each session's state:
the core ``session_state`` plugin, or a replacement (``-p no:session_state -p my_state``).
These commands reach it as ``session.state`` (the mapping, its ``query_string`` and its
``client``), so apps keep them whoever provides the component. It is essential
(entry-point group ``kernel.essential_plugins``): ``-p no:session_state_api`` is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import Command, hookimpl, lazy_exports

if TYPE_CHECKING:
    from kernel import KernelApp
    from kernel_plugins.session_state_api._context import ContextProxy
    from kernel_plugins.session_state_api._query_params import QueryParams, QueryParamsError
    from kernel_plugins.session_state_api._state_proxy import SessionStateProxy

__all__ = ["ContextProxy", "QueryParams", "QueryParamsError", "SessionStateProxy"]

# The implementations load with the first script that uses them, not with the server.
__getattr__ = lazy_exports(__name__, {
    "ContextProxy": "kernel_plugins.session_state_api._context:ContextProxy",
    "QueryParams": "kernel_plugins.session_state_api._query_params:QueryParams",
    "QueryParamsError": "kernel_plugins.session_state_api._query_params:QueryParamsError",
    "SessionStateProxy": "kernel_plugins.session_state_api._state_proxy:SessionStateProxy",
})


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [
        Command(name, f"kernel_plugins.session_state_api._commands:{name}", kind="dynamic", component="session_state")
        for name in ("session_state", "query_params", "context")
    ]
