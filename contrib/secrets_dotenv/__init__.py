"""Optional plugin ``kernel_contrib.secrets_dotenv``: ``.env`` files as a secret source.

Load it with ``-p kernel_contrib.secrets_dotenv`` (or ``[plugins] load``). Configure it in
``[secrets_dotenv]``: ``files`` (default ``[".env"]``, relative to the working
directory) and ``priority`` (default 500: above the TOML files, below environment
variables). Needs python-dotenv.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from kernel import ConfigSection, KernelApp, hookimpl
from kernel.contracts import SecretSource
from kernel_contrib.secrets_dotenv._source import DotenvSource

__all__ = ["DotenvConfig", "DotenvSource"]


@attrs.define
class DotenvConfig:
    """The ``[secrets_dotenv]`` section."""

    files: list[str] = attrs.field(factory=lambda: [".env"])
    """Dotenv files, lowest precedence first; relative to the working directory, ``~/`` is home."""
    priority: int = 500
    """Priority of the first file (each later one gets 1 more); the core files use 100-150."""


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("secrets_dotenv", DotenvConfig)]


@hookimpl
def kernel_register_secret_sources(app: KernelApp) -> Sequence[SecretSource]:
    config: DotenvConfig = app.config["secrets_dotenv"]
    cwd = app.options.cwd or Path.cwd()
    home = app.options.home or Path.home()
    paths = [home / f[2:] if f.startswith("~/") else cwd / f for f in config.files]
    return [DotenvSource(path, config.priority + i) for i, path in enumerate(paths)]
