"""The ``[secrets]`` config section."""

from __future__ import annotations

import attrs

__all__ = ["DEFAULT_ENV_PREFIX", "DEFAULT_FILES", "SCRIPT_DIR", "SecretsConfig"]

SCRIPT_DIR = "{script_dir}"
"""A ``secrets.files`` entry starting with this is relative to the main script's folder."""

DEFAULT_FILES = (
    "~/.streamlit/secrets.toml",
    "~/.kernel/secrets.toml",
    ".streamlit/secrets.toml",
    ".kernel/secrets.toml",
    SCRIPT_DIR + "/.streamlit/secrets.toml",
    SCRIPT_DIR + "/.kernel/secrets.toml",
)
"""Lowest precedence first: global, then project (working directory), then the script's folder.

The ``.streamlit`` files are read so a Streamlit app's secrets work unchanged; the
``.kernel`` file of the same level overrides them.
"""

DEFAULT_ENV_PREFIX = "KERNEL_SECRET_"


def _default_files() -> list[str]:
    return list(DEFAULT_FILES)


@attrs.define
class SecretsConfig:
    """Where ``st.secrets`` comes from. See ``docs/secrets.md``."""

    files: list[str] = attrs.field(factory=_default_files)
    """TOML files, lowest precedence first. Relative paths are relative to the working
    directory, ``~/`` is the home folder, ``{script_dir}/`` the main script's folder.
    Setting this replaces the whole default list."""
    env_prefix: str = DEFAULT_ENV_PREFIX
    """Environment variables starting with this become secrets (``__`` nests:
    ``KERNEL_SECRET_db__password`` is ``st.secrets.db.password``); empty turns it off."""
