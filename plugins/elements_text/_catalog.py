"""The ``st`` commands of the text elements: where each lives and which module renders it.

Commands are ``"module:attribute"`` references (see :meth:`kernel.Command.load`): a module
is imported the first time a script calls one of its commands, never at start-up.
"""

from __future__ import annotations

from pathlib import Path

from kernel import Command

PACKAGE = __name__.rpartition(".")[0]
HERE = Path(__file__).parent

ELEMENT_COMMANDS: dict[str, dict[str, str | None]] = {
    # module: {command (the function of the same name): renderer file next to it}
    "text": {
        "text": "text.js", "markdown": "markdown.js", "caption": "markdown.js", "title": "heading.js",
        "header": "heading.js", "subheader": "heading.js", "code": "code.js", "divider": "divider.js",
    },
    "write": {"write": None, "json": "json.js"},
    "stream": {"write_stream": None},
    "rich_text": {"badge": "badge.js", "html": "html.js", "latex": "latex.js"},
    "help": {"help": "help.js"},
}

MODULE_COMMANDS: dict[str, str] = {
    # command: module holding an object of the same name (used as is, not called on a container)
    "echo": "help",
}


def commands() -> list[Command]:
    """The plugin's commands, none of them imported yet."""
    out = [
        Command(name, f"{PACKAGE}.{module}:{name}", renderer=HERE / js if js is not None else None)
        for module, names in ELEMENT_COMMANDS.items()
        for name, js in names.items()
    ]
    out += [Command(name, f"{PACKAGE}.{module}:{name}", kind="module") for name, module in MODULE_COMMANDS.items()]
    return out
