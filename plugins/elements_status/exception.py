"""``st.exception``: an exception with its type, message and traceback."""

from __future__ import annotations

import traceback

from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator


def _redact(text: str) -> str:
    # No leaks: the redactors plugins register (the secrets plugin masks every secret
    # value as ***) rewrite text before it goes to the page.
    ctx = get_run_context()
    if ctx is None:
        return text
    for _, redactor in ctx.app.collect("kernel_register_redactors"):
        text = redactor(text)
    return text


def exception_props(exc: BaseException) -> dict[str, object]:
    """The exception element's properties for ``exc``, with secret values masked.

    As in Streamlit, the traceback shows the app's frames only: those before the first
    one in the app's script (the runner's) and the framework's own (the kernel's, its
    plugins', pluggy's) are left out, unless ``[client] show_full_traceback`` is on. A
    ``SyntaxError`` shows its file, line and caret.
    """
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    ctx = get_run_context()
    if ctx is not None and not getattr(ctx.app.config.sections.get("client"), "show_full_traceback", False):
        from kernel_plugins.elements_status._frames import app_frames, framework_dirs

        script = str(ctx.app.script_path) if ctx.app.script_path else None
        frames = app_frames(frames, framework_dirs(ctx.app), script)
    if isinstance(exc, SyntaxError) and exc.filename:
        message = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    else:
        message = str(exc)
    return {
        "type": type(exc).__name__,
        "message": _redact(message),
        "traceback": [_redact(line) for line in traceback.format_list(frames)],
    }


def exception(dg: DeltaGenerator, exception: BaseException, width: object = "stretch") -> DeltaGenerator:
    """``st.exception``: show ``exception`` (type, message, traceback)."""
    if not isinstance(exception, BaseException):
        raise TypeError(f"st.exception() needs an exception instance, got {type(exception).__name__}")
    return dg.add_element("exception", exception_props(exception))
