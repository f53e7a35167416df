"""The script runner's part of ``kernel_warm_up``: compile the script and import what its
first run would import for the ``st`` commands it names, without running it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from types import CodeType

from kernel import KernelApp

log = logging.getLogger("kernel.script_runner")


def names_in(code: CodeType) -> Iterator[str]:
    """Every name ``code`` and the functions and classes it defines use (globals, attributes)."""
    yield from code.co_names
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from names_in(const)


def warm_up(app: KernelApp) -> None:
    """Compile the app's script (the compiled code is shared, so the first run finds it) and
    load the target of every ``st`` command whose name its code uses. A script that does not
    compile is left to its first run, which shows the error."""
    import kernel.st  # noqa: F401
    from kernel_plugins.script_runner._runner import compiled_script, magic_enabled

    if app.script_path is None:
        return
    try:
        code = compiled_script(Path(app.script_path), magic=magic_enabled(app)).code()
    except (OSError, SyntaxError, ValueError) as exc:
        log.debug("warm-up: %s does not compile (%s); its first run will say so", app.script_path, exc)
        return
    for name in set(names_in(code)):
        command = app.commands.get(name)
        if command is not None:
            command.load()
