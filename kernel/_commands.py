"""``st`` commands contributed by plugins, and the table that resolves them by name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import attrs

from kernel._errors import CommandClashError, CommandLoadError
from kernel._lazy import import_reference

__all__ = ["Command", "CommandKind", "CommandTable"]

CommandKind = Literal["element", "module", "dynamic"]


@attrs.frozen
class Command:
    """One name on ``st``, contributed through ``kernel_register_commands``.

    * ``kind="element"``: ``target(dg, *args, **kwargs)`` adds an element to the
      container ``dg``. ``st.name(...)`` calls it on the current container, and every
      container has it as a method. ``renderer`` is the path of its web renderer module.
    * ``kind="module"``: ``st.name`` *is* ``target`` (a function or an object such as
      ``st.cache_data``); containers do not have it.
    * ``kind="dynamic"``: ``st.name`` is ``target()``, evaluated on every access (for
      per-session objects such as ``st.session_state``).

    ``component`` names the component the command is written against (a key of
    :data:`kernel.contracts.COMPONENTS`, e.g. ``"session_state"`` for ``st.session_state``).
    While the plugin of that name is blocked and no other plugin provides the component,
    ``st.name`` raises :class:`~kernel._errors.ComponentDisabledError` saying so.

    ``target`` is the object itself or a ``"package.module:attribute"`` reference to it.
    A reference is imported the first time the command is used (see :meth:`load`), so a
    plugin with many commands costs the server nothing at start-up and a script pays
    only for the commands it calls.
    """

    name: str
    target: Any
    kind: CommandKind = "element"
    renderer: Path | None = None
    plugin: str = ""
    component: str | None = None

    def load(self) -> Any:
        """The target: imported on first use when it is given as ``"module:attribute"``."""
        target = self.target
        if type(target) is not str:
            return target
        found = _loaded.get(target)
        if found is None:
            found = _loaded[target] = _import_reference(self, target)
        return found


_loaded: dict[str, Any] = {}
"""Targets given as references, once imported (imports are idempotent, so a race only repeats one)."""


def _import_reference(command: Command, reference: str) -> Any:
    try:
        return import_reference(reference)
    except Exception as exc:
        raise CommandLoadError(
            f"st.{command.name} could not be loaded from {reference!r} (plugin {command.plugin or '?'!r}): "
            f"{type(exc).__name__}: {exc}. Check that the plugin is installed completely and that the "
            "reference names an existing module and attribute."
        ) from exc


def _check_reference(command: Command) -> None:
    module_name, colon, attribute = command.target.partition(":")
    if not (colon and module_name and attribute):
        raise CommandLoadError(
            f"st.{command.name} (plugin {command.plugin or '?'!r}) has the target {command.target!r}: a "
            "target given as a string must be a reference \"package.module:attribute\"."
        )


class CommandTable:
    """Every command of the app by name, with the plugin that provides it."""

    def __init__(self, commands: Iterable[Command] = ()) -> None:
        self._by_name: dict[str, Command] = {}
        for command in commands:
            self.add(command)

    def add(self, command: Command) -> None:
        """Add ``command``; raise :class:`CommandClashError` if its name is taken.

        A target given as a string must be written ``"module:attribute"``
        (:class:`CommandLoadError` otherwise); it is not imported here.
        """
        if type(command.target) is str:
            _check_reference(command)
        existing = self._by_name.get(command.name)
        if existing is not None:
            raise CommandClashError(
                f"st.{command.name} is registered by two plugins: {existing.plugin!r} and "
                f"{command.plugin!r}. Disable one of them (-p no:NAME) or rename its command."
            )
        self._by_name[command.name] = command

    def get(self, name: str) -> Command | None:
        """The command called ``name``, or ``None``."""
        return self._by_name.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Command]:
        return iter(self._by_name.values())

    def __len__(self) -> int:
        return len(self._by_name)

    def names(self, kind: CommandKind | None = None) -> list[str]:
        """Sorted command names, optionally of one kind only."""
        return sorted(n for n, c in self._by_name.items() if kind is None or c.kind == kind)
