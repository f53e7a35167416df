"""AppTest node classes of the other input widgets and the layout containers.

Option widgets travel as option positions; these nodes let a test speak in option
labels (``at.radio[0].set_value("b")``) and typed Python values (dates, times,
uploaded bytes), converting them to what the web client would send.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from kernel.testing.nodes import _NOTHING, Block, TestNodeType, Widget, has_prop, prop, prop_is
from kernel_plugins.elements_inputs.apptest_nodes._options import option_position, option_values, present
from kernel_plugins.elements_inputs.apptest_nodes.widgets import Button, Selectbox


def _labels(node: Widget) -> list[str]:
    return [str(x) for x in node.props.get("options", [])]


def _pending(node: Widget) -> Any:
    return node.tree._pending_value(node.id)


def _wire_value(node: Widget) -> Any:
    """The value staged for the next run, else the one the page shows (both as on the wire)."""
    pending = _pending(node)
    return node.props.get("value") if pending is _NOTHING else pending


class OpenSelectbox(Selectbox):
    """``st.selectbox(accept_new_options=True)``: text that is not an option is sent as typed."""

    @property
    def value(self) -> Any:
        """The chosen option or the typed text."""
        pending = _pending(self)
        if isinstance(pending, str):
            return pending
        if pending is _NOTHING and self.props.get("new_value") is not None:
            return self.props["new_value"]
        return super().value

    def select(self, option: Any) -> Selectbox:
        """Choose ``option``; text matching no option (in any case) is typed in as a new one."""
        if option is not None and str(option) not in self.options:
            self.tree._stage(self.id, str(option))
            return self
        return super().select(option)


class Toggle(Widget):
    """``st.toggle``."""

    def set_value(self, value: Any) -> Toggle:
        """Switch it on (``True``) or off for the next run."""
        self.tree._stage(self.id, bool(value))
        return self


class Radio(Widget):
    """``st.radio``: ``.value`` is the chosen option (the object the script got), or ``None``."""

    @property
    def options(self) -> list[str]:
        """The option labels."""
        return _labels(self)

    @property
    def index(self) -> int | None:
        """The staged or last chosen position."""
        pending = _pending(self)
        return self.props.get("index") if pending is _NOTHING else pending

    @property
    def value(self) -> Any:
        """The chosen option, or ``None``."""
        index = self.index
        return None if index is None else present(self, index, lambda i: self.options[i])

    @property
    def option_values(self) -> list[Any]:
        """The options as the script gave them (``options`` are their labels)."""
        return option_values(self)

    def set_value(self, value: Any) -> Radio:
        """Choose the option equal to ``value`` (or labelled so; ``None`` for none) for the next run."""
        self.tree._stage(self.id, None if value is None else option_position(self, value))
        return self

    def select(self, value: Any) -> Radio:
        """Same as :meth:`set_value`."""
        return self.set_value(value)

    horizontal = prop("horizontal", None, bool, doc="Whether the options are laid out in a row.")


class Multiselect(Widget):
    """``st.multiselect``: ``.value`` is the list of chosen options (typed new options as text)."""

    @property
    def options(self) -> list[str]:
        """The option labels."""
        return _labels(self)

    def _raw(self) -> list[Any]:
        pending = _pending(self)
        return list(self.props.get("value", []) if pending is _NOTHING else pending)

    def _labelled(self, raw: list[Any]) -> list[Any]:
        labels = self.options
        return [labels[x] if isinstance(x, int) else x for x in raw]

    @property
    def value(self) -> list[Any]:
        """The chosen options in selection order."""
        return list(present(self, self._raw(), self._labelled))

    @property
    def option_values(self) -> list[Any]:
        """The options as the script gave them (``options`` are their labels)."""
        return option_values(self, many=True)

    def to_wire(self, value: Any) -> list[Any]:
        """Options become positions; with ``accept_new_options`` unknown text stays text."""
        out: list[Any] = []
        for item in value:
            try:
                out.append(option_position(self, item, many=True))
            except ValueError:
                if not self.props.get("accept_new_options"):
                    raise
                out.append(str(item))
        return out

    def select(self, value: Any) -> Multiselect:
        """Add ``value`` to the selection (nothing if it is chosen already)."""
        chosen = self._raw()
        try:
            position: Any = option_position(self, value, many=True)
        except ValueError:
            if not self.props.get("accept_new_options"):
                raise
            position = str(value)
        if position not in chosen:
            chosen.append(position)
        self.tree._stage(self.id, chosen)
        return self

    def unselect(self, value: Any) -> Multiselect:
        """Remove ``value`` from the selection."""
        try:
            position: Any = option_position(self, value, many=True)
        except ValueError:
            position = str(value)
        self.tree._stage(self.id, [x for x in self._raw() if x != position])
        return self

    @property
    def indices(self) -> list[int]:
        """Positions of the chosen options (typed new options left out)."""
        return [x for x in self._raw() if isinstance(x, int)]

    max_selections = prop("max_selections", doc="The most options that may be chosen.")


class _LabelledPositions(Widget):
    """A widget whose wire value is option positions: one, a list of them, or ``None``."""

    @property
    def options(self) -> list[str]:
        """The option labels."""
        return _labels(self)

    def _labelled(self, raw: Any) -> Any:
        if isinstance(raw, list):
            return [self.options[i] for i in raw]
        return None if raw is None else self.options[raw]

    def _chosen(self) -> Any:
        """The options at the staged (else shown) positions: a list for a list, ``None`` for none."""
        raw = _wire_value(self)
        chosen = present(self, raw, self._labelled)
        return list(chosen) if isinstance(raw, list) and chosen is not None else chosen

    @property
    def option_values(self) -> list[Any]:
        """The options as the script gave them (``options`` are their labels)."""
        return option_values(self, many=self._many)

    @property
    def _many(self) -> bool:
        """Whether the value is a list of positions."""
        return isinstance(_wire_value(self), list)

    def _position(self, value: Any) -> int:
        return option_position(self, value, many=self._many)


class SelectSlider(_LabelledPositions):
    """``st.select_slider``: ``.value`` is an option, or a tuple of two for a range."""

    @property
    def _many(self) -> bool:
        return bool(self.props.get("range"))

    @property
    def value(self) -> Any:
        """The chosen option(s)."""
        chosen = self._chosen()
        return tuple(chosen) if isinstance(chosen, list) else chosen

    def to_wire(self, value: Any) -> Any:
        """Options become positions."""
        if isinstance(value, list | tuple):
            return [self._position(v) for v in value]
        return self._position(value)

    def set_range(self, low: Any, high: Any) -> SelectSlider:
        """Stage a range."""
        return self.set_value((low, high))  # type: ignore[return-value]


class ButtonGroup(_LabelledPositions):
    """``st.pills`` / ``st.segmented_control``: an option or ``None`` (single), a list of options (multi)."""

    @property
    def _many(self) -> bool:
        return bool(self.props.get("multi"))

    @property
    def value(self) -> Any:
        """The chosen option(s)."""
        return self._chosen()

    def _positions(self) -> list[int]:
        raw = _wire_value(self)
        return list(raw) if isinstance(raw, list) else ([] if raw is None else [raw])

    def to_wire(self, value: Any) -> Any:
        """Options become positions."""
        if self.props.get("multi"):
            return [self._position(v) for v in (value or [])]
        return None if value is None else self._position(value)

    def select(self, value: Any) -> ButtonGroup:
        """Click the option ``value`` (adds it in multi mode)."""
        position = self._position(value)
        if self._many:
            chosen = self._positions()
            self.tree._stage(self.id, chosen if position in chosen else [*chosen, position])
        else:
            self.tree._stage(self.id, position)
        return self

    def unselect(self, value: Any) -> ButtonGroup:
        """Deselect the option ``value``."""
        position = self._position(value)
        chosen = [p for p in self._positions() if p != position]
        self.tree._stage(self.id, chosen if self._many else (chosen[0] if chosen else None))
        return self

    @property
    def indices(self) -> list[int]:
        """Positions of the chosen options."""
        return self._positions()

    @property
    def formatted_values(self) -> list[str]:
        """The chosen options as shown."""
        return [self.options[i] for i in self.indices]


class Feedback(Widget):
    """``st.feedback``: an int (0-based) or ``None``."""


class ColorPicker(Widget):
    """``st.color_picker``."""

    def pick(self, color: str) -> ColorPicker:
        """Choose ``color`` (``"#rrggbb"``; the ``#`` is optional)."""
        return self.set_value(color if color.startswith("#") else "#" + color)  # type: ignore[return-value]


class NumberInput(Widget):
    """``st.number_input``."""

    step = prop("step", doc="The step of the +/- buttons.")
    min = prop("min", doc="The lowest value, or ``None``.")
    max = prop("max", doc="The highest value, or ``None``.")

    def _step_by(self, sign: int) -> NumberInput:
        if self.value is None:
            return self
        value = self.value + sign * self.step
        if self.min is not None:
            value = max(value, self.min)
        if self.max is not None:
            value = min(value, self.max)
        return self.set_value(value)  # type: ignore[return-value]

    def increment(self) -> NumberInput:
        """Press "+": one step up, clamped to ``max`` (no-op while empty)."""
        return self._step_by(1)

    def decrement(self) -> NumberInput:
        """Press "-": one step down, clamped to ``min`` (no-op while empty)."""
        return self._step_by(-1)


def _date(text: Any) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _iso_date(value: Any) -> str:
    """A ``date`` (or the date of a ``datetime``) as ISO text."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value.isoformat())


class DateInput(Widget):
    """``st.date_input``: ``.value`` is a ``date``, a tuple for a range, or ``None``."""

    @property
    def value(self) -> Any:
        """The staged or last date(s)."""
        raw = _wire_value(self)
        if isinstance(raw, list):
            return tuple(_date(x) for x in raw)
        return _date(raw)

    @property
    def min(self) -> dt.date | None:
        """The earliest date."""
        return _date(self.props.get("min"))

    @property
    def max(self) -> dt.date | None:
        """The latest date."""
        return _date(self.props.get("max"))

    is_range = prop("range", None, bool, doc="Whether it picks a range.")

    def to_wire(self, value: Any) -> Any:
        """Dates travel as ISO strings (a ``datetime`` gives its date, as in Streamlit)."""
        if isinstance(value, list | tuple):
            return [_iso_date(v) for v in value]
        return None if value is None else _iso_date(value)


class TimeInput(Widget):
    """``st.time_input``: ``.value`` is a ``time`` or ``None``."""

    @property
    def value(self) -> dt.time | None:
        """The staged or last time."""
        raw = _wire_value(self)
        return None if raw is None else dt.time.fromisoformat(raw)

    def to_wire(self, value: Any) -> Any:
        """Times travel as ISO strings."""
        if isinstance(value, dt.datetime):
            value = value.time()
        return None if value is None else value.isoformat()

    step = prop("step", 900, int, doc="The step in seconds.")

    def increment(self) -> TimeInput:
        """One step later."""
        return self._shift(self.props.get("step", 900))

    def decrement(self) -> TimeInput:
        """One step earlier."""
        return self._shift(-self.props.get("step", 900))

    def _shift(self, seconds: int) -> TimeInput:
        current = self.value or dt.time()
        moved = (dt.datetime.combine(dt.date(2000, 1, 1), current) + dt.timedelta(seconds=seconds)).time()
        return self.set_value(moved)  # type: ignore[return-value]


_EPOCH = dt.datetime(1970, 1, 1)


class TimeSlider(Widget):
    """``st.slider`` over dates, times or datetimes: ``.value`` is typed like the app's arguments."""

    def _from(self, n: int) -> Any:
        kind = self.props.get("temporal")
        if kind == "date":
            return dt.date.fromordinal(n)
        if kind == "time":
            return dt.time(n // 3600, n % 3600 // 60, n % 60)
        return _EPOCH + dt.timedelta(seconds=n)

    def _to(self, value: Any) -> int:
        kind = self.props.get("temporal")
        if kind == "date":
            return int(value.toordinal())
        if kind == "time":
            return int(value.hour * 3600 + value.minute * 60 + value.second)
        return int((value - _EPOCH).total_seconds())

    @property
    def value(self) -> Any:
        """The staged or last value(s)."""
        raw = _wire_value(self)
        if isinstance(raw, list):
            return tuple(self._from(x) for x in raw)
        return self._from(raw)

    def to_wire(self, value: Any) -> Any:
        """Dates and times travel as numbers."""
        if isinstance(value, list | tuple):
            return [self._to(v) for v in value]
        return self._to(value)

    def set_range(self, low: Any, high: Any) -> TimeSlider:
        """Stage a range."""
        return self.set_value((low, high))  # type: ignore[return-value]


class TextArea(Widget):
    """``st.text_area``."""

    def input(self, text: str) -> TextArea:
        """Type ``text`` (ignored if longer than ``max_chars``, as in the browser)."""
        limit = self.props.get("max_chars")
        if limit is not None and len(text) > limit:
            return self
        return self.set_value(text)  # type: ignore[return-value]


class FileUploader(Widget):
    """``st.file_uploader`` / ``st.camera_input``: upload bytes as the page would."""

    @property
    def files(self) -> list[dict[str, Any]]:
        """The files the app accepted in the last run (id, name, size, type)."""
        return list(self.props.get("files", []))

    @property
    def errors(self) -> list[str]:
        """Why files were refused (e.g. over the size limit)."""
        return list(self.props.get("errors", []))

    @property
    def value(self) -> Any:
        """What the app got in the last run: an ``UploadedFile`` (or ``None``), a list with several files."""
        from kernel_plugins.elements_inputs.uploads import session_uploads

        store = session_uploads(self.tree._ensure_session()).get(self.id, {})
        files = [store[f["id"]] for f in self.files if f["id"] in store]
        if self.props.get("multiple"):
            return files
        return files[0] if files else None

    @property
    def names(self) -> list[str]:
        """The names of the accepted files."""
        return [f["name"] for f in self.files]

    accept_multiple_files = prop("multiple", None, bool, doc="Whether it takes several files.")

    @property
    def allowed_type(self) -> list[str]:
        """The accepted extensions and MIME types (empty: any)."""
        return list(self.props.get("accept", []))

    def _ids(self) -> list[str]:
        pending = _pending(self)
        return list(pending) if pending is not _NOTHING else [f["id"] for f in self.files]

    def upload(self, name: str, data: bytes | str, type: str | None = "application/octet-stream") -> FileUploader:
        """Pick a file for the next run (added to the others if the widget takes several)."""
        raw = data.encode() if isinstance(data, str) else bytes(data)
        file_id = f"f-{uuid.uuid4().hex[:12]}"
        key = str(self.props["upload_key"])
        payload = self.tree._pending.get(key, {})
        payload[file_id] = {"name": name, "type": type or "", "size": len(raw),
                            "data": base64.b64encode(raw).decode()}
        self.tree._stage(key, payload)
        ids = self._ids() if self.props.get("multiple") else []
        self.tree._stage(self.id, [*ids, file_id])
        return self

    def clear(self) -> FileUploader:
        """Remove every file."""
        self.tree._stage(self.id, [])
        return self

    def set_value(self, value: Any) -> FileUploader:
        """``None`` clears; ``(name, data[, type])`` uploads one file, a list of those several."""
        if value is None:
            return self.clear()
        if isinstance(value, list):
            self.clear()
            for item in value:
                self.upload(*item)
            return self
        return self.upload(*value)

    def take_photo(self, data: bytes = b"\xff\xd8\xff\xe0fake-jpeg") -> FileUploader:
        """``st.camera_input``: take a picture (JPEG bytes)."""
        return self.upload("camera.jpg", data, "image/jpeg")


class AudioInput(FileUploader):
    """``st.audio_input``: a recording as the page sends it (WAV bytes)."""

    sample_rate = prop("sample_rate", None, doc="The rate the page records at (``None``: the browser's).")

    def record(self, data: bytes) -> AudioInput:
        """Record ``data`` (the bytes of a WAV file) for the next run."""
        return self.upload("audio.wav", data, "audio/wav")  # type: ignore[return-value]


AUDIO_ID = "a-"
"""How :meth:`ChatInput.record` marks the staged audio clip among the uploads."""


class ChatInput(Widget):
    """``st.chat_input``: :meth:`set_value` submits text for exactly the next run."""

    @property
    def value(self) -> Any:
        """Before a run, the text staged for it; after one, what the script got: the
        submitted text (a ``ChatInputValue`` when files or audio are accepted), or ``None``."""
        if self.tree._trigger == self.id:
            pending = self.tree._pending.get(self.id)
            return pending.get("text") if isinstance(pending, dict) else pending
        if not self.tree._triggered_last_run(self.id):
            return None
        sent = self.tree._sent_last_run(self.id)
        if sent is _NOTHING:
            return None
        return present(self, sent, lambda raw: raw.get("text") if isinstance(raw, dict) else raw)

    placeholder = prop("placeholder", "", str, doc="The placeholder text.")

    def set_value(self, value: Any) -> ChatInput:
        """Submit ``value`` (with the files :meth:`upload` and the clip :meth:`record` staged)."""
        if self.props.get("accept_file") or self.props.get("accept_audio"):
            payload = self.tree._pending.get(str(self.props["upload_key"]), {})
            clips = [i for i in payload if i.startswith(AUDIO_ID)]
            wire: Any = {"text": "" if value is None else str(value),
                         "files": [i for i in payload if not i.startswith(AUDIO_ID)],
                         "audio": clips[-1] if clips else None}
            self.tree._stage(self.id, wire)
            self.tree._stage(self.id, True, trigger=True)
            return self
        self.tree._stage(self.id, None if value is None else str(value))
        self.tree._stage(self.id, value is not None, trigger=True)
        return self

    def upload(self, name: str, data: bytes | str, type: str = "application/octet-stream") -> ChatInput:
        """Attach a file to the next message (``accept_file`` inputs only)."""
        if not self.props.get("accept_file"):
            raise ValueError("this chat_input does not accept files; create it with accept_file=True")
        raw = data.encode() if isinstance(data, str) else bytes(data)
        key = str(self.props["upload_key"])
        payload = {} if self.props.get("accept_file") is True else self.tree._pending.get(key, {})
        payload[f"f-{uuid.uuid4().hex[:12]}"] = {"name": name, "type": type, "size": len(raw),
                                                 "data": base64.b64encode(raw).decode()}
        self.tree._stage(key, payload)
        return self

    def record(self, wav: bytes) -> ChatInput:
        """Attach a recorded clip (WAV bytes) to the next message (``accept_audio`` inputs only)."""
        if not self.props.get("accept_audio"):
            raise ValueError("this chat_input does not record audio; create it with accept_audio=True")
        key = str(self.props["upload_key"])
        payload = {i: f for i, f in self.tree._pending.get(key, {}).items() if not i.startswith(AUDIO_ID)}
        payload[f"{AUDIO_ID}{uuid.uuid4().hex[:12]}"] = {"name": "audio.wav", "type": "audio/wav",
                                                         "size": len(wav), "data": base64.b64encode(wav).decode()}
        self.tree._stage(key, payload)
        return self

    def clear(self) -> ChatInput:
        """Drop the staged files."""
        self.tree._pending.pop(str(self.props.get("upload_key")), None)
        return self


class DownloadButton(Button):
    """``st.download_button``: ``.click()``; ``.data`` is the offered bytes."""

    @property
    def data(self) -> bytes:
        """The offered file's bytes (from the media store, or the ``data:`` URL)."""
        from kernel.contracts.media_files import MEDIA_PREFIX, MediaFile, media_store

        url = str(self.props.get("url", ""))
        if url.startswith(MEDIA_PREFIX):
            media = media_store(self.tree.app).get(url[len(MEDIA_PREFIX):])
            return media.data if isinstance(media, MediaFile) else b""
        return base64.b64decode(url.split(",", 1)[1]) if "," in url else b""

    file_name = prop("file_name", "", str, doc="The offered file's name.")
    mime = prop("mime", "", str, doc="The offered file's MIME type.")


class LinkButton(Button):
    """``st.link_button`` with ``on_click="rerun"`` or a callback."""

    url = prop("url", "", str, doc="The link target.")


class Link(Widget):
    """``st.link_button`` as a plain link (listed with the clickable ones; it has no id)."""

    value = prop("label_text", "", str, doc="The label.")
    url = prop("url", "", str, doc="The link target.")


class ChatMessage(Block):
    """``st.chat_message``."""

    name = prop("name", "", str, doc="Who speaks.")
    avatar = prop("avatar", "", str, doc="The avatar shown.")




INPUT_NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("selectbox", OpenSelectbox, ("selectbox",), prop_is("accept_new_options", True)),
    TestNodeType("toggle", Toggle, ("toggle",)),
    TestNodeType("radio", Radio, ("radio",)),
    TestNodeType("multiselect", Multiselect, ("multiselect",)),
    TestNodeType("select_slider", SelectSlider, ("select_slider",)),
    TestNodeType("pills", ButtonGroup, ("button_group", "segmented_control"), prop_is("segmented", True),
                 type_name="button_group"),
    TestNodeType("pills", ButtonGroup, ("button_group", "pills"), type_name="button_group"),
    TestNodeType("feedback", Feedback, ("feedback",)),
    TestNodeType("color_picker", ColorPicker, ("color_picker",)),
    TestNodeType("number_input", NumberInput, ("number_input",)),
    TestNodeType("date_input", DateInput, ("date_input",)),
    TestNodeType("time_input", TimeInput, ("time_input",)),
    TestNodeType("slider", TimeSlider, ("slider",), has_prop("temporal")),
    TestNodeType("text_area", TextArea, ("text_area",)),
    TestNodeType("file_uploader", FileUploader, ("file_uploader",)),
    TestNodeType("camera_input", FileUploader, ("camera_input",)),
    TestNodeType("audio_input", AudioInput, ("audio_input",)),
    TestNodeType("chat_input", ChatInput, ("chat_input",)),
    TestNodeType("download_button", DownloadButton, ("download_button",)),
    TestNodeType("link_button", LinkButton, ("link_button",), has_prop("id")),
    TestNodeType("link_button", Link, ("link_button",)),
    TestNodeType("chat_message", ChatMessage, ("chat_message",)),
)
"""Registered before the core node types, so the narrower matches (a date slider) win."""
