"""The ``[runner]`` config section."""

from __future__ import annotations

from typing import Any

import attrs

ENUM_COERCION = ("off", "nameOnly", "nameAndValue")
"""The values of ``enum_coercion`` (Streamlit's spellings; snake_case ones work too)."""


def _enum_coercion(value: str) -> str:
    spelled = {"name_only": "nameOnly", "name_and_value": "nameAndValue"}.get(value, value)
    if spelled not in ENUM_COERCION:
        raise ValueError(f"runner.enum_coercion must be one of {', '.join(ENUM_COERCION)}, got {value!r}")
    return spelled


def _non_negative(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not 0 <= value < float("inf"):
        raise ValueError(f"[runner] {attribute.name} must be a number, 0 or more; got {value!r}")


@attrs.define
class RunnerConfig:
    """How scripts run."""

    magic_enabled: bool = True
    """Show bare expression statements of the script with ``st.write`` ("magic")."""
    enum_coercion: str = attrs.field(default="nameOnly", converter=_enum_coercion)
    """How an option widget matches an Enum member of an older run's class (the script
    redefines its Enum classes on every run) to the options of this run: ``"off"`` (only
    equal members), ``"nameOnly"`` (a class of the same name with the same member names;
    the default) or ``"nameAndValue"`` (the same names and values)."""
    enforce_serializable_session_state: bool = False
    """Refuse ``st.session_state`` values that ``pickle`` cannot serialize (an error names
    the key), so an app is known to work where session state must be serializable."""
    stop_grace_seconds: float = attrs.field(default=2.0, validator=_non_negative)
    """Seconds a running script may go on after Stop, a rerun request or the end of its
    session without reaching an ``st`` call (a loop such as ``while True: pass``); then
    the runner stops it by force and the page says so. ``0`` forces at once."""
    gil_switch_interval_ms: float = attrs.field(default=1.0, validator=_non_negative)
    """While a script run goes on for long (half a second or more), the interpreter's
    thread switch interval (``sys.setswitchinterval``) in milliseconds; Python's default
    is 5, which is kept while runs are short. Scripts that compute without pause share
    the GIL with the server's own thread: with N of them, every wake-up of the server
    waits its turn behind up to N slices, so a shorter slice keeps health checks and
    other sessions responsive (see docs/security.md, "Runaway scripts"). ``0`` leaves
    the interval as it is."""
    max_elements_per_run: int = attrs.field(default=100_000, validator=_non_negative)
    """Elements and containers one run may write; past it the run is stopped and the
    page says which limit it hit (``while True: st.write(1)`` ends there instead of
    filling memory). Read by the core delta generator. ``0`` turns the limit off."""
    max_queued_mib: float = attrs.field(default=256.0, validator=_non_negative)
    """MiB of a session's output that may wait to be sent (the browser takes it more
    slowly than the script writes, or none is connected); past it the run that writes
    more is stopped, with a message. Read by the core delta generator from a queue that
    counts its bytes (``queued_bytes()``). ``0`` turns the limit off."""
