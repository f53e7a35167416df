"""Core plugin ``app_api``: the parts of Streamlit's API around the elements.

* ``st.get_option`` / ``st.set_option`` over kernel's config, with Streamlit's option names;
* ``st.runtime`` (``st.runtime.exists()``);
* ``st.errors``: kernel's exceptions under its own names and Streamlit's;
* the deprecated ``st.experimental_*`` names apps still use, each working and logging once
  what replaced it;
* hints for the names Streamlit removed: ``st.beta_columns`` raises an ``AttributeError``
  saying to use ``st.columns`` (``kernel_register_command_hints``).

Registered by its entry point through the public hooks; start-up imports only this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from kernel import Command, hookimpl

if TYPE_CHECKING:
    from kernel import KernelApp
    from kernel.contracts import Runtime

PACKAGE = __name__

DEPRECATED_FUNCTIONS = ("experimental_get_query_params", "experimental_set_query_params")
"""Deprecated functions with semantics of their own (``_deprecated.py``)."""
DEPRECATED_NAMES = ("experimental_fragment", "experimental_dialog", "experimental_user", "experimental_audio_input")
"""Deprecated names that are the command of their new name, evaluated on each access."""


def _errors() -> ModuleType:
    from kernel_plugins.app_api import errors

    return errors


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    commands = [
        Command("get_option", f"{PACKAGE}._options:get_option", kind="module"),
        Command("set_option", f"{PACKAGE}._options:set_option", kind="module"),
        Command("runtime", f"{PACKAGE}._runtime:runtime", kind="module"),
        Command("errors", _errors, kind="dynamic"),
    ]
    commands += [Command(old, f"{PACKAGE}._deprecated:{old}", kind="module") for old in DEPRECATED_FUNCTIONS]
    commands += [Command(old, f"{PACKAGE}._deprecated:{old}", kind="dynamic") for old in DEPRECATED_NAMES]
    return commands


@hookimpl
def kernel_register_command_hints(app: KernelApp) -> Sequence[tuple[str, str]]:
    from kernel_plugins.app_api._removed import hints

    return hints()


@hookimpl
def kernel_startup(app: KernelApp, runtime: Runtime) -> None:
    from kernel_plugins.app_api._runtime import SERVING

    app.stash[SERVING] = True


@hookimpl
def kernel_shutdown(app: KernelApp, runtime: Runtime) -> None:
    from kernel_plugins.app_api._runtime import SERVING

    app.stash[SERVING] = False
