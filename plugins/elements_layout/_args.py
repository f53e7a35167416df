"""Argument checks of the layout commands; each error names the command and the parameter."""

from __future__ import annotations

import functools
from typing import Any

from kernel import KernelAPIException
from kernel.elements import check_callback, check_one_of, check_pixel_width

__all__ = ["LayoutArgumentError", "callback_options", "check_choice", "width_prop"]


class LayoutArgumentError(KernelAPIException, ValueError):
    """A layout command got an argument it cannot use; the message names the parameter."""


check_choice = functools.partial(check_one_of, error=LayoutArgumentError)
"""Raise unless ``value`` (the parameter ``name`` of ``st.<command>``) is one of ``allowed``
(:func:`kernel.elements.check_one_of` raising :class:`LayoutArgumentError`)."""

width_prop = functools.partial(check_pixel_width, error=LayoutArgumentError)
"""Validate ``width``: one of ``allowed`` or a positive int of pixels
(:func:`kernel.elements.check_pixel_width` raising :class:`LayoutArgumentError`)."""


def callback_options(command: str, fn: Any, args: Any, kwargs: Any) -> dict[str, Any]:
    """``on_change`` (a function, ``"rerun"`` or ``"ignore"``) with its ``args`` and ``kwargs``,
    checked, as the options of :func:`kernel.elements.register_widget` (none for the modes)."""
    cb = check_callback(command, "on_change", fn, args, kwargs, error=LayoutArgumentError)
    if cb is None:
        return {}
    return {"on_change": cb.fn, "args": cb.args, "kwargs": cb.kwargs}
