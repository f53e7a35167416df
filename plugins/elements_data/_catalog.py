"""The ``st`` commands of the data elements: where each lives and which module renders it.

Commands are ``"module:attribute"`` references (see :meth:`kernel.Command.load`): a module
is imported the first time a script calls one of its commands, never at start-up (so
pandas loads with the first frame an app shows).
"""

from __future__ import annotations

from pathlib import Path

from kernel import Command

PACKAGE = __name__.rpartition(".")[0]
HERE = Path(__file__).parent

ELEMENT_COMMANDS: dict[str, dict[str, str]] = {
    # module: {command (the function of the same name): renderer file next to it}
    "data": {"dataframe": "dataframe.js", "data_editor": "dataframe.js", "table": "table.js"},
    "metric": {"metric": "metric.js"},
}

MODULE_COMMANDS: dict[str, str] = {
    # command: module holding an object of the same name (used as is, not called on a container)
    "column_config": "column_config",
}


def commands() -> list[Command]:
    """The plugin's commands, none of them imported yet."""
    out = [
        Command(name, f"{PACKAGE}.{module}:{name}", renderer=HERE / js)
        for module, names in ELEMENT_COMMANDS.items()
        for name, js in names.items()
    ]
    out += [Command(name, f"{PACKAGE}.{module}:{name}", kind="module") for name, module in MODULE_COMMANDS.items()]
    return out
