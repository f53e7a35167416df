"""Chat: ``st.chat_input`` (a one-shot text box) and ``st.chat_message`` (a message container)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.widgets import widget_states
from plugins.delta_generator._widgets import register_widget
from plugins.delta_generator.elements._inputs import WidgetArgumentError, callback, check_choice

HERE = Path(__file__).parent
PRESET_AVATARS = {"user": "🧑", "human": "🧑", "assistant": "🤖", "ai": "🤖"}


def chat_input(dg: DeltaGenerator, placeholder: str = "Your message", *, key: Any = None,
               max_chars: int | None = None, disabled: bool = False, on_submit: Callable[..., Any] | None = None,
               args: Any = None, kwargs: Any = None, submit_mode: str = "submit",
               width: Any = "stretch") -> str | None:
    """``st.chat_input``: the submitted text in the run its submission started, else ``None``.

    The page reports the text as the widget's value and names the widget as the run's
    trigger, so the text is returned for exactly one run.
    """
    if max_chars is not None and (isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1):
        raise WidgetArgumentError(f"st.chat_input(max_chars={max_chars!r}): max_chars must be a positive int or None")
    check_choice("chat_input", "submit_mode", submit_mode, ("submit", "disable", "stop"))
    text = "" if placeholder is None else str(placeholder)
    cb = callback("chat_input", "on_submit", on_submit, args, kwargs)
    identity = (max_chars,) if key is not None else (text, max_chars)
    wid, fired = register_widget(dg, "chat_input", label=text, key=key, identity=identity, default=False,
                                 coerce=bool, trigger=True, callback=cb, publish=False)
    value: str | None = None
    ctx = get_run_context()
    if fired and ctx is not None:
        raw = widget_states(ctx.session).get(wid)
        if isinstance(raw, str):
            value = raw[:max_chars] if max_chars is not None else raw
    props: dict[str, Any] = {"id": wid, "placeholder": text, "max_chars": max_chars, "disabled": bool(disabled),
                             "submit_mode": submit_mode,
                             "pinned": not dg.path and dg.root == "main"}  # type: ignore[attr-defined]
    if key is not None:
        props["key"] = key
        if ctx is not None:
            dg.session.state[str(key)] = value  # type: ignore[attr-defined]
    dg.add_element("chat_input", props)
    return value


def chat_message(dg: DeltaGenerator, name: str, *, avatar: Any = None, width: Any = "stretch") -> DeltaGenerator:
    """``st.chat_message``: a container for one message; "user"/"assistant" (and "human"/"ai") get preset avatars."""
    if not isinstance(name, str) or not name:
        raise WidgetArgumentError(f"st.chat_message(name={name!r}): name must be a non-empty string such as 'user' "
                                  "or 'assistant'")
    if avatar is None:
        shown = PRESET_AVATARS.get(name.lower(), name[0].upper())
    elif isinstance(avatar, str):
        shown = avatar
    else:
        raise WidgetArgumentError(f"st.chat_message(avatar={avatar!r}): avatar must be an emoji, a short text or None")
    role = name.lower() if name.lower() in PRESET_AVATARS else "other"
    return dg.add_block("chat_message", {"name": name, "avatar": shown, "role": role})


RENDERERS = {"chat_input": HERE / "chat_input.js", "chat_message": HERE / "chat_message.js"}
COMMANDS = {"chat_input": chat_input, "chat_message": chat_message}
