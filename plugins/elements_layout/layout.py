"""Layout: columns, the sidebar, the bottom container, single-element placeholders and ``st.space``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kernel import KernelAPIException, NoRunContextError
from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.contracts.elements import InvalidLayoutContextError
from kernel.contracts.fragments import in_dialog
from kernel_plugins.elements_layout._args import LayoutArgumentError

GAPS = ("xxsmall", "xsmall", "small", "medium", "large", "xlarge", "xxlarge")


class ColumnSpecError(KernelAPIException, ValueError):
    """``st.columns`` got a spec that describes no columns."""


def _weights(spec: int | Iterable[float]) -> list[float]:
    if isinstance(spec, int) and not isinstance(spec, bool):
        if spec < 1:
            raise ColumnSpecError(f"st.columns({spec}): the number of columns must be a positive integer")
        return [1.0] * spec
    try:
        weights = [float(w) for w in spec]  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise ColumnSpecError(f"st.columns({spec!r}): give an int or a list of positive numbers") from None
    if not weights or any(w <= 0 for w in weights):
        raise ColumnSpecError(f"st.columns({spec!r}): column widths must be a non-empty list of positive numbers")
    return weights


def columns(dg: DeltaGenerator, spec: int | Iterable[float], *, gap: str | int | None = "small",
            vertical_alignment: str = "top", border: bool = False, width: Any = "stretch",
            wrap: bool = True) -> list[DeltaGenerator]:
    """``st.columns``: side-by-side containers with relative widths."""
    weights = _weights(spec)
    if isinstance(gap, str) and gap not in GAPS:
        raise ColumnSpecError(f"st.columns(gap={gap!r}): use one of {', '.join(GAPS)}, an int (px) or None")
    total = sum(weights)
    row = dg.add_block("columns", {"role": "row", "gap": gap, "align": vertical_alignment, "wrap": wrap})
    return [row.add_block("columns", {"role": "column", "weight": w / total, "border": bool(border)})
            for w in weights]


def empty(dg: DeltaGenerator) -> DeltaGenerator:
    """``st.empty``: a slot that holds one element; each command on it replaces the content."""
    return dg.add_element("empty", {})


def sidebar() -> DeltaGenerator:
    """``st.sidebar``: the sidebar's root container for the current run."""
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError("st.sidebar is only available while a script runs (kernel run app.py)")
    dg = ctx.roots.get("sidebar")
    if dg is None:
        dg = ctx.roots["sidebar"] = ctx.app.make("delta_generator", session=ctx.session, root="sidebar")
    return dg


def bottom() -> DeltaGenerator:
    """``st.bottom``: the container pinned to the bottom of the main area for the current run.

    It cannot be used while writing into the sidebar nor inside a dialog
    (:class:`~kernel.contracts.elements.InvalidLayoutContextError`, as in Streamlit).
    """
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError("st.bottom is only available while a script runs (kernel run app.py)")
    if ctx.current_container().root == "sidebar":
        raise InvalidLayoutContextError("st.bottom cannot be used in the sidebar: it is pinned to the bottom of the "
                                        "main area. Call it outside `with st.sidebar:`.")
    if in_dialog(ctx.stash, ctx.session.stash):
        raise InvalidLayoutContextError("st.bottom cannot be used inside a dialog: it is pinned to the bottom of the "
                                        "main area. Call it outside the @st.dialog function.")
    dg = ctx.roots.get("bottom")
    if dg is None:
        dg = ctx.roots["bottom"] = ctx.app.make("delta_generator", session=ctx.session, root="bottom")
    return dg


SPACE_SIZES = ("xxsmall", "xsmall", "small", "medium", "large", "xlarge", "xxlarge", "stretch")


def space(dg: DeltaGenerator, size: str | int = "small") -> DeltaGenerator:
    """``st.space``: empty space along the parent's direction (down in a column, across in a
    horizontal container): a named size, ``"stretch"`` (all that is left) or pixels."""
    if not (size in SPACE_SIZES or (isinstance(size, int) and not isinstance(size, bool) and size >= 0)):
        raise LayoutArgumentError(f"st.space(size={size!r}): size must be one of {', '.join(SPACE_SIZES)} or an "
                                  "int of pixels (0 or more)")
    return dg.add_element("space", {"size": size})
