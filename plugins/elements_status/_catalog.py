"""The ``st`` commands of the status elements: where each lives and which module renders it.

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
    "status": {
        "success": "alert.js", "info": "alert.js", "warning": "alert.js", "error": "alert.js",
        "progress": "progress.js", "spinner": "spinner.js", "status": "status.js", "toast": "toast.js",
        "balloons": "celebration.js", "snow": "celebration.js",
    },
    "exception": {"exception": "exception.js"},
    "skeleton": {"skeleton": "skeleton.js"},
}


def commands() -> list[Command]:
    """The plugin's commands, none of them imported yet."""
    return [
        Command(name, f"{PACKAGE}.{module}:{name}", renderer=HERE / js)
        for module, names in ELEMENT_COMMANDS.items()
        for name, js in names.items()
    ]
