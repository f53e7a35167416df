"""The ``st`` commands of the layout plugin: where each lives and which module renders it.

Commands are ``"module:attribute"`` references (see :meth:`kernel.Command.load`): a module
is imported the first time a script calls one of its commands, never at start-up.
"""

from __future__ import annotations

from pathlib import Path

from kernel import Command

PACKAGE = __name__.rpartition(".")[0]
HERE = Path(__file__).parent

ELEMENT_COMMANDS: dict[str, dict[str, str]] = {
    # module: {command (the function of the same name): renderer file next to it}
    "layout": {"columns": "columns.js", "empty": "empty.js", "space": "space.js"},
    "containers": {"container": "container.js", "expander": "expander.js", "tabs": "tabs.js",
                   "popover": "popover.js"},
    "grid": {"grid": "grid.js"},
}

MODULE_COMMANDS: dict[str, str] = {
    # command: module holding an object of the same name (no renderer)
    "set_page_config": "page_config",
}

DYNAMIC_COMMANDS: dict[str, str] = {
    # command: module whose function of the same name returns the object (per access)
    "sidebar": "layout",
    "bottom": "layout",
}


def commands() -> list[Command]:
    """The plugin's commands, none of them imported yet."""
    out = [
        Command(name, f"{PACKAGE}.{module}:{name}", renderer=HERE / js)
        for module, names in ELEMENT_COMMANDS.items()
        for name, js in names.items()
    ]
    out += [Command(name, f"{PACKAGE}.{module}:{name}", kind="module") for name, module in MODULE_COMMANDS.items()]
    out += [Command(name, f"{PACKAGE}.{module}:{name}", kind="dynamic") for name, module in DYNAMIC_COMMANDS.items()]
    return out
