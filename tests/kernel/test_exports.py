"""The public surface of ``kernel`` is exactly what ``__all__`` says."""

from __future__ import annotations

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
