"""Status elements: alerts, progress, spinner, status, toast, balloons and snow."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from kernel.contracts import BlockWrapper, DeltaGenerator
from kernel.contracts.messages import Delta, Element
from kernel.elements import (
    ElementArgumentError,
    check_icon,
    check_one_of,
    clean_text,
    is_emoji,
    is_material_icon,
    render_inline,
    render_markdown,
)

if TYPE_CHECKING:
    pass

MATERIAL = re.compile(r"^:material/[a-z0-9_]+:$")


def _leading_icon(text: str) -> tuple[str | None, str]:
    """An emoji or Material icon at the start of ``text`` (followed by a space), and the rest."""
    head, sep, rest = text.partition(" ")
    if sep and ((MATERIAL.match(head) and is_material_icon(head[10:-1])) or is_emoji(head)):
        return head, rest.lstrip()
    return None, text


def _alert(dg: DeltaGenerator, kind: str, body: Any, icon: Any, title: Any) -> DeltaGenerator:
    text = clean_text(body)
    shown_icon = check_icon(kind, icon)
    if shown_icon is None:
        shown_icon, text = _leading_icon(text)
    props = {"type": kind, "body": text, "html": render_markdown(text), "icon": shown_icon,
             "title": None if title is None else render_inline(str(title)),
             "title_text": None if title is None else str(title)}
    return dg.add_element("alert", props)


def success(dg: DeltaGenerator, body: Any, *, icon: Any = None, width: Any = "stretch",
            title: Any = None) -> DeltaGenerator:
    """``st.success``: a green message box (Markdown body, optional icon and bold title)."""
    return _alert(dg, "success", body, icon, title)


def info(dg: DeltaGenerator, body: Any, *, icon: Any = None, width: Any = "stretch",
         title: Any = None) -> DeltaGenerator:
    """``st.info``: a blue message box."""
    return _alert(dg, "info", body, icon, title)


def warning(dg: DeltaGenerator, body: Any, *, icon: Any = None, width: Any = "stretch",
            title: Any = None) -> DeltaGenerator:
    """``st.warning``: a yellow message box."""
    return _alert(dg, "warning", body, icon, title)


def error(dg: DeltaGenerator, body: Any, *, icon: Any = None, width: Any = "stretch",
          title: Any = None) -> DeltaGenerator:
    """``st.error``: a red message box."""
    return _alert(dg, "error", body, icon, title)


def progress(dg: DeltaGenerator, value: Any, text: Any = None, width: Any = "stretch") -> DeltaGenerator:
    """``st.progress``: a bar for an int 0-100 or a float 0.0-1.0; call ``.progress`` on the result to update it."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ElementArgumentError(f"st.progress(value={value!r}): value must be an int from 0 to 100 or a float "
                                  "from 0.0 to 1.0")
    if isinstance(value, int):
        if not 0 <= value <= 100:
            raise ElementArgumentError(f"st.progress(value={value}): the int value is outside the required range "
                                      "[0, 100]")
        percent = value
    else:
        if not 0.0 <= value <= 1.0:
            raise ElementArgumentError(f"st.progress(value={value}): the float value is outside the required range "
                                      "[0.0, 1.0]")
        percent = int(value * 100)
    props = {"value": percent, "text": None if text is None else str(text),
             "html": None if text is None else render_inline(str(text))}
    return dg.add_element("progress", props)


class Spinner:
    """What ``st.spinner`` returns: shows a spinner while its ``with`` block runs, then removes it."""

    def __init__(self, dg: DeltaGenerator, text: str, show_time: bool) -> None:
        self._dg = dg
        self._text = text
        self._show_time = show_time
        self._slot: DeltaGenerator | None = None

    def __enter__(self) -> Spinner:
        self._slot = self._dg.add_element("spinner", {"text": self._text, "html": render_inline(self._text),
                                                      "show_time": self._show_time, "started": time.time()})
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._slot is not None:
            self._slot.add_element("empty", {})


