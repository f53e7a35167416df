"""``st.file_uploader``, ``st.camera_input`` and ``st.audio_input``: files the page sends, kept on the server
per session.

How a file travels: the page gives each picked file an unguessable id and sends its bytes
in chunks over the stream (``UploadStart``/``UploadChunk``, acknowledged one by one, see
``kernel.contracts.uploads``); they are spooled to a temporary file. Once every byte has
arrived, the page reports the widget's value as the list of file ids, with the files'
names under the widget's *upload key* (``"<widget id>::upload"``: ``{file id: {name, type,
size, chunked: true}}``). The widget then takes the file from the spool into memory
(one copy) and keeps it in the session's stash (never in another session). Python
clients and AppTest may instead send small files inline, base64 in ``data``. The server
refuses a file over ``[uploads] max_upload_size_mb`` megabytes (or the widget's
``max_upload_size``) before its bytes are sent, or of a type the widget does not accept,
with a message shown under the widget, and forgets files the page no longer lists.
"""

from __future__ import annotations

import base64
import binascii
import io
import mimetypes
from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

from kernel import StashKey
from kernel.context import get_run_context
from kernel.contracts import AppSession, DeltaGenerator
from kernel.contracts.uploads import MB, UploadSpool, session_upload_spool, too_large_message
from kernel.elements import WidgetCallback as Callback
from kernel.elements import register_widget
from kernel.elements import widget_id as widget_id_for
from kernel_plugins.elements_inputs._inputs import (
    WidgetArgumentError,
    callback,
    callback_options,
    common_props,
    label_text,
)
from kernel_plugins.elements_inputs._uploads_config import UploadsConfig

UPLOAD_SUFFIX = "::upload"
TYPE_SHORTCUTS = {
    "image": ("image/*",), "audio": ("audio/*",), "video": ("video/*",), "text": ("text/*", ".txt", ".csv", ".md"),
}


class UploadedFile(io.BytesIO):
    """A file a user uploaded: a ``BytesIO`` with ``name``, ``type``, ``size`` and ``file_id``."""

    def __init__(self, file_id: str, name: str, type: str, data: bytes) -> None:
        super().__init__(data)
        self.file_id = file_id
        self.name = name
        self.type = type
        self.size = len(data)

    def __repr__(self) -> str:
        return f"UploadedFile(file_id={self.file_id!r}, name={self.name!r}, type={self.type!r}, size={self.size})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UploadedFile):
            return NotImplemented
        return self.file_id == other.file_id and self.getvalue() == other.getvalue()

    __hash__ = None  # type: ignore[assignment]


@attrs.frozen
class Refused:
    """A file the server did not accept, and why (shown under the widget)."""

    name: str
    message: str


UPLOADS: StashKey[dict[str, dict[str, UploadedFile | Refused]]] = StashKey("uploaded_files")
"""Accepted and refused files by widget id, then by file id (kept in the session's stash)."""


def session_uploads(session: AppSession) -> dict[str, dict[str, UploadedFile | Refused]]:
    """The uploads of ``session`` by widget id."""
    return session.stash.setdefault(UPLOADS, {})


def _accepted_types(command: str, type: Any) -> list[str]:
    if type is None:
        return []
    items = [type] if isinstance(type, str) else list(type)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item:
            raise WidgetArgumentError(f"st.{command}(type={type!r}): type must be a string or a list of strings "
                                      "(extensions like 'csv' or '.png', MIME types like 'image/*')")
        if item in TYPE_SHORTCUTS:
            out.extend(TYPE_SHORTCUTS[item])
        elif "/" in item:
            out.append(item.lower())
        else:
            out.append("." + item.lower().lstrip("."))
    return out


def _type_ok(accepted: list[str], name: str, mime: str) -> bool:
    if not accepted:
        return True
    lower = name.lower()
    for rule in accepted:
        if rule.startswith(".") and lower.endswith(rule):
            return True
        if rule.endswith("/*") and mime.startswith(rule[:-1]):
            return True
        if "/" in rule and mime == rule:
            return True
    return False


def _receive(entry: Any, file_id: str, limit_mb: int, accepted: list[str],
             spool: UploadSpool) -> UploadedFile | Refused:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        spool.cancel(file_id)
        return Refused("?", "The page sent a malformed upload; pick the file again.")
    name = entry["name"]
    mime = entry.get("type") or mimetypes.guess_type(name)[0] or "application/octet-stream"
    limit = limit_mb * MB
    claimed = entry.get("size")
    if isinstance(claimed, int) and claimed > limit:
        spool.cancel(file_id)
        return Refused(name, too_large_message(name, claimed, limit))
    if not _type_ok(accepted, name, mime):
        spool.cancel(file_id)
        return Refused(name, f"{name} is not an accepted file type ({', '.join(accepted)}).")
    data = entry.get("data")
    if entry.get("chunked") is True:
        # Sent in chunks: the bytes are in the session's spool if they all arrived.
        refusal = spool.refusal(file_id)
        raw = spool.take(file_id) if refusal is None else None
        if raw is None:
            spool.cancel(file_id)
            return Refused(name, refusal or f"{name} did not arrive completely; pick it again.")
    elif isinstance(data, str):
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            return Refused(name, f"{name} arrived damaged (not base64); pick it again.")
    else:
        return Refused(name, f"{name} did not arrive; pick it again.")
    if len(raw) > limit:
        return Refused(name, too_large_message(name, len(raw), limit))
    return UploadedFile(file_id, name, mime, raw)


