"""AppTest node classes for the core elements (``at.button``, ``at.markdown``, ...)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from kernel.testing.nodes import Block, Element, TestNodeType, Widget

_TAG = re.compile(r"<[^>]+>")


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


class Markdown(Element):
    """``st.markdown`` / ``st.caption`` / ``st.write`` of text: ``.value`` is the source."""

    @property
    def value(self) -> str:
        """The Markdown source."""
        return str(self.props.get("body", _plain(self.props.get("html", ""))))

    @property
    def is_caption(self) -> bool:
        """Whether it came from ``st.caption``."""
        return bool(self.props.get("caption"))

    @property
    def allow_html(self) -> bool:
        """Whether raw HTML was allowed (not tracked: always ``False``)."""
        return bool(self.props.get("unsafe_allow_html", False))


class Heading(Element):
    """``st.title`` / ``st.header`` / ``st.subheader``."""

    @property
    def value(self) -> str:
        """The heading text."""
        return str(self.props.get("body", _plain(self.props.get("html", ""))))

    @property
    def tag(self) -> str:
        """``"h1"``, ``"h2"`` or ``"h3"``."""
        return f"h{self.props.get('level', 1)}"

    @property
    def anchor(self) -> str | None:
        """The heading's anchor id."""
        return self.props.get("anchor")


class Text(Element):
    """``st.text``."""

    @property
    def value(self) -> str:
        """The text."""
        return str(self.props.get("body", ""))


class Code(Element):
    """``st.code``."""

    @property
    def value(self) -> str:
        """The source code."""
        return str(self.props.get("code", ""))

    @property
    def language(self) -> str | None:
        """The highlighting language."""
        return self.props.get("language")

    @property
    def show_line_numbers(self) -> bool:
        """Whether line numbers are shown."""
        return bool(self.props.get("line_numbers"))


class Json(Element):
    """``st.json``: ``.value`` is the JSON text."""

    @property
    def value(self) -> str:
        """The JSON text."""
        return str(self.props.get("text", ""))

    @property
    def expanded(self) -> Any:
        """Whether (or how deep) it starts expanded."""
        return self.props.get("expanded")


class ExceptionNode(Element):
    """An uncaught exception or ``st.exception``."""

    @property
    def value(self) -> str:
        """The exception's message."""
        return str(self.props.get("message", ""))

    @property
    def message(self) -> str:
        """The exception's message."""
        return self.value

    @property
    def stack_trace(self) -> list[str]:
        """The formatted traceback frames."""
        return list(self.props.get("traceback", []))

    @property
    def is_warning(self) -> bool:
        """Whether it is a warning rather than an error."""
        return bool(self.props.get("is_warning", False))

    @property
    def type_name(self) -> str:
        """The exception's class name."""
        return str(self.props.get("type", ""))


class Button(Widget):
    """``st.button``: ``.value`` is ``True`` for the run after :meth:`click`."""

    @property
    def value(self) -> bool:
        """Whether it is clicked for the next run, or was clicked for the last one."""
        return self.tree._pending_value(self.id) is True or self.tree._triggered_last_run(self.id)

    def click(self) -> Button:
        """Click it for the next run."""
        return self.set_value(True)

    def set_value(self, value: Any) -> Button:
        """``True`` clicks it for the next run."""
        self.tree._stage(self.id, bool(value), trigger=True)
        return self


class Checkbox(Widget):
    """``st.checkbox``."""

    def check(self) -> Checkbox:
        """Tick it for the next run."""
        self.set_value(True)
        return self

    def uncheck(self) -> Checkbox:
        """Untick it for the next run."""
        self.set_value(False)
        return self


class Slider(Widget):
    """``st.slider``: a number (or a pair for a range)."""

    @property
    def value(self) -> Any:
        """The staged or last value; a range is a tuple."""
        value = super().value
        return tuple(value) if isinstance(value, list) else value

    @property
    def min(self) -> Any:
        """The lowest value."""
        return self.props.get("min")

    @property
    def max(self) -> Any:
        """The highest value."""
        return self.props.get("max")

    @property
    def step(self) -> Any:
        """The step between values."""
        return self.props.get("step")

    def set_range(self, low: Any, high: Any) -> Slider:
        """Stage a range value."""
        self.set_value((low, high))
        return self

    def to_wire(self, value: Any) -> Any:
        """Ranges travel as lists."""
        return list(value) if isinstance(value, tuple) else value


class TextInput(Widget):
    """``st.text_input``."""

    @property
    def max_chars(self) -> int | None:
        """The length limit, if any."""
        return self.props.get("max_chars")

    @property
    def placeholder(self) -> str | None:
        """The placeholder text."""
        return self.props.get("placeholder")

    def input(self, text: str) -> TextInput:
        """Type ``text`` (ignored if it is longer than ``max_chars``, as in the browser)."""
        if self.max_chars is not None and len(text) > self.max_chars:
            return self
        self.set_value(text)
        return self


class Selectbox(Widget):
    """``st.selectbox``: the client reports the chosen index."""

    @property
    def options(self) -> list[str]:
        """The options as shown."""
        return list(self.props.get("options", []))

    @property
    def index(self) -> int | None:
        """The staged or last chosen index."""
        pending = self.tree._pending_value(self.id)
        if isinstance(pending, int) or pending is None:
            return pending
        return self.props.get("index")

    @property
    def value(self) -> Any:
        """The chosen option (as shown), or ``None``."""
        index = self.index
        return None if index is None else self.options[index]

    def select(self, option: Any) -> Selectbox:
        """Choose ``option`` (or ``None``) for the next run."""
        if option is None:
            return self.select_index(None)
        labels = self.options
        if str(option) not in labels:
            raise ValueError(f"{option!r} is not an option of this selectbox; options: {labels}")
        return self.select_index(labels.index(str(option)))

    def select_index(self, index: int | None) -> Selectbox:
        """Choose the option at ``index`` (or ``None``) for the next run."""
        self.tree._stage(self.id, index)
        return self

    def set_value(self, value: Any) -> Selectbox:
        """Same as :meth:`select`."""
        return self.select(value)


class Column(Block):
    """One column of ``st.columns``."""

    @property
    def weight(self) -> float:
        """The column's share of the row's width."""
        return float(self.props.get("weight", 0.0))


def _level(level: int) -> Any:
    def when(props: Mapping[str, Any]) -> bool:
        return props.get("level") == level

    return when


NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("markdown", Markdown, ("markdown", "caption"), lambda p: bool(p.get("caption"))),
    TestNodeType("markdown", Markdown, ("markdown",)),
    TestNodeType("heading", Heading, ("title",), _level(1)),
    TestNodeType("heading", Heading, ("header",), _level(2)),
    TestNodeType("heading", Heading, ("subheader",), _level(3)),
    TestNodeType("text", Text, ("text",)),
    TestNodeType("code", Code, ("code",)),
    TestNodeType("divider", Markdown, ("divider",)),
    TestNodeType("json", Json, ("json",)),
    TestNodeType("exception", ExceptionNode, ("exception",)),
    TestNodeType("button", Button, ("button",)),
    TestNodeType("checkbox", Checkbox, ("checkbox",)),
    TestNodeType("slider", Slider, ("slider",)),
    TestNodeType("text_input", TextInput, ("text_input",)),
    TestNodeType("selectbox", Selectbox, ("selectbox",)),
    TestNodeType("columns", Column, ("columns",), lambda p: p.get("role") == "column"),
    TestNodeType("columns", Block, ("columns_row",)),
)
