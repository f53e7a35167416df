"""Optional plugin ``kernel_contrib.secrets_command``: secrets from a command's output.

For password managers and vault CLIs. Load it with ``-p kernel_contrib.secrets_command`` and
configure ``[secrets_command]``::

    [secrets_command]
    argv = ["op", "inject", "-i", "secrets.tpl.toml"]   # the command, no shell
    format = "auto"                                      # "toml", "json" or "auto"
    priority = 600                                       # above files and dotenv, below env vars
    timeout = 30.0                                       # seconds

The command runs when the secrets load (first use of ``st.secrets``) and again on
every reload. An empty ``argv`` (the default) contributes no source.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from kernel import ConfigSection, KernelApp, hookimpl
from kernel.contracts import SecretSource
from kernel_contrib.secrets_command._source import CommandSource

__all__ = ["CommandConfig", "CommandSource"]


@attrs.define
class CommandConfig:
    """The ``[secrets_command]`` section."""

    argv: list[str] = attrs.field(factory=list)
    """The command and its arguments, run without a shell in the working directory."""
    format: str = attrs.field(default="auto", validator=attrs.validators.in_(("auto", "toml", "json")))
    """``"toml"``, ``"json"`` or ``"auto"`` (JSON when the output starts with ``{``)."""
    priority: int = 600
    """Above the TOML files (100-150) and dotenv (500), below environment variables (1000)."""
    timeout: float = 30.0
    """Seconds to wait for the command before failing."""


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("secrets_command", CommandConfig)]


@hookimpl
def kernel_register_secret_sources(app: KernelApp) -> Sequence[SecretSource]:
    config: CommandConfig = app.config["secrets_command"]
    if not config.argv:
        return []
    return [
        CommandSource(
            config.argv,
            priority=config.priority,
            format=config.format,
            timeout=config.timeout,
            cwd=app.options.cwd or Path.cwd(),
        )
    ]
