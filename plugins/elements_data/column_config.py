"""``st.column_config``: column types and settings for ``st.dataframe``, ``st.data_editor`` and ``st.table``.

Each factory returns a plain dict (JSON-ready) that the data renderers read: ``type``
says how cells are shown, the other keys are the factory's arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from kernel.elements import argument_error as fail
from kernel.elements import check_choice

COLUMN_WIDTHS = ("small", "medium", "large")
ALIGNMENTS = ("left", "center", "right")
ColumnConfig = dict[str, Any]


def _common(kind: str, factory: str, label: str | None, width: Any, help: str | None, pinned: bool | None,
            **extra: Any) -> ColumnConfig:
    if width is not None and width not in COLUMN_WIDTHS and not (isinstance(width, int) and not
                                                                 isinstance(width, bool) and width > 0):
        raise fail(f"column_config.{factory}", "width", width, "use 'small', 'medium', 'large', an int (px) or None")
    if extra.get("alignment") is not None:
        check_choice(f"column_config.{factory}", "alignment", extra["alignment"], ALIGNMENTS)
    config: ColumnConfig = {"type": kind, "label": label, "width": width, "help": help, "pinned": pinned}
    config.update({k: v for k, v in extra.items() if v is not None})
    return config


def _numeric(factory: str, name: str, value: Any) -> Any:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise fail(f"column_config.{factory}", name, value, "use a number or None")
    return value


@attrs.frozen
class ButtonColumnResult:
    """What ``st.column_config.ButtonColumn(key=...)`` returns, as in Streamlit: the column's
    settings (``config``, JSON-ready, sent to the browser) and what stays on the server (the
    callback with its arguments and the widget's key). Put it in ``column_config`` like any
    column setting."""

    config: ColumnConfig
    on_click: Callable[..., Any] | None = None
    args: tuple[Any, ...] | None = None
    kwargs: Mapping[str, Any] | None = None
    key: str | int | None = None


class _ColumnConfigNamespace:
    """The ``st.column_config`` namespace: one factory per column type."""

    def Column(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
               disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
               alignment: str | None = None) -> ColumnConfig:
        """Settings for any column: label, width, help, pinning, alignment."""
        return _common("column", "Column", label, width, help, pinned, disabled=disabled, required=required,
                       alignment=alignment)

    def TextColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                   disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                   alignment: str | None = None, default: str | None = None, max_chars: int | None = None,
                   validate: str | None = None) -> ColumnConfig:
        """A text column."""
        return _common("text", "TextColumn", label, width, help, pinned, disabled=disabled, required=required,
                       alignment=alignment, default=default, max_chars=max_chars, validate=validate)

    def NumberColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                     disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                     alignment: str | None = None, default: float | None = None, format: str | None = None,
                     min_value: float | None = None, max_value: float | None = None,
                     step: float | None = None) -> ColumnConfig:
        """A number column; ``format`` is printf-style (``"%.2f"``) or a named format (``"dollar"``, ...)."""
        if format is not None and not isinstance(format, str):
            raise fail("column_config.NumberColumn", "format", format, "use a printf-style or named format string")
        return _common("number", "NumberColumn", label, width, help, pinned, disabled=disabled, required=required,
                       alignment=alignment, default=default, format=format,
                       min_value=_numeric("NumberColumn", "min_value", min_value),
                       max_value=_numeric("NumberColumn", "max_value", max_value),
                       step=_numeric("NumberColumn", "step", step))

    def CheckboxColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                       disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                       alignment: str | None = None, default: bool | None = None) -> ColumnConfig:
        """A boolean column shown as checkboxes."""
        return _common("checkbox", "CheckboxColumn", label, width, help, pinned, disabled=disabled,
                       required=required, alignment=alignment, default=default)

    def SelectboxColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                        disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                        default: Any = None, options: Any = None,
                        format_func: Callable[[Any], str] | None = None) -> ColumnConfig:
        """A column whose values come from ``options``."""
        opts = list(options) if options is not None else None
        labels = [format_func(o) for o in opts] if format_func and opts is not None else None
        return _common("selectbox", "SelectboxColumn", label, width, help, pinned, disabled=disabled,
                       required=required, default=default, options=opts, option_labels=labels)

    def DatetimeColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                       disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                       alignment: str | None = None, default: Any = None, format: str | None = None,
                       min_value: Any = None, max_value: Any = None, step: Any = None,
                       timezone: str | None = None) -> ColumnConfig:
        """A date-and-time column."""
        return _common("datetime", "DatetimeColumn", label, width, help, pinned, disabled=disabled,
                       required=required, alignment=alignment, format=format, timezone=timezone)

    def DateColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                   disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                   alignment: str | None = None, default: Any = None, format: str | None = None,
                   min_value: Any = None, max_value: Any = None, step: Any = None) -> ColumnConfig:
        """A date column."""
        return _common("date", "DateColumn", label, width, help, pinned, disabled=disabled, required=required,
                       alignment=alignment, format=format)

    def TimeColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                   disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                   alignment: str | None = None, default: Any = None, format: str | None = None,
                   min_value: Any = None, max_value: Any = None, step: Any = None) -> ColumnConfig:
        """A time-of-day column."""
        return _common("time", "TimeColumn", label, width, help, pinned, disabled=disabled, required=required,
                       alignment=alignment, format=format)

    def ListColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                   pinned: bool | None = None, disabled: bool | None = None, required: bool | None = None,
                   default: Any = None) -> ColumnConfig:
        """A column of lists, shown as chips."""
        return _common("list", "ListColumn", label, width, help, pinned, disabled=disabled, required=required)

    def LinkColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                   disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                   alignment: str | None = None, default: str | None = None, max_chars: int | None = None,
                   validate: str | None = None, display_text: str | None = None) -> ColumnConfig:
        """A column of URLs shown as links (``display_text`` may be a fixed text or a regex with a group)."""
        return _common("link", "LinkColumn", label, width, help, pinned, disabled=disabled, required=required,
                       alignment=alignment, display_text=display_text)

    def ImageColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                    pinned: bool | None = None, alignment: str | None = None) -> ColumnConfig:
        """A column of image URLs shown as thumbnails."""
        return _common("image", "ImageColumn", label, width, help, pinned, alignment=alignment)

    def JsonColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                   pinned: bool | None = None, alignment: str | None = None) -> ColumnConfig:
        """A column of JSON values."""
        return _common("json", "JsonColumn", label, width, help, pinned, alignment=alignment)

    def MarkdownColumn(self, label: str | None = None, *, width: Any = None,  # noqa: N802
                       help: str | None = None, disabled: bool | None = None, required: bool | None = None,
                       pinned: bool | None = None, alignment: str | None = None,
                       default: str | None = None) -> ColumnConfig:
        """A text column whose cells show as inline Markdown, rendered on the server with HTML
        escaped (st.data_editor edits the plain text)."""
        if default is not None and not isinstance(default, str):
            raise fail("column_config.MarkdownColumn", "default", default, "use a str or None")
        return _common("markdown", "MarkdownColumn", label, width, help, pinned, disabled=disabled,
                       required=required, alignment=alignment, default=default)

    def ButtonColumn(self, label: str | None = None, *, width: Any = None,  # noqa: N802
                     help: str | None = None, pinned: bool | None = None, alignment: str | None = None,
                     type: str = "secondary", on_click: Callable[..., Any] | None = None, args: Any = None,
                     kwargs: Any = None, key: Any = None) -> ButtonColumnResult | ColumnConfig:
        """A column of buttons, each labelled by its cell's value (a list makes one button per
        item); always read-only. Without a ``key`` the buttons do nothing (and ``on_click``,
        ``args`` and ``kwargs`` are refused, as in Streamlit); with one it returns a
        :class:`ButtonColumnResult`, and a click reruns the script with ``on_click(*args,
        **kwargs)`` called first and ``st.session_state[key]`` the click ``{"row": position,
        "label": the button's label}`` in that run only (``None`` otherwise), read-only."""
        factory = "column_config.ButtonColumn"
        check_choice(factory, "type", type, ("primary", "secondary", "tertiary"))
        if on_click is not None and not callable(on_click):
            raise fail(factory, "on_click", on_click, "use a function or None")
        if args is not None and not isinstance(args, list | tuple):
            raise fail(factory, "args", args, "use a list or tuple of arguments for on_click")
        if kwargs is not None and not isinstance(kwargs, dict):
            raise fail(factory, "kwargs", kwargs, "use a dict of keyword arguments for on_click")
        config = _common("button", "ButtonColumn", label, width, help, pinned, alignment=alignment,
                         button_type=type, disabled=True)
        if key is None:
            given = {n: v for n, v in (("on_click", on_click), ("args", args), ("kwargs", kwargs)) if v is not None}
            for name, value in given.items():
                raise fail(factory, name, value, "a ButtonColumn's callback needs a key: pass key='...' (unique in "
                           "the app) so that its clicks reach the script")
            return config
        if not isinstance(key, str | int) or isinstance(key, bool):
            raise fail(factory, "key", key, "use a str (or an int) unique in the app")
        return ButtonColumnResult(config, on_click, None if args is None else tuple(args),
                                  None if kwargs is None else dict(kwargs), key)

    def AudioColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                    pinned: bool | None = None, alignment: str | None = None) -> ColumnConfig:
        """A column of audio URLs, each playable in its cell (read-only)."""
        return _common("audio", "AudioColumn", label, width, help, pinned, alignment=alignment)

    def VideoColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                    pinned: bool | None = None, alignment: str | None = None) -> ColumnConfig:
        """A column of video URLs, each playable in its cell (read-only)."""
        return _common("video", "VideoColumn", label, width, help, pinned, alignment=alignment)

    def MultiselectColumn(self, label: str | None = None, *, width: Any = None,  # noqa: N802
                          help: str | None = None, disabled: bool | None = None, required: bool | None = None,
                          pinned: bool | None = None, default: Any = None, options: Any = None,
                          accept_new_options: bool | None = None, color: str | list[str] | None = None,
                          format_func: Callable[[Any], str] | None = None) -> ColumnConfig:
        """A column of lists of ``options``, shown as chips (``format_func`` labels them; ``color``
        is one palette colour for every chip or a list, one per option)."""
        factory = "column_config.MultiselectColumn"
        opts = list(options) if options is not None else None
        if format_func is not None and not callable(format_func):
            raise fail(factory, "format_func", format_func, "use a function or None")
        labels = [str(format_func(o)) for o in opts] if format_func and opts is not None else None
        if accept_new_options is not None and not isinstance(accept_new_options, bool):
            raise fail(factory, "accept_new_options", accept_new_options, "use True, False or None")
        colors = [color] if isinstance(color, str) else (list(color) if isinstance(color, list | tuple) else color)
        if colors is not None and (not isinstance(colors, list) or not all(isinstance(c, str) for c in colors)):
            raise fail(factory, "color", color, "use a colour name, a list of them (one per option) or None")
        return _common("multiselect", "MultiselectColumn", label, width, help, pinned, disabled=disabled,
                       required=required, default=default, options=opts, option_labels=labels,
                       accept_new_options=accept_new_options, color=colors)

    def _chart(self, kind: str, factory: str, label: str | None, width: Any, help: str | None,
               pinned: bool | None, y_min: float | None, y_max: float | None, color: str | None) -> ColumnConfig:
        return _common(kind, factory, label, width, help, pinned, y_min=_numeric(factory, "y_min", y_min),
                       y_max=_numeric(factory, "y_max", y_max), color=color)

    def LineChartColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                        pinned: bool | None = None, y_min: float | None = None, y_max: float | None = None,
                        color: str | None = None) -> ColumnConfig:
        """A column of number lists shown as line sparklines."""
        return self._chart("line_chart", "LineChartColumn", label, width, help, pinned, y_min, y_max, color)

    def BarChartColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                       pinned: bool | None = None, y_min: float | None = None, y_max: float | None = None,
                       color: str | None = None) -> ColumnConfig:
        """A column of number lists shown as bar sparklines."""
        return self._chart("bar_chart", "BarChartColumn", label, width, help, pinned, y_min, y_max, color)

    def AreaChartColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                        pinned: bool | None = None, y_min: float | None = None, y_max: float | None = None,
                        color: str | None = None) -> ColumnConfig:
        """A column of number lists shown as area sparklines."""
        return self._chart("area_chart", "AreaChartColumn", label, width, help, pinned, y_min, y_max, color)

    def ProgressColumn(self, label: str | None = None, *, width: Any = None, help: str | None = None,  # noqa: N802
                       pinned: bool | None = None, format: str | None = None, min_value: float | None = None,
                       max_value: float | None = None, step: float | None = None,
                       color: str | None = None) -> ColumnConfig:
        """A number column shown as progress bars between ``min_value`` (0) and ``max_value`` (100)."""
        lo = _numeric("ProgressColumn", "min_value", min_value)
        hi = _numeric("ProgressColumn", "max_value", max_value)
        if lo is not None and hi is not None and hi <= lo:
            raise fail("column_config.ProgressColumn", "max_value", hi, f"must be greater than min_value ({lo})")
        return _common("progress", "ProgressColumn", label, width, help, pinned, format=format,
                       min_value=0 if lo is None else lo, max_value=100 if hi is None else hi, color=color)


column_config = _ColumnConfigNamespace()
"""The ``st.column_config`` object."""
