"""The ``st`` commands of the media elements: where each lives and which module renders it.

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
    "media": {"image": "image.js", "audio": "audio.js", "video": "video.js", "pdf": "pdf.js"},
}


MODULE_COMMANDS: dict[str, dict[str, str]] = {
    # st.logo is a module command (no container has it); its element goes to a root of its own.
    "logo": {"logo": "logo.js"},
}


def commands() -> list[Command]:
    """The plugin's commands, none of them imported yet."""
    return [
        Command(name, f"{PACKAGE}.{module}:{name}", renderer=HERE / js)
        for module, names in ELEMENT_COMMANDS.items()
        for name, js in names.items()
    ] + [
        Command(name, f"{PACKAGE}.{module}:{name}", kind="module", renderer=HERE / js)
        for module, names in MODULE_COMMANDS.items()
        for name, js in names.items()
    ]
