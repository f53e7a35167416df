"""``st.exception``: an exception with its type, message and traceback."""

from __future__ import annotations

import traceback
from pathlib import Path

from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator

HERE = Path(__file__).parent


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
    """The exception element's properties for ``exc``, with secret values masked."""
    frames = traceback.format_tb(exc.__traceback__) if exc.__traceback__ else []
    return {
        "type": type(exc).__name__,
        "message": _redact(str(exc)),
        "traceback": [_redact(line) for line in frames],
    }


def exception(dg: DeltaGenerator, exception: BaseException, width: object = "stretch") -> DeltaGenerator:
    """``st.exception``: show ``exception`` (type, message, traceback)."""
    if not isinstance(exception, BaseException):
        raise TypeError(f"st.exception() needs an exception instance, got {type(exception).__name__}")
    return dg.add_element("exception", exception_props(exception))


RENDERERS = {"exception": HERE / "exception.js"}
COMMANDS = {"exception": exception}
