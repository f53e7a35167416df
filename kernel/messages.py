"""Wire messages between server and browser, and the one converter for them.

Every message is an attrs class. A frame is a JSON array of messages, each an object
whose ``"type"`` field names its class (see ``docs/protocol.md``). Element content
travels as an :class:`Element` with a ``kind`` and a JSON-ready ``props`` mapping, so
element plugins add elements without adding message classes.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import cattrs
from cattrs.preconf.json import make_converter
from cattrs.strategies import configure_tagged_union

__all__ = [
    "PROTOCOL_VERSION",
    "BackMsg",
    "ClearCache",
    "Delta",
    "Element",
    "ForwardMsg",
    "FrameError",
    "Heartbeat",
    "NewSession",
    "Rerun",
    "ScriptFinished",
    "ScriptStarted",
    "SessionStatus",
    "Stop",
    "converter",
    "decode_back_frame",
    "encode_forward_frame",
]

PROTOCOL_VERSION = 1
"""Bumped on every incompatible change; the web client refuses other versions."""


@attrs.frozen
class Element:
    """One element's content: its renderer ``kind`` and JSON-ready properties."""

    kind: str
    props: dict[str, Any] = attrs.field(factory=dict)


# -- server to browser -------------------------------------------------------------


@attrs.frozen
class NewSession:
    """First message on a connection: who the client is talking to."""

    session_id: str
    protocol_version: int = PROTOCOL_VERSION


@attrs.frozen
class ScriptStarted:
    """A run began; elements that follow belong to run ``run_id``."""

    run_id: int


@attrs.frozen
class Delta:
    """Put ``element`` at ``path`` under the root container ``root``."""

    root: str
    path: tuple[int, ...]
    element: Element


@attrs.frozen
class ScriptFinished:
    """A run ended with ``status`` (``"ok"``, ``"error"``, ``"stopped"``, ``"rerun"``)."""

    run_id: int
    status: str


@attrs.frozen
class SessionStatus:
    """Whether the script is running, for the page's status indicator."""

    running: bool


# -- browser to server -------------------------------------------------------------


@attrs.frozen
class Rerun:
    """Rerun the script with these widget values (by widget id)."""

    widget_states: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Stop:
    """Stop the running script."""


@attrs.frozen
class ClearCache:
    """Clear every cache of the app."""


@attrs.frozen
class Heartbeat:
    """Keep-alive; carries nothing."""


ForwardMsg = NewSession | ScriptStarted | Delta | ScriptFinished | SessionStatus
BackMsg = Rerun | Stop | ClearCache | Heartbeat


class FrameError(ValueError):
    """A frame from the client is not valid JSON or not a list of known messages."""


def _tag(cls: type) -> str:
    return cls.__name__


converter: cattrs.Converter = make_converter()
"""The single converter used for every wire message."""
configure_tagged_union(ForwardMsg, converter, tag_generator=_tag, tag_name="type")
configure_tagged_union(BackMsg, converter, tag_generator=_tag, tag_name="type")


def encode_forward_frame(msgs: list[ForwardMsg]) -> str:
    """Serialize a batch of forward messages into one JSON frame."""
    return json.dumps(converter.unstructure(msgs, list[ForwardMsg]), separators=(",", ":"))


def decode_back_frame(frame: str | bytes) -> list[BackMsg]:
    """Parse one JSON frame from the client into messages, or raise :class:`FrameError`."""
    try:
        raw = json.loads(frame)
    except ValueError as exc:
        raise FrameError(f"frame is not valid JSON: {exc}") from None
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        raise FrameError("a frame must be a JSON array of messages")
    try:
        return converter.structure(raw, list[BackMsg])
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError) as exc:
        known = ", ".join(sorted(c.__name__ for c in BackMsg.__args__))
        raise FrameError(f"frame holds an unknown or malformed message (known types: {known}): {exc}") from None