def spinner(dg: DeltaGenerator, text: Any = "In progress...", *, show_time: bool = False,
            width: Any = "content") -> Spinner:
    """``st.spinner``: a context manager showing ``text`` with a spinner while its block runs."""
    return Spinner(dg, "" if text is None else str(text), bool(show_time))


STATES = ("running", "complete", "error")


class StatusContainer(BlockWrapper):
    """What ``st.status`` returns: an expandable container with a state icon and :meth:`update`.

    It writes into the status block like any container (``with``, or commands called on
    it); used with ``with``, a status still ``"running"`` becomes ``"complete"`` when the
    block ends, or ``"error"`` if an exception escapes it.
    """

    __slots__ = ("_status_props",)

    def __init__(self, block: DeltaGenerator, props: Mapping[str, Any]) -> None:
        super().__init__(block)
        self._status_props = dict(props)

    def __getattr__(self, name: str) -> Any:
        # Element commands (status.write(...)) and whatever else the container offers.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._block, name)

    def update(self, *, label: Any = None, expanded: bool | None = None, state: str | None = None) -> None:
        """Change the label, the expanded state or the state; ``None`` keeps a field as it is."""
        props = dict(self._status_props)
        if label is not None:
            props["label"] = render_inline(str(label))
            props["label_text"] = str(label)
        if expanded is not None:
            props["expanded"] = bool(expanded)
        if state is not None:
            check_one_of("status.update", "state", state, STATES)
            props["state"] = state
        self._status_props = props
        # The block itself is sent again with its new props; its children stay.
        self.session.queue.enqueue(Delta(self.root, self.path, Element("status", props, block=True)))

    @property
    def state(self) -> str:
        """The current state: ``"running"``, ``"complete"`` or ``"error"``."""
        return str(self._status_props["state"])

    def __enter__(self) -> StatusContainer:
        self._block.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._block.__exit__(*exc)
        if self._status_props["state"] == "running":
            self.update(state="error" if exc and exc[0] is not None and issubclass(exc[0], Exception)
                        else "complete")

    def __repr__(self) -> str:
        return f"StatusContainer(root={self.root!r}, path={self.path!r}, state={self.state!r})"


def status(dg: DeltaGenerator, label: Any, *, expanded: bool = False, state: str = "running",
           type: str = "default", width: Any = "stretch") -> StatusContainer:
    """``st.status``: an expandable container showing the state of a long task."""
    check_one_of("status", "state", state, STATES)
    check_one_of("status", "type", type, ("default", "compact", "step"))
    text = "" if label is None else str(label)
    props = {"label": render_inline(text), "label_text": text, "expanded": bool(expanded), "state": state,
             "type": type}
    return StatusContainer(dg.add_block("status", props), props)


DURATIONS = {"short": 4, "long": 10, "infinite": None}


def toast(dg: DeltaGenerator, body: Any, *, icon: Any = None, duration: Any = "short") -> DeltaGenerator:
    """``st.toast``: a short notification in the corner of the page."""
    text = clean_text(body)
    if not text:
        raise ElementArgumentError("st.toast(body=''): a toast needs a message")
    if isinstance(duration, int) and not isinstance(duration, bool) and duration > 0:
        seconds: int | None = duration
    elif duration in DURATIONS:
        seconds = DURATIONS[duration]
    else:
        raise ElementArgumentError(f"st.toast(duration={duration!r}): duration must be 'short', 'long', 'infinite' "
                                  "or a positive int (seconds)")
    # "at" makes every call a new message, so a toast shows again in each run that calls it.
    props = {"body": text, "html": render_inline(text), "icon": check_icon("toast", icon), "seconds": seconds,
             "at": time.time()}
    return dg.add_element("toast", props)


def balloons(dg: DeltaGenerator) -> DeltaGenerator:
    """``st.balloons``: balloons float up the page once."""
    return dg.add_element("celebration", {"type": "balloons", "at": time.time()})


def snow(dg: DeltaGenerator) -> DeltaGenerator:
    """``st.snow``: snowflakes fall down the page once."""
    return dg.add_element("celebration", {"type": "snow", "at": time.time()})
