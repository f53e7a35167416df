"""Core plugin ``elements_inputs``: the input widgets (buttons, checkboxes, sliders, text,
choices, numbers, dates, uploads, chat) and forms (``st.form``, ``st.form_submit_button``).

Registered by its entry point through the same public hooks an element plugin of a third
party uses (``docs/plugins.md``, "Writing an element plugin"): every widget registers
through ``kernel.elements.register_widget``, and ``st.form`` tells the widget engine about
its forms through ``kernel.contracts.widgets``. It owns the ``[uploads]`` config section.
Start-up imports only this module, the catalog and that section's settings class.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import Command, ConfigSection, hookimpl
from kernel.context import get_run_context
from kernel_plugins.elements_inputs import _catalog

if TYPE_CHECKING:
    from kernel import KernelApp
    from kernel.contracts import AppSession
    from kernel.testing.nodes import TestNodeType


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return _catalog.commands()


@hookimpl(trylast=True)
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    """Show again, at their defaults, the widgets of a ``clear_on_submit`` form whose
    submit the widget engine reset at this run's end (after it: ``trylast``)."""
    from kernel.contracts.widgets import FORM_CLEARED

    ctx = get_run_context()
    if ctx is None or ctx.session is not session or not ctx.stash.get(FORM_CLEARED):
        return
    from kernel_plugins.elements_inputs import form

    form.show_cleared(ctx, ctx.stash[FORM_CLEARED])


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_plugins.elements_inputs.apptest_nodes import NODE_TYPES

    return NODE_TYPES


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    from kernel_plugins.elements_inputs._uploads_config import UploadsConfig

    return [ConfigSection("uploads", UploadsConfig)]


@hookimpl
def kernel_warm_up() -> None:
    """The date and time support every ``st.slider`` call loads (about 10 ms on its first call)."""
    import kernel_plugins.elements_inputs.dates  # noqa: F401
