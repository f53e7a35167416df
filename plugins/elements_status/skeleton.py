"""``st.skeleton``: an animated loading placeholder, replaced later or cleared after a ``with`` block."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import ElementArgumentError, check_width


class SkeletonPlaceholder:
    """What ``st.skeleton`` returns: the placeholder's slot.

    Calling an element command on it replaces the skeleton (``sk.text("done")``), as on
    ``st.empty()``. Used with ``with``, the skeleton shows while the block runs and is cleared
    when it ends, even on an exception; what the block writes goes to the parent container.
    """

    __slots__ = ("_slot",)

    def __init__(self, slot: DeltaGenerator) -> None:
        self._slot = slot

    def __getattr__(self, name: str) -> Any:
        return getattr(self._slot, name)

    def __enter__(self) -> SkeletonPlaceholder:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._slot.add_element("empty", {})

    def __repr__(self) -> str:
        return f"SkeletonPlaceholder({self._slot!r})"


def skeleton(dg: DeltaGenerator, height: int | None = None, *, width: Any = "stretch") -> SkeletonPlaceholder:
    """``st.skeleton``: a shimmering block ``height`` pixels tall (``None``: a widget's height)."""
    if height is not None and (isinstance(height, bool) or not isinstance(height, int) or height < 1):
        raise ElementArgumentError(f"st.skeleton(height={height!r}): height must be a positive int (pixels) or None "
                                   "(the height of a widget)")
    props = {"height": height, "width": check_width("skeleton", width)}
    return SkeletonPlaceholder(dg.add_element("skeleton", props))
