"""AppTest nodes of the widgets issue 20 added: ``MenuButton``, ``Pagination`` and ``DateTimeInput``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kernel.testing.nodes import _NOTHING, TestNodeType, Widget, prop


class MenuButton(Widget):
    """``st.menu_button``: :meth:`click` chooses an option for exactly the next run."""

    @property
    def options(self) -> list[str]:
        """The options' labels (``format_func`` applied)."""
        return [str(x) for x in self.props.get("option_texts", [])]

    @property
    def option_values(self) -> list[Any]:
        """The options as the script gave them (their labels if the run is gone)."""
        meta = self.tree._widget_meta(self.id)
        if meta is None:
            return self.options
        return [meta.present(i) for i in range(len(self.options))]

    def _chosen(self) -> Any:
        """The wire position chosen for the next run, else the one the last run got."""
        if self.tree._trigger == self.id:
            return self.tree._pending.get(self.id)
        if self.tree._triggered_last_run(self.id):
            sent = self.tree._sent_last_run(self.id)
            return None if sent is _NOTHING else sent
        return None

    @property
    def value(self) -> Any:
        """The option chosen for the next run (before it) or in the last run (after it), else ``None``."""
        index = self._chosen()
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(self.options):
            return None
        return self.option_values[index]

    def click_index(self, index: int) -> MenuButton:
        """Choose the option at ``index`` for the next run."""
        if not 0 <= index < len(self.options):
            raise IndexError(f"menu_button {self.label!r} has {len(self.options)} options; no index {index}")
        self.tree._stage(self.id, index)
        self.tree._stage(self.id, True, trigger=True)
        return self

    def click(self, option: Any) -> MenuButton:
        """Choose ``option`` (an option object, or its label) for the next run."""
        for i, value in enumerate(self.option_values):
            if value == option:
                return self.click_index(i)
        if str(option) in self.options:
            return self.click_index(self.options.index(str(option)))
        raise ValueError(f"{option!r} is not an option of menu_button {self.label!r}; options: {self.options!r}")

    def set_value(self, value: Any) -> MenuButton:
        """Choose ``value`` for the next run; ``None`` chooses nothing."""
        if value is None:
            self.tree._pending.pop(self.id, None)
            self.tree._stage(self.id, False, trigger=True)
            return self
        return self.click(value)


class Pagination(Widget):
    """``st.pagination``: the selected page (1-based)."""

    num_pages = prop("num_pages", 1, int, doc="How many pages there are.")
    default = prop("default", 1, int, doc="The page selected at first.")
    max_visible_pages = prop("max_visible_pages", doc="How many page numbers show at once (None: all).")

    def set_value(self, value: Any) -> Pagination:
        """Select page ``value`` (1 to ``num_pages``) for the next run."""
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= self.num_pages:
            raise ValueError(f"page {value!r} is not between 1 and {self.num_pages}")
        self.tree._stage(self.id, value)
        return self

    def select(self, page: int) -> Pagination:
        """Same as :meth:`set_value`."""
        return self.set_value(page)


NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("menu_button", MenuButton, ("menu_button",)),
    TestNodeType("pagination", Pagination, ("pagination",)),
)
