"""The ``streamlit`` package as kernel provides it: which module gives which names.

Every name is looked up on access (``kernel.st`` answers with the app's commands), so
building the stand-ins imports nothing heavy. A ``streamlit.NAME`` module that is not
listed here but is an ``st`` command (``streamlit.column_config``) is made on request; any
other submodule is refused with an error naming what kernel provides instead.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import types
from collections.abc import Mapping
from typing import Any

from kernel_plugins.streamlit_compat._aliases import AliasModule, AliasSet, Getter

__all__ = ["STREAMLIT_API_VERSION", "streamlit_aliases"]

STREAMLIT_API_VERSION = "1.67.0"
"""``streamlit.__version__`` under kernel: the Streamlit release whose API kernel follows."""

ROOT = "streamlit"


def _ref(module: str, attribute: str) -> Getter:
    def get() -> Any:
        return getattr(importlib.import_module(module), attribute)

    return get


def _st() -> Any:
    import kernel.st

    return kernel.st


def _st_attr(name: str) -> Getter:
    def get() -> Any:
        return getattr(_st(), name)

    return get


def _value(value: Any) -> Getter:
    return lambda: value


def _uploaded_file() -> Any:
    """The class of the files ``st.file_uploader`` returns, from the module of the plugin providing it."""
    found = getattr(inspect.getmodule(_command_target("file_uploader")), "UploadedFile", None)
    if found is None:
        raise AttributeError("the plugin providing st.file_uploader has no UploadedFile class next to it")
    return found


def _command_target(name: str) -> Any:
    from kernel import current_app

    command = current_app().commands.get(name)
    if command is None:
        raise AttributeError(f"no plugin provides st.{name}")
    return command.load()


def _get_logger(name: str) -> logging.Logger:
    """``streamlit.logger.get_logger``: the standard library's logger of that name."""
    return logging.getLogger(name)


def _websocket_headers() -> dict[str, str] | None:
    """``_get_websocket_headers()`` of old apps: the request headers (``st.context.headers`` now)."""
    try:
        return dict(_st().context.headers)
    except Exception:  # noqa: BLE001 - outside a run, as Streamlit: None
        return None


def _missing(module: str, attribute: str) -> AttributeError:
    return AttributeError(
        f"{module}.{attribute} is not provided by kernel's Streamlit compatibility (in a kernel app, `import "
        f"streamlit` gives kernel's API). Look for kernel's equivalent in `dir({module})`, or run the app with "
        "--streamlit.alias=false to import the real Streamlit."
    )


def _refuse(name: str) -> ModuleNotFoundError:
    provided = ", ".join(sorted(n for n in SPECS if n != ROOT))
    return ModuleNotFoundError(
        f"No module named {name!r}: in a kernel app, `import streamlit` gives kernel's Streamlit-compatible API, "
        f"which has no {name} module. It provides {provided} and streamlit.<command> for each st command. "
        "Use kernel's equivalent, or run the app with --streamlit.alias=false to import the real Streamlit.",
        name=name,
    )


_SCRIPTRUNNER: Mapping[str, Getter] = {
    "get_script_run_ctx": _ref("kernel_plugins.streamlit_compat._runtime", "get_script_run_ctx"),
    "add_script_run_ctx": _ref("kernel_plugins.streamlit_compat._runtime", "add_script_run_ctx"),
    "ScriptRunContext": _ref("kernel_plugins.streamlit_compat._runtime", "ScriptRunContext"),
    "StopException": _ref("kernel.contracts.script_runner", "StopRun"),
    "RerunException": _ref("kernel.contracts.script_runner", "RerunRun"),
}

SPECS: dict[str, tuple[str, Mapping[str, Getter], Getter | None]] = {
    # full name: (doc, own names, what the rest of the names are looked up on)
    ROOT: ("kernel's Streamlit-compatible API (kernel.st).",
           {"__version__": _value(STREAMLIT_API_VERSION)}, _st),
    "streamlit.components": ("st.components.", {}, _st_attr("components")),
    "streamlit.components.v1": ("st.components.v1: html, iframe, declare_component.", {},
                                lambda: _st().components.v1),
    "streamlit.components.v2": ("st.components.v2: component.", {}, lambda: _st().components.v2),
    "streamlit.errors": ("st.errors: the exceptions st commands raise.", {}, _st_attr("errors")),
    "streamlit.runtime": ("streamlit.runtime: exists() and the script run context.",
                          {"exists": _ref("kernel_plugins.streamlit_compat._runtime", "exists")},
                          _st_attr("runtime")),
    "streamlit.runtime.scriptrunner": ("The script run context.", _SCRIPTRUNNER, None),
    "streamlit.runtime.scriptrunner_utils": ("The script run context.", _SCRIPTRUNNER, None),
    "streamlit.runtime.scriptrunner_utils.script_run_context": ("The script run context.", _SCRIPTRUNNER, None),
    "streamlit.runtime.uploaded_file_manager": ("UploadedFile.", {"UploadedFile": _uploaded_file}, None),
    "streamlit.runtime.state": ("SessionStateProxy: the type of st.session_state.",
                                {"SessionStateProxy": lambda: type(_st().session_state)}, None),
    "streamlit.web": ("streamlit.web.server.websocket_headers.", {}, None),
    "streamlit.web.server": ("streamlit.web.server.websocket_headers.", {}, None),
    "streamlit.web.server.websocket_headers": ("_get_websocket_headers() of older apps (st.context.headers).",
                                               {"_get_websocket_headers": _value(_websocket_headers)}, None),
    "streamlit.delta_generator": ("DeltaGenerator: the containers st commands write to.",
                                  {"DeltaGenerator": _ref("kernel.contracts", "Container")}, None),
    "streamlit.logger": ("get_logger.", {"get_logger": _value(_get_logger)}, None),
    "streamlit.config": ("get_option and set_option.",
                         {"get_option": _st_attr("get_option"), "set_option": _st_attr("set_option")}, None),
    "streamlit.testing": ("streamlit.testing.v1.", {}, None),
    "streamlit.testing.v1": ("AppTest: kernel.testing.AppTest.",
                             {"AppTest": _ref("kernel.testing", "AppTest"),
                              "AppTestError": _ref("kernel.testing", "AppTestError")}, None),
    "streamlit.testing.v1.util": ("patch_config_options.",
                                  {"patch_config_options": _ref("kernel.testing", "patch_config_options")}, None),
}


def _build() -> dict[str, AliasModule]:
    modules = {name: AliasModule(name, doc, names, delegate=delegate, missing=_missing)
               for name, (doc, names, delegate) in SPECS.items()}
    # A package's submodules are attributes of it, as after a real import.
    for name, module in modules.items():
        parent, _, child = name.rpartition(".")
        if parent in modules:
            modules[parent]._alias_names.setdefault(child, _value(module))
    return modules


def _make(name: str) -> types.ModuleType | None:
    """``streamlit.NAME`` for an st command NAME that is a module or object (``streamlit.column_config``)."""
    parent, _, child = name.rpartition(".")
    if parent != ROOT:
        return None
    try:
        from kernel import current_app

        command = current_app().commands.get(child)
    except Exception:  # noqa: BLE001 - no app: nothing to offer
        return None
    if command is None or command.kind == "element":
        return None
    return AliasModule(name, f"st.{child}.", {}, delegate=_st_attr(child), missing=_missing)


_aliases: AliasSet | None = None


def streamlit_aliases() -> AliasSet:
    """The one alias set of the ``streamlit`` package in this process."""
    global _aliases
    if _aliases is None:
        _aliases = AliasSet(ROOT, _build(), make=_make, refuse=_refuse)
    return _aliases

