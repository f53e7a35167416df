"""``st.get_option`` and ``st.set_option`` over kernel's config, under Streamlit's option names too.

A key is ``"section.option"``. It is looked up, in order:

1. as a Streamlit option kernel keeps under another name or unit (``server.maxUploadSize``
   is ``[uploads] max_upload_size_mb``; ``server.maxMessageSize`` is ``[server]
   max_message_size_bytes`` in megabytes, Streamlit's unit, where
   ``server.max_message_size_bytes`` gives bytes);
2. in kernel's config, with the option in either spelling (``server.runOnSave`` is
   ``[server] run_on_save``; any plugin's section works: ``cache.backend``);
3. as a Streamlit option kernel has no setting for: its Streamlit default (``theme.*``
   options are unset, ``None``), or the value ``st.set_option`` gave it.

Anything else raises :class:`~kernel_plugins.app_api.errors.ConfigOptionError` naming the
close matches. ``st.set_option`` accepts only the options Streamlit lets a script change
(``client.showErrorDetails``, ``client.toolbarMode``, ``client.disableDataExport``,
``client.showSidebarNavigation``, ``logger.enableRich``); a value it sets holds for the
whole process, as in Streamlit.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import attrs

from kernel import KernelApp, StashKey, current_app
from kernel_plugins.app_api.errors import ConfigOptionError

MEGABYTE = 1024 * 1024

RENAMED: dict[str, tuple[str, str, Callable[[Any], Any]]] = {
    # Streamlit key: (kernel section, kernel option, kernel value -> Streamlit value)
    "server.maxUploadSize": ("uploads", "max_upload_size_mb", lambda v: v),
    "server.maxMessageSize": ("server", "max_message_size_bytes", lambda v: v // MEGABYTE),
}

THEME_OPTIONS = (
    "base", "primaryColor", "backgroundColor", "secondaryBackgroundColor", "textColor", "linkColor",
    "linkUnderline", "codeTextColor", "codeBackgroundColor", "font", "fontFaces", "headingFont", "codeFont",
    "baseFontSize", "baseFontWeight", "headingFontSizes", "headingFontWeights", "codeFontSize", "codeFontWeight",
    "baseRadius", "buttonRadius", "borderColor", "dataframeBorderColor", "dataframeHeaderBackgroundColor",
    "dataframeHeaderTextColor", "showWidgetBorder", "showSidebarBorder", "chartCategoricalColors",
    "chartSequentialColors", "chartDivergingColors", "redColor", "orangeColor", "yellowColor", "blueColor",
    "greenColor", "violetColor", "grayColor",
)
"""``[theme]`` options: kernel has no theme config yet, so each reads as unset (``None``)."""

STREAMLIT_DEFAULTS: dict[str, Any] = {
    "client.showErrorDetails": "full",
    "client.toolbarMode": "auto",
    "client.showSidebarNavigation": True,
    "client.disableDataExport": False,
    "client.showErrorLinks": "auto",
    "logger.level": "info",
    "logger.enableRich": False,
    "global.developmentMode": False,
    "global.disableWidgetStateDuplicationWarning": False,
    "global.showWarningOnDirectExecution": True,
    "runner.fastReruns": True,
    "runner.postScriptGC": False,
    "runner.enforceSerializableSessionState": False,
    "runner.enumCoercion": "nameOnly",
    "server.headless": True,
    "server.baseUrlPath": "",
    "server.enableCORS": True,
    "server.enableXsrfProtection": True,
    "server.enableStaticServing": False,
    "browser.gatherUsageStats": False,
    "browser.serverAddress": "localhost",
    "deprecation.showPyplotGlobalUse": True,
    "deprecation.showfileUploaderEncoding": True,
    "magic.displayRootDocString": False,
    "magic.displayLastExprIfNoSemicolon": False,
    **{f"theme.{name}": None for name in THEME_OPTIONS},
}
"""Streamlit options kernel has no setting for, with the value that describes what kernel does."""

SCRIPTABLE: dict[str, Callable[[Any], bool]] = {
    "client.showErrorDetails": lambda v: v in ("full", "stacktrace", "type", "none", True, False),
    "client.toolbarMode": lambda v: v in ("auto", "developer", "viewer", "minimal"),
    "client.disableDataExport": lambda v: isinstance(v, bool),
    "client.showSidebarNavigation": lambda v: isinstance(v, bool),
    "logger.enableRich": lambda v: isinstance(v, bool),
    # Removed from Streamlit, but still set by many apps (st.pyplot() without a figure honours the first).
    "deprecation.showPyplotGlobalUse": lambda v: isinstance(v, bool),
    "deprecation.showfileUploaderEncoding": lambda v: isinstance(v, bool),
}
"""The options a script may change (Streamlit's scriptable options), each with its value check."""

_OVERRIDES: StashKey[dict[str, Any]] = StashKey("app_api.option_overrides")
_lock = threading.Lock()


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).replace("-", "_").lower()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _split(command: str, key: Any) -> tuple[str, str]:
    if not isinstance(key, str) or "." not in key.strip("."):
        raise ConfigOptionError(
            f"st.{command}({key!r}): an option is named \"section.option\", e.g. \"server.port\" or "
            "\"theme.primaryColor\"; `kernel config show` lists kernel's."
        )
    section, _, option = key.rpartition(".")
    return section, option


