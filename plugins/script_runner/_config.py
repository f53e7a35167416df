"""The ``[runner]`` config section."""

from __future__ import annotations

import attrs


@attrs.define
class RunnerConfig:
    """How scripts run."""

    magic_enabled: bool = True
    """Show bare expression statements of the script with ``st.write`` ("magic")."""
