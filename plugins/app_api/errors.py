"""``st.errors``: the exceptions an app may catch, under kernel's names and Streamlit's.

Kernel's own names come first; Streamlit's are aliases of the same classes, so code
written for Streamlit (``except st.errors.StreamlitAPIException``) catches what kernel
raises. Every error kernel raises for a misuse of the ``st`` API subclasses
:class:`KernelAPIException` (argument errors, duplicate widgets, layout and form errors,
navigation, caching, fragments and dialogs, query parameters, ...).
"""

from __future__ import annotations

from kernel import KernelAPIException, KernelAPIWarning, KernelError, NoRunContextError, UnknownCommandError
from kernel.contracts.caching import CacheError
from kernel.contracts.element_args import ElementArgumentError
from kernel.contracts.elements import (
    DuplicateElementId,
    DuplicateElementKey,
    DuplicateWidgetID,
    InvalidFormCallbackError,
    InvalidLayoutContextError,
    ValueAssignmentNotAllowedError,
    WidgetAlreadyInstantiatedError,
)
from kernel.contracts.pages import NavigationError, PageNotFoundError

__all__ = [
    "CacheError",
    "ConfigOptionError",
    "DuplicateElementId",
    "DuplicateElementKey",
    "DuplicateWidgetID",
    "ElementArgumentError",
    "Error",
    "InvalidFormCallbackError",
    "InvalidLayoutContextError",
    "KernelAPIException",
    "KernelAPIWarning",
    "KernelError",
    "NavigationError",
    "NoRunContextError",
    "NoSessionContext",
    "PageNotFoundError",
    "StreamlitAPIException",
    "StreamlitAPIWarning",
    "StreamlitDuplicateElementId",
    "StreamlitDuplicateElementKey",
    "StreamlitInvalidFormCallbackError",
    "StreamlitInvalidLayoutContextError",
    "StreamlitPageNotFoundError",
    "StreamlitValueAssignmentNotAllowedError",
    "StreamlitValueError",
    "StreamlitWidgetAlreadyInstantiatedError",
    "UnknownCommandError",
    "ValueAssignmentNotAllowedError",
    "WidgetAlreadyInstantiatedError",
]


class ConfigOptionError(KernelAPIException, RuntimeError):
    """``st.get_option``/``st.set_option`` named an option that does not exist, or one that
    cannot change while the app runs; the message says which options can."""


# Streamlit's names for the same classes (streamlit.errors).
Error = KernelError
StreamlitAPIException = KernelAPIException
StreamlitAPIWarning = KernelAPIWarning
StreamlitDuplicateElementId = DuplicateElementId
StreamlitDuplicateElementKey = DuplicateElementKey
StreamlitWidgetAlreadyInstantiatedError = WidgetAlreadyInstantiatedError
StreamlitValueAssignmentNotAllowedError = ValueAssignmentNotAllowedError
StreamlitInvalidFormCallbackError = InvalidFormCallbackError
StreamlitInvalidLayoutContextError = InvalidLayoutContextError
StreamlitPageNotFoundError = PageNotFoundError
StreamlitValueError = ElementArgumentError
NoSessionContext = NoRunContextError
