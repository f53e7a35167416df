"""The ``[runner]`` config section."""

from __future__ import annotations

import attrs

ENUM_COERCION = ("off", "nameOnly", "nameAndValue")
"""The values of ``enum_coercion`` (Streamlit's spellings; snake_case ones work too)."""


def _enum_coercion(value: str) -> str:
    spelled = {"name_only": "nameOnly", "name_and_value": "nameAndValue"}.get(value, value)
    if spelled not in ENUM_COERCION:
        raise ValueError(f"runner.enum_coercion must be one of {', '.join(ENUM_COERCION)}, got {value!r}")
    return spelled


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
