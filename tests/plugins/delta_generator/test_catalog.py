"""The catalogs of the core element plugins: every reference resolves, every renderer exists, nothing loads early."""

from __future__ import annotations

import inspect

import pytest

from tests.plugins import element_catalogs as _catalog

COMMANDS = _catalog.commands()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_reference_resolves_to_the_function_of_that_name(command) -> None:
    target = command.load()
    if command.kind == "element":
        first = next(iter(inspect.signature(target).parameters))
        assert first == "dg", f"st.{command.name}: an element command takes the container first"
        assert target.__name__ == command.name
    elif command.kind == "dynamic":
        assert callable(target)
    if command.renderer is not None:
        assert command.renderer.is_file(), f"st.{command.name}: no renderer at {command.renderer}"


def test_names_are_unique() -> None:
    names = [c.name for c in COMMANDS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("plugin", sorted(_catalog.CATALOGS))
def test_every_renderer_in_the_folder_is_used(plugin: str) -> None:
    catalog, folder = _catalog.CATALOGS[plugin]
    used = {c.renderer.name for c in catalog.commands() if c.renderer is not None}
    renderers = {p.name for p in folder.glob("*.js") if not p.name.startswith("_")}
    assert renderers - used == set(), "a renderer module no command names"