def _kernel_option(app: KernelApp, section: str, option: str) -> tuple[Any, str] | None:
    """The config section object and the field name of ``section.option`` in kernel's config, if any."""
    obj = app.config.sections.get(_snake(section))
    if obj is None:
        return None
    name = _snake(option)
    if name not in {f.name for f in attrs.fields(type(obj))}:
        return None
    return obj, name


def _streamlit_key(section: str, option: str) -> str:
    return f"{section}.{_camel(_snake(option)) if '_' in option else option}"


def known_keys(app: KernelApp) -> list[str]:
    """Every key ``st.get_option`` answers: kernel's options in Streamlit's spelling and the Streamlit-only ones."""
    keys = [f"{name}.{_camel(option)}" for name, option, _, _ in app.config.items()]
    return sorted({*keys, *RENAMED, *STREAMLIT_DEFAULTS})


def _unknown(app: KernelApp, command: str, key: str) -> ConfigOptionError:
    import difflib

    close = difflib.get_close_matches(key, known_keys(app), n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(repr(k) for k in close)}?" if close else ""
    return ConfigOptionError(
        f"st.{command}({key!r}): no such config option.{hint} `kernel config show` lists kernel's options; "
        "Streamlit's names for them (\"server.runOnSave\") work too."
    )


def get_option(key: str) -> Any:
    """``st.get_option("section.option")``: the option's effective value (see the module docstring)."""
    app = current_app()
    section, option = _split("get_option", key)
    streamlit_key = _streamlit_key(section, option)
    overrides = app.stash.get(_OVERRIDES, {})
    if streamlit_key in overrides:
        return overrides[streamlit_key]
    if key in RENAMED:  # Streamlit's spelling: Streamlit's unit
        section_name, option_name, convert = RENAMED[key]
        return convert(getattr(app.config[section_name], option_name))
    found = _kernel_option(app, section, option)
    if found is not None:
        return getattr(found[0], found[1])
    if streamlit_key in STREAMLIT_DEFAULTS:
        return STREAMLIT_DEFAULTS[streamlit_key]
    if section.startswith("theme.") and option in THEME_OPTIONS:  # [theme.sidebar], [theme.dark], ...
        return None
    raise _unknown(app, "get_option", key)


def set_option(key: str, value: Any) -> None:
    """``st.set_option(key, value)``: change one of the options a script may change, for the whole process."""
    app = current_app()
    section, option = _split("set_option", key)
    streamlit_key = _streamlit_key(section, option)
    check = SCRIPTABLE.get(streamlit_key)
    if check is None:
        known = _kernel_option(app, section, option) is not None or streamlit_key in RENAMED \
            or streamlit_key in STREAMLIT_DEFAULTS
        if not known:
            raise _unknown(app, "set_option", key)
        allowed = ", ".join(SCRIPTABLE)
        raise ConfigOptionError(
            f"st.set_option({key!r}, ...): {key} cannot be set while the app runs. Set it in "
            f".kernel/config.toml, with an environment variable or on the command line "
            f"(`kernel run app.py --{key}=...`). A script can set only: {allowed}."
        )
    if not check(value):
        raise ConfigOptionError(f"st.set_option({key!r}, {value!r}): {value!r} is not a valid value for {key}.")
    with _lock:
        overrides = app.stash.get(_OVERRIDES)
        if overrides is None:
            overrides = app.stash[_OVERRIDES] = {}
        overrides[streamlit_key] = value
    found = _kernel_option(app, section, option)
    if found is not None:  # a plugin that owns this option reads the new value
        setattr(found[0], found[1], value)
