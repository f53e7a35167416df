"""``st.exception``: an exception with its type, message and traceback."""

from __future__ import annotations

import traceback
from pathlib import Path

from kernel.contracts import DeltaGenerator

HERE = Path(__file__).parent


def exception_props(exc: BaseException) -> dict[str, object]:
    """The exception element's properties for ``exc``."""
    return {
        "type": type(exc).__name__,
        "message": str(exc),
        "traceback": traceback.format_tb(exc.__traceback__) if exc.__traceback__ else [],
    }


def exception(dg: DeltaGenerator, exception: BaseException, width: object = "stretch") -> DeltaGenerator:
    """``st.exception``: show ``exception`` (type, message, traceback)."""
    if not isinstance(exception, BaseException):
        raise TypeError(f"st.exception() needs an exception instance, got {type(exception).__name__}")
    return dg.add_element("exception", exception_props(exception))


RENDERERS = {"exception": HERE / "exception.js"}
COMMANDS = {"exception": exception}
