"""AppTest node classes of the first core widgets and columns (``at.button``, ``at.checkbox``, ``at.slider``, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kernel.testing.nodes import TestNodeType, Widget, prop
from kernel_plugins.elements_inputs.apptest_nodes._options import option_position, option_values, present


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

    min = prop("min", doc="The lowest value.")
    max = prop("max", doc="The highest value.")
    step = prop("step", doc="The step between values.")

    def set_range(self, low: Any, high: Any) -> Slider:
        """Stage a range value."""
        self.set_value((low, high))
        return self

    def to_wire(self, value: Any) -> Any:
        """Ranges travel as lists."""
        return list(value) if isinstance(value, tuple) else value


class TextInput(Widget):
    """``st.text_input``."""

    max_chars = prop("max_chars", doc="The length limit, if any.")
    placeholder = prop("placeholder", doc="The placeholder text.")

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
        """The chosen option (the object the script got), or ``None``."""
        index = self.index
        return None if index is None else present(self, index, lambda i: self.options[i])

    @property
    def option_values(self) -> list[Any]:
        """The options as the script gave them (``options`` are their labels)."""
        return option_values(self)

    def select(self, option: Any) -> Selectbox:
        """Choose the option equal to ``option`` (or labelled so; ``None`` for none) for the next run."""
        if option is None:
            return self.select_index(None)
        return self.select_index(option_position(self, option))

    def select_index(self, index: int | None) -> Selectbox:
        """Choose the option at ``index`` (or ``None``) for the next run; ``IndexError`` if there is none."""
        if index is not None:
            index = range(len(self.options))[index]
        self.tree._stage(self.id, index)
        return self

    def set_value(self, value: Any) -> Selectbox:
        """Same as :meth:`select`."""
        return self.select(value)


NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("button", Button, ("button",)),
    TestNodeType("checkbox", Checkbox, ("checkbox",)),
    TestNodeType("slider", Slider, ("slider",)),
    TestNodeType("text_input", TextInput, ("text_input",)),
    TestNodeType("selectbox", Selectbox, ("selectbox",)),
)
