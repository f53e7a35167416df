"""The public surface of ``kernel`` is exactly what ``__all__`` says."""

from __future__ import annotations

import pytest

import kernel
import kernel.contracts


def test_all_is_sorted_and_complete() -> None:
    assert kernel.__all__ == sorted(kernel.__all__)
    for name in kernel.__all__:
        assert getattr(kernel, name) is not None, name


def test_public_names_have_docstrings() -> None:
    for name in kernel.__all__:
        obj = getattr(kernel, name)
        if callable(obj) and not isinstance(obj, str):
            assert (obj.__doc__ or "").strip(), f"kernel.{name} has no docstring"


def test_contracts_all() -> None:
    assert kernel.contracts.__all__ == sorted(kernel.contracts.__all__)
    for name in kernel.contracts.__all__:
        assert getattr(kernel.contracts, name).__doc__, name


PLUGIN_API = ("kernel", "kernel.context", "kernel.contracts", "kernel.elements", "kernel.runs", "kernel.testing")
"""The namespaces a plugin may import (with the submodules of kernel.contracts and kernel.testing);
docs/plugins.md ("What a plugin may import") lists them."""


def test_every_kernel_module_is_public_api_or_private_by_name() -> None:
    import pathlib

    root = pathlib.Path(kernel.__file__).parent
    top = sorted(p.stem for p in root.glob("*.py") if p.stem != "__init__")
    public = sorted(name for name in top if not name.startswith("_"))
    # A new public kernel module must join PLUGIN_API and docs/plugins.md.
    assert public == ["context", "elements", "runs", "st"]


@pytest.mark.parametrize("name", PLUGIN_API)
def test_each_plugin_api_namespace_pins_its_names(name: str) -> None:
    import importlib

    module = importlib.import_module(name)
    names = list(module.__all__)
    assert names == sorted(names), name
    for attr in names:
        assert hasattr(module, attr), f"{name}.{attr}"


def test_the_element_door_exports_exactly_the_element_api() -> None:
    import kernel.contracts.element_api
    import kernel.elements

    assert kernel.elements.__all__ == kernel.contracts.element_api.__all__
    for attr in kernel.elements.__all__:
        assert getattr(kernel.elements, attr) is getattr(kernel.contracts.element_api, attr)
