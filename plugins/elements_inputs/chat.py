"""Chat: ``st.chat_input`` (a one-shot text box) and ``st.chat_message`` (a message container)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.contracts.uploads import MB, session_upload_spool
from kernel.elements import ElementArgumentError, image_url, is_image_url, register_widget
from kernel.elements import widget_id as widget_id_for
from kernel_plugins.elements_inputs._inputs import (
    WidgetArgumentError,
    callback,
    callback_options,
    check_choice,
    check_flag,
    width_prop,
)
from kernel_plugins.elements_inputs.uploads import (
    UPLOAD_SUFFIX,
    UploadedFile,
    _accepted_types,
    _collect,
    _limit,
    session_uploads,
)

PRESET_AVATARS = {"user": "🧑", "human": "🧑", "assistant": "🤖", "ai": "🤖"}


AUDIO_SAMPLE_RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, None)
AUDIO_TYPES = ("audio/wav",)
"""What a recording must be: the page sends it as 16-bit WAV (``file_type`` is for attached files)."""


class ChatInputValue(dict[str, Any]):
    """What ``st.chat_input(accept_file=..., accept_audio=...)`` returns: ``.text``, and
    ``.files`` (with ``accept_file``) and ``.audio`` (with ``accept_audio``), also as dict keys."""

    @property
    def text(self) -> str:
        """The message text (may be empty when only files were sent)."""
        return str(self.get("text", ""))

    @property
    def files(self) -> list[UploadedFile]:
        """The attached files."""
        return list(self.get("files", []))

    @property
    def audio(self) -> UploadedFile | None:
        """The recorded audio clip (``audio/wav``), or ``None``."""
        clip = self.get("audio")
        return clip if isinstance(clip, UploadedFile) else None


def chat_input(dg: DeltaGenerator, placeholder: str = "Your message", *, key: Any = None,
               max_chars: int | None = None, max_upload_size: int | None = None, accept_file: Any = False,
               file_type: Any = None, accept_audio: bool = False, audio_sample_rate: int | None = 16000,
               disabled: bool = False, submit_mode: str = "submit", on_submit: Callable[..., Any] | None = None,
               args: Any = None, kwargs: Any = None, width: Any = "stretch",
               height: Any = "content") -> str | ChatInputValue | None:
    """``st.chat_input``: the submitted text in the run its submission started, else ``None``.

    The page reports the text as the widget's value and names the widget as the run's
    trigger, so the text is returned for exactly one run. With ``accept_file`` (``True``,
    ``"multiple"`` or ``"directory"``) the value is a :class:`ChatInputValue` with the
    text and the attached files, which travel like ``st.file_uploader``'s. With
    ``accept_audio`` the page offers a microphone button; the clip (WAV at
    ``audio_sample_rate``, ``None`` = the browser's rate) arrives as ``.audio``.
    """
    if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1):
        raise WidgetArgumentError(f"st.chat_input(max_chars={max_chars!r}): max_chars must be a positive int or None")
    check_choice("chat_input", "submit_mode", submit_mode, ("submit", "disable", "stop"))
    check_choice("chat_input", "accept_file", accept_file, (False, True, "multiple", "directory"))
    check_flag("chat_input", "accept_audio", accept_audio)
    if isinstance(audio_sample_rate, bool) or audio_sample_rate not in AUDIO_SAMPLE_RATES:
        raise WidgetArgumentError(f"st.chat_input(audio_sample_rate={audio_sample_rate!r}): audio_sample_rate must "
                                  "be one of " + ", ".join(map(repr, AUDIO_SAMPLE_RATES)))
    if height != "content" and (isinstance(height, bool) or not isinstance(height, int) or height < 40):
        raise WidgetArgumentError(f"st.chat_input(height={height!r}): height must be 'content' or an int of at "
                                  "least 40 (pixels)")
    width = width_prop("chat_input", width)
    structured = bool(accept_file) or accept_audio
    accepted = _accepted_types("chat_input", file_type)
    limit_mb = _limit("chat_input", max_upload_size)
    text = "" if placeholder is None else str(placeholder)
    cb = callback("chat_input", "on_submit", on_submit, args, kwargs)
    identity = ((max_chars, accept_file, tuple(accepted), max_upload_size) if key is not None
                else (text, max_chars, accept_file, tuple(accepted), max_upload_size))
    wid = widget_id_for(dg, "chat_input", key, identity)
    ctx = get_run_context()
    session = ctx.session if ctx is not None else None

    def message(fired: bool) -> tuple[str | ChatInputValue | None, list[str]]:
        """The submitted message (``None`` unless this run's trigger) and refused files."""
        if not fired or session is None:
            return None, []
        raw = session.state.widgets.get(wid)
        if structured and isinstance(raw, dict):
            typed = raw.get("text")
            body = typed if isinstance(typed, str) else ""
            listed = raw.get("files")
            ids = [x for x in listed if isinstance(x, str)] if accept_file and isinstance(listed, list) else []
            clip = raw.get("audio") if accept_audio and isinstance(raw.get("audio"), str) else None
            # Attached files are checked against file_type; the recording against its own type.
            files, refused = _collect(session, wid, [*ids, *([clip] if clip else [])], limit_mb, accepted,
                                      {clip: list(AUDIO_TYPES)} if clip else None)
            out = ChatInputValue(text=body[:max_chars] if max_chars is not None else body)
            if accept_file:
                attached = [f for f in files if f.file_id != clip]
                out["files"] = attached[-1:] if accept_file is True else attached
            if accept_audio:
                out["audio"] = next((f for f in files if f.file_id == clip), None)
            return out, [r.message for r in refused]
        if isinstance(raw, str):
            body = raw[:max_chars] if max_chars is not None else raw
            if not structured:
                return body, []
            out = ChatInputValue(text=body)
            if accept_file:
                out["files"] = []
            if accept_audio:
                out["audio"] = None
            return out, []
        return None, []

    wid, fired = register_widget(dg, "chat_input", label=text, key=key, identity=identity, default=False,
                                 coerce=bool, trigger=True, present=lambda f: message(bool(f))[0],
                                 read_only=True, disabled=disabled, **callback_options(cb))
    value, errors = message(bool(fired))
    if not fired and session is not None:
        session_uploads(session).pop(wid, None)  # files of an earlier message are not kept
    if structured and session is not None:
        session_upload_spool(session).allow(wid + UPLOAD_SUFFIX, limit_mb * MB)  # attachments may be sent
    props: dict[str, Any] = {"id": wid, "placeholder": text, "max_chars": max_chars, "disabled": bool(disabled),
                             "submit_mode": submit_mode, "accept_file": accept_file, "accept": accepted,
                             "max_bytes": limit_mb * MB, "upload_key": wid + UPLOAD_SUFFIX, "errors": errors,
                             "pinned": not dg.path and dg.root == "main",
                             "accept_audio": bool(accept_audio), "audio_sample_rate": audio_sample_rate,
                             "width": width, "height": height}
    if key is not None:
        props["key"] = key
    dg.add_element("chat_input", props)
    return value


def chat_message(dg: DeltaGenerator, name: str, *, avatar: Any = None, width: Any = "stretch") -> DeltaGenerator:
    """``st.chat_message``: a container for one message; "user"/"assistant" (and "human"/"ai") get preset avatars.

    ``avatar`` is an emoji, a ``:material/name:`` icon or a short text, or an image in any
    form ``st.image`` takes (a URL, a path, bytes, a numpy array, a PIL image), served from
    the media route.
    """
    if not isinstance(name, str) or not name:
        raise WidgetArgumentError(f"st.chat_message(name={name!r}): name must be a non-empty string such as 'user' "
                                  "or 'assistant'")
    shown: str | None = None
    src: str | None = None
    if avatar is None:
        shown = PRESET_AVATARS.get(name.lower(), name[0].upper())
    elif isinstance(avatar, str) and not (is_image_url(avatar) or Path(avatar).is_file()
                                          or avatar.lstrip().startswith(("<svg", "<?xml"))):
        shown = avatar  # an emoji, a :material/name: icon or a short text
    else:
        try:  # anything st.image accepts: a URL, a path, bytes, a numpy array, a PIL image
            src = image_url(avatar, command="chat_message", param="avatar")
        except ElementArgumentError:
            raise WidgetArgumentError(
                f"st.chat_message(avatar={avatar!r:.80}): avatar must be an emoji, a :material/name: icon, a short "
                "text, or an image (a URL, a path, bytes, a numpy array or a PIL image)") from None
    role = name.lower() if name.lower() in PRESET_AVATARS else "other"
    return dg.add_block("chat_message", {"name": name, "avatar": shown, "avatar_src": src, "role": role})
