"""AppTest nodes of the widgets issue 20 added: ``MenuButton``, ``Pagination`` and ``DateTimeInput``."""

from __future__ import annotations

import datetime as dt
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


def _moment(text: Any) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(str(text))


class DateTimeInput(Widget):
    """``st.datetime_input``: ``.value`` is a naive ``datetime`` or ``None``."""

    @property
    def value(self) -> dt.datetime | None:
        """The staged or last date and time."""
        pending = self.tree._pending_value(self.id)
        return _moment(self.props.get("value") if pending is _NOTHING else pending)

    @property
    def min(self) -> dt.datetime | None:
        """The earliest selectable moment."""
        return _moment(self.props.get("min"))

    @property
    def max(self) -> dt.datetime | None:
        """The latest selectable moment."""
        return _moment(self.props.get("max"))

    step = prop("step", 900, int, doc="The step in seconds.")
    format = prop("format", "YYYY/MM/DD", str, doc="The order of the date part.")

    def to_wire(self, value: Any) -> Any:
        """A ``datetime`` (a ``date`` means its midnight) as ISO text without its zone."""
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            if not isinstance(value, dt.date):
                raise TypeError(f"datetime_input takes a datetime, a date or None, not {value!r}")
            value = dt.datetime.combine(value, dt.time())
        keep = self.step % 60 != 0
        return value.replace(tzinfo=None, microsecond=0).isoformat(timespec="seconds" if keep else "minutes")


NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("menu_button", MenuButton, ("menu_button",)),
    TestNodeType("pagination", Pagination, ("pagination",)),
    TestNodeType("datetime_input", DateTimeInput, ("datetime_input",), type_name="date_time_input"),
)
