"""Exceptions raised by the kernel, each naming what went wrong and how to fix it."""

from __future__ import annotations

__all__ = [
    "CommandClashError",
    "CommandLoadError",
    "ComponentDisabledError",
    "ConfigError",
    "ConfigWarning",
    "EssentialPluginError",
    "KernelAPIException",
    "KernelAPIWarning",
    "KernelError",
    "MissingComponentError",
    "NoRunContextError",
    "PluginLoadError",
    "UnknownCommandError",
]


class KernelError(Exception):
    """Base class of every error the kernel raises on purpose."""


class KernelAPIException(KernelError):
    """An ``st`` command was used wrongly: a bad argument, a duplicate id, a misplaced element.

    The base of every error an app gets for misusing the API, whichever plugin raises it;
    ``st.errors.StreamlitAPIException`` is this class, so code written for Streamlit that
    catches it catches kernel's errors too. The message says what was wrong and how to fix it.
    """


class KernelAPIWarning(KernelAPIException, Warning):
    """A use of the ``st`` API that works but should change (``st.errors.StreamlitAPIWarning``)."""


class PluginLoadError(KernelError):
    """A plugin could not be imported or registered.

    The message names the plugin, where it came from (distribution, version and entry
    point, or module) and the original exception, which is chained as ``__cause__``.
    """


class EssentialPluginError(KernelError):
    """``-p no:NAME`` or ``[plugins] disable`` named an essential plugin, which cannot be blocked.

    Essential plugins (the ``kernel.essential_plugins`` entry-point group) provide ``st``
    commands written against a component's contract; what they do changes by replacing
    the component, never by blocking them.
    """


class MissingComponentError(KernelError):
    """No loaded plugin answers the factory hook of a core component."""


class CommandClashError(KernelError):
    """Two plugins registered an ``st`` command under the same name."""


class CommandLoadError(KernelError):
    """A command's ``"module:attribute"`` target is malformed or could not be imported."""


class UnknownCommandError(KernelError, AttributeError):
    """``st.<name>`` names no command that any loaded plugin provides."""


class ComponentDisabledError(UnknownCommandError):
    """``st.<name>`` is provided by a plugin that is disabled (``-p no:NAME``)."""


class NoRunContextError(KernelError):
    """An ``st`` element command was called outside a running script."""


class ConfigError(KernelError):
    """A configuration value is invalid; the message names its source and key."""


class ConfigWarning(UserWarning):
    """A configuration file or variable holds something the kernel does not know."""