def _limit(command: str, max_upload_size: Any) -> int:
    if max_upload_size is not None:
        if isinstance(max_upload_size, bool) or not isinstance(max_upload_size, int) or max_upload_size < 1:
            raise WidgetArgumentError(f"st.{command}(max_upload_size={max_upload_size!r}): max_upload_size must be "
                                      "a positive int (megabytes) or None")
        return max_upload_size
    ctx = get_run_context()
    if ctx is None:
        return UploadsConfig().max_upload_size_mb
    return int(ctx.app.config["uploads"].max_upload_size_mb)


def _file_ids(raw: Any) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise TypeError("expected a list of file ids")
    return list(dict.fromkeys(raw))


def _collect(session: AppSession, wid: str, ids: list[str], limit_mb: int, accepted: list[str],
             own_types: Mapping[str, list[str]] | None = None) -> tuple[list[UploadedFile], list[Refused]]:
    """Store newly sent files of widget ``wid``; return the files and refusals it now lists.

    Files are checked against ``accepted``, except those ``own_types`` names (file id ->
    accepted types), which are checked against their own (``st.chat_input``'s recording).
    """
    store = session_uploads(session).setdefault(wid, {})
    spool = session_upload_spool(session)
    spool.allow(wid + UPLOAD_SUFFIX, limit_mb * MB)  # the page may send files for this widget
    payload = session.state.widgets.get(wid + UPLOAD_SUFFIX)
    if isinstance(payload, dict):
        for file_id, entry in payload.items():
            if file_id in ids and file_id not in store:
                types = own_types.get(file_id, accepted) if own_types else accepted
                store[file_id] = _receive(entry, file_id, limit_mb, types, spool)
    for gone in [f for f in store if f not in ids]:
        del store[gone]
    files = [store[f] for f in ids if isinstance(store.get(f), UploadedFile)]
    refused = [store[f] for f in ids if isinstance(store.get(f), Refused)]
    return files, refused  # type: ignore[return-value]


def _files_value(files: list[UploadedFile], multiple: bool) -> Any:
    """What the widget returns: the list of files, or the last one (``None`` for none)."""
    if multiple:
        return files
    return files[-1] if files else None


def _register_files(dg: DeltaGenerator, kind: str, *, label: str, key: Any, identity: tuple[Any, ...],
                    cb: Callback | None, disabled: bool, limit_mb: int, accepted: list[str],
                    multiple: bool) -> tuple[str, Any, list[Refused]]:
    """Register an upload widget; return its id, its value and the files it refused.

    The widget is read-only: ``st.session_state[key]`` shows its value (the files, also
    in callbacks) and cannot be assigned.
    """
    wid = widget_id_for(dg, kind, key, identity)
    ctx = get_run_context()
    if ctx is None:
        register_widget(dg, kind, label=label, key=key, identity=identity, default=[], coerce=_file_ids)
        return wid, _files_value([], multiple), []
    session = ctx.session

    def present(ids: list[str]) -> Any:
        return _files_value(_collect(session, wid, ids, limit_mb, accepted)[0], multiple)

    wid, ids = register_widget(dg, kind, label=label, key=key, identity=identity, default=[], coerce=_file_ids,
                               **callback_options(cb), present=present, read_only=True, disabled=disabled)
    files, refused = _collect(session, wid, ids, limit_mb, accepted)
    return wid, _files_value(files, multiple), refused


def _file_props(files: list[UploadedFile], refused: list[Refused]) -> dict[str, Any]:
    return {
        "files": [{"id": f.file_id, "name": f.name, "size": f.size, "type": f.type} for f in files],
        "errors": [r.message for r in refused],
    }


