"""Argument checks of the element commands still in this plugin: the public ones of :mod:`kernel.elements`."""

from __future__ import annotations

from kernel.elements import ElementArgumentError, check_choice, check_height, check_width, container_width
from kernel.elements import argument_error as fail

__all__ = ["ElementArgumentError", "check_choice", "check_height", "check_width", "container_width", "fail"]
