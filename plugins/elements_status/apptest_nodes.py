"""AppTest node classes of the status elements (``at.success``, ``at.progress``, ``at.status``, ``at.exception``)."""

from __future__ import annotations

from collections.abc import Sequence

from kernel.testing.nodes import Block, Element, TestNodeType, prop, prop_is


class ExceptionNode(Element):
    """An uncaught exception or ``st.exception``."""

    value = prop("message", "", str, doc="The exception's message.")

    @property
    def message(self) -> str:
        """The exception's message."""
        return str(self.value)

    @property
    def stack_trace(self) -> list[str]:
        """The formatted traceback frames."""
        return list(self.props.get("traceback", []))

    is_warning = prop("is_warning", False, bool, doc="Whether it is a warning rather than an error.")
    type_name = prop("type", "", str, doc="The exception's class name.")


class Alert(Element):
    """``st.success`` / ``info`` / ``warning`` / ``error``."""

    value = prop("body", "", str, doc="The Markdown body (without an icon taken from its start).")
    icon = prop("icon", doc="The icon.")
    title = prop("title_text", doc="The bold title, if any.")


class Progress(Element):
    """``st.progress``: ``.value`` is 0-100."""

    text = prop("text", doc="The text above the bar.")


class Spinner(Element):
    """``st.spinner`` while its block runs."""

    value = prop("text", "", str, doc="The spinner's text.")


class Toast(Element):
    """``st.toast``."""

    icon = prop("icon", doc="The icon.")


class Celebration(Element):
    """``st.balloons`` / ``st.snow``."""


class Status(Block):
    """``st.status``: ``.state`` is running, complete or error."""

    label = prop("label_text", "", str, doc="The label text.")
    expanded = prop("expanded", None, bool, doc="Whether it is open.")
    state = prop("state", "", str, doc="The status's state.")


class Skeleton(Element):
    """``st.skeleton``: a loading placeholder."""

    height = prop("height", doc="Its height in pixels (``None``: a widget's height).")
    width = prop("width", "stretch", doc="Its width.")


NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("exception", ExceptionNode, ("exception",)),
    TestNodeType("alert", Alert, ("success",), prop_is("type", "success"), type_name="success"),
    TestNodeType("alert", Alert, ("info",), prop_is("type", "info"), type_name="info"),
    TestNodeType("alert", Alert, ("warning",), prop_is("type", "warning"), type_name="warning"),
    TestNodeType("alert", Alert, ("error",), prop_is("type", "error"), type_name="error"),
    TestNodeType("progress", Progress, ("progress",)),
    TestNodeType("spinner", Spinner, ("spinner",)),
    TestNodeType("toast", Toast, ("toast",)),
    TestNodeType("celebration", Celebration, ("balloons",), prop_is("type", "balloons"),
                 type_name="balloons"),
    TestNodeType("celebration", Celebration, ("snow",), prop_is("type", "snow"),
                 type_name="snow"),
    TestNodeType("status", Status, ("status",)),
    TestNodeType("skeleton", Skeleton, ("skeleton",)),
)