def file_uploader(dg: DeltaGenerator, label: Any, type: Any = None,
                  accept_multiple_files: bool | Literal["directory"] = False,
                  key: Any = None, help: str | None = None, on_change: Callable[..., Any] | str | None = "rerun",
                  args: Any = None, kwargs: Any = None, *, max_upload_size: int | None = None,
                  disabled: bool = False, label_visibility: str = "visible", width: Any = "stretch") -> Any:
    """``st.file_uploader``: an :class:`UploadedFile` or ``None``; a list with ``accept_multiple_files``.

    ``accept_multiple_files="directory"`` picks a folder; each file's ``name`` is then its
    path relative to that folder.
    """
    text = label_text(label)
    if accept_multiple_files not in (True, False, "directory"):
        raise WidgetArgumentError(f"st.file_uploader(accept_multiple_files={accept_multiple_files!r}): "
                                  "accept_multiple_files must be True, False or 'directory'")
    accepted = _accepted_types("file_uploader", type)
    limit_mb = _limit("file_uploader", max_upload_size)
    multiple = bool(accept_multiple_files)
    cb = callback("file_uploader", "on_change", on_change, args, kwargs)
    identity = ((tuple(accepted), multiple, max_upload_size) if key is not None
                else (text, tuple(accepted), multiple, max_upload_size, help))
    wid, result, refused = _register_files(dg, "file_uploader", label=text, key=key, identity=identity, cb=cb,
                                           disabled=disabled, limit_mb=limit_mb, accepted=accepted,
                                           multiple=multiple)
    files = result if multiple else [result] if result is not None else []
    props = common_props("file_uploader", wid, text, help, disabled, label_visibility, on_change, key, width)
    props.update({"accept": accepted, "multiple": multiple, "max_bytes": limit_mb * MB, "max_mb": limit_mb,
                  "directory": accept_multiple_files == "directory",
                  "upload_key": wid + UPLOAD_SUFFIX, **_file_props(files, refused)})
    dg.add_element("file_uploader", props)
    return result


def camera_input(dg: DeltaGenerator, label: Any, key: Any = None, help: str | None = None,
                 on_change: Callable[..., Any] | str | None = "rerun", args: Any = None, kwargs: Any = None, *,
                 disabled: bool = False, label_visibility: str = "visible", resolution: str | None = None,
                 width: Any = "stretch") -> UploadedFile | None:
    """``st.camera_input``: a JPEG snapshot as an :class:`UploadedFile`, or ``None``.

    The page takes the picture with the device camera (or lets the user pick an image
    where the browser has none) and sends it like an upload.
    """
    text = label_text(label)
    if resolution not in (None, "480p", "720p", "1080p"):
        raise WidgetArgumentError(f"st.camera_input(resolution={resolution!r}): resolution must be None, '480p', "
                                  "'720p' or '1080p'")
    limit_mb = _limit("camera_input", None)
    cb = callback("camera_input", "on_change", on_change, args, kwargs)
    identity = () if key is not None else (text, help)
    result: UploadedFile | None
    wid, result, refused = _register_files(dg, "camera_input", label=text, key=key, identity=identity, cb=cb,
                                           disabled=disabled, limit_mb=limit_mb, accepted=["image/*"],
                                           multiple=False)
    props = common_props("camera_input", wid, text, help, disabled, label_visibility, on_change, key, width)
    props.update({"resolution": resolution, "max_bytes": limit_mb * MB, "max_mb": limit_mb,
                  "upload_key": wid + UPLOAD_SUFFIX, **_file_props([result] if result is not None else [], refused)})
    dg.add_element("camera_input", props)
    return result


AUDIO_INPUT_SAMPLE_RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, None)
"""The rates ``st.audio_input(sample_rate=...)`` takes (``None``: the browser's own rate)."""


def audio_input(dg: DeltaGenerator, label: Any, *, sample_rate: int | None = 16000, key: Any = None,
                help: str | None = None, on_change: Callable[..., Any] | str | None = "rerun", args: Any = None,
                kwargs: Any = None, disabled: bool = False, label_visibility: str = "visible",
                width: Any = "stretch") -> UploadedFile | None:
    """``st.audio_input``: a microphone recording as an :class:`UploadedFile` (``audio/wav``), or ``None``.

    The page records with the browser's microphone (MediaRecorder), turns the clip into
    16-bit mono WAV at ``sample_rate`` (``None``: the microphone's own rate) and sends it
    like an upload, within ``[uploads] max_upload_size_mb``.
    """
    text = label_text(label)
    if isinstance(sample_rate, bool) or sample_rate not in AUDIO_INPUT_SAMPLE_RATES:
        rates = ", ".join(str(r) for r in AUDIO_INPUT_SAMPLE_RATES)
        raise WidgetArgumentError(f"st.audio_input(sample_rate={sample_rate!r}): sample_rate must be one of "
                                  f"{rates} (None records at the browser's own rate)")
    limit_mb = _limit("audio_input", None)
    cb = callback("audio_input", "on_change", on_change, args, kwargs)
    identity = (sample_rate,) if key is not None else (text, help, sample_rate)
    result: UploadedFile | None
    wid, result, refused = _register_files(dg, "audio_input", label=text, key=key, identity=identity, cb=cb,
                                           disabled=disabled, limit_mb=limit_mb, accepted=["audio/wav"],
                                           multiple=False)
    props = common_props("audio_input", wid, text, help, disabled, label_visibility, on_change, key, width)
    props.update({"sample_rate": sample_rate, "max_bytes": limit_mb * MB, "max_mb": limit_mb,
                  "upload_key": wid + UPLOAD_SUFFIX, **_file_props([result] if result is not None else [], refused)})
    dg.add_element("audio_input", props)
    return result
