"""Errors of the element and widget machinery that user code may catch.

They are raised by whichever plugins build elements and widgets (the core element
plugins, the widget engine and ``session_state``, or their replacements), and live in
the contract so that an app or a replacement raises and catches the same classes
without importing a plugin.
"""

from __future__ import annotations

from kernel._errors import KernelAPIException

__all__ = [
    "DuplicateElementId",
    "DuplicateElementKey",
    "DuplicateWidgetID",
    "InvalidFormCallbackError",
    "InvalidLayoutContextError",
    "ValueAssignmentNotAllowedError",
    "WidgetAlreadyInstantiatedError",
]


class DuplicateWidgetID(KernelAPIException):
    """Two elements of one run share an id (same kind and parameters) or a user key."""


class DuplicateElementId(DuplicateWidgetID):
    """Two widgets of one run got the same auto-generated id; give one a ``key``."""


class DuplicateElementKey(DuplicateWidgetID):
    """Two elements of one run were given the same ``key``."""


class WidgetAlreadyInstantiatedError(KernelAPIException):
    """``st.session_state[key]`` was assigned after the widget with that key was created in the run."""


class ValueAssignmentNotAllowedError(KernelAPIException):
    """A value was assigned through ``st.session_state`` to the key of a read-only widget (a button)."""


class InvalidFormCallbackError(KernelAPIException):
    """A widget inside ``st.form`` other than ``st.form_submit_button`` was given a callback."""


class InvalidLayoutContextError(KernelAPIException):
    """An element was used where it is not allowed (a form in a form, a button in a form, ...)."""
