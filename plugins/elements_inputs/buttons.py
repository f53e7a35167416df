"""``st.download_button`` and ``st.link_button``."""

from __future__ import annotations

import base64
import io
import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.elements import add_media, is_safe_url
from kernel_plugins.elements_inputs._inputs import (
    WidgetArgumentError,
    button_props,
    callback,
    check_callable,
    label_text,
    register_input,
)


def _download_payload(data: Any, file_name: str | None, mime: str | None) -> tuple[bytes, str, str]:
    """The bytes, file name and MIME type of ``data`` (str, bytes, a file object or a callable)."""
    if callable(data) and not isinstance(data, io.IOBase):
        data = data()
    name = file_name
    if isinstance(data, str):
        raw, guess = data.encode(), "text/plain"
    elif isinstance(data, bytes | bytearray | memoryview):
        raw, guess = bytes(data), "application/octet-stream"
    elif isinstance(data, io.TextIOBase):
        data.seek(0)
        raw, guess = data.read().encode(), "text/plain"
    elif hasattr(data, "read"):
        if hasattr(data, "seek"):
            data.seek(0)
        content = data.read()
        raw = content.encode() if isinstance(content, str) else bytes(content)
        guess = "application/octet-stream"
        if name is None and isinstance(getattr(data, "name", None), str):
            name = Path(data.name).name
    else:
        raise WidgetArgumentError(f"st.download_button(data={data!r}): data must be str, bytes, a file-like object "
                                  "or a function returning one of those")
    if mime is None:
        mime = (mimetypes.guess_type(name)[0] if name is not None else None) or guess
    if name is None:
        name = "download.txt" if guess == "text/plain" else "download"
    return raw, name, mime


def download_button(dg: DeltaGenerator, label: Any, data: Any, file_name: str | None = None,
                    mime: str | None = None, key: Any = None, help: str | None = None,
                    on_click: Callable[..., Any] | str | None = "rerun", args: Any = None, kwargs: Any = None, *,
                    type: str = "secondary", icon: str | None = None, icon_position: str = "left",
                    disabled: bool = False, use_container_width: bool | None = None, width: Any = "content",
                    shortcut: str | None = None, wrap: bool | None = None) -> bool:
    """``st.download_button``: offers ``data`` as a file; ``True`` in the run its click started.

    The file is served from the media route (``/_kernel/media/...``) while the session's
    page shows the button; a callable ``data`` is called when the button is drawn.
    ``on_click="ignore"`` downloads without a rerun.
    """
    text = label_text(label)
    cb = callback("download_button", "on_click", on_click, args, kwargs)
    raw, name, content_type = _download_payload(data, file_name, mime)
    props = button_props("download_button", None, text, help, disabled, key, type=type, icon=icon,
                         icon_position=icon_position, use_container_width=use_container_width, width=width,
                         shortcut=shortcut, wrap=wrap)
    identity = () if key is not None else (text, name, content_type, help, type, icon, width)
    wid, clicked = register_input(dg, "download_button", label=text, key=key, identity=identity, default=False,
                                  coerce=bool, trigger=True, callback=cb, disabled=disabled)
    if get_run_context() is not None:
        url = add_media(raw, content_type, name)
    else:
        url = f"data:{content_type};base64,{base64.b64encode(raw).decode()}"
    props.update({"id": wid, "url": url, "file_name": name, "mime": content_type, "size": len(raw),
                  "rerun": on_click != "ignore"})
    dg.add_element("download_button", props)
    return bool(clicked)


def link_button(dg: DeltaGenerator, label: Any, url: str, *, key: Any = None,
                on_click: Callable[..., Any] | str | None = "ignore", args: Any = None, kwargs: Any = None,
                help: str | None = None, type: str = "secondary", icon: str | None = None,
                icon_position: str = "left", disabled: bool = False, use_container_width: bool | None = None,
                width: Any = "content", shortcut: str | None = None, wrap: bool | None = None) -> Any:
    """``st.link_button``: opens ``url`` in a new tab.

    With the default ``on_click="ignore"`` it is a plain link and returns its element;
    with ``"rerun"``, ``None`` or a callable it also reruns and returns ``True`` for that run.
    """
    text = label_text(label)
    check_callable("link_button", "on_click", on_click)
    if not isinstance(url, str) or not url:
        raise WidgetArgumentError(f"st.link_button(url={url!r}): url must be a non-empty string")
    if not is_safe_url(url):
        raise WidgetArgumentError(f"st.link_button(url={url!r}): only http, https and mailto links and relative "
                                  "URLs are allowed; a javascript:, vbscript: or data: link would run code on the "
                                  "app's page when clicked")
    props = button_props("link_button", None, text, help, disabled, key, type=type, icon=icon,
                         icon_position=icon_position, use_container_width=use_container_width, width=width,
                         shortcut=shortcut, wrap=wrap)
    props["url"] = url
    if on_click == "ignore":
        return dg.add_element("link_button", props)
    cb = callback("link_button", "on_click", on_click, args, kwargs)
    identity = () if key is not None else (text, url, help, type, icon)
    wid, clicked = register_input(dg, "link_button", label=text, key=key, identity=identity, default=False,
                                  coerce=bool, trigger=True, callback=cb, disabled=disabled)
    props.update({"id": wid, "rerun": True})
    dg.add_element("link_button", props)
    return bool(clicked)
