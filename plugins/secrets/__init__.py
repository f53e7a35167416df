"""Core plugin ``secrets``: ``st.secrets`` merged from secret sources."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kernel import Command, StashKey, hookimpl
from kernel.app import KernelApp, current_app
from kernel.contracts import Secrets, SecretSource
from plugins.secrets._secrets import MergedSecrets, TomlFileSource

__all__ = ["MergedSecrets", "TomlFileSource"]

_SECRETS = StashKey[Secrets]("secrets")
_lock = threading.Lock()


@hookimpl(trylast=True)
def kernel_make_secrets(app: KernelApp) -> Secrets:
    return MergedSecrets([source for _, source in app.collect("kernel_register_secret_sources")])


@hookimpl
def kernel_register_secret_sources(app: KernelApp) -> Sequence[SecretSource]:
    return [
        TomlFileSource(Path.home() / ".kernel" / "secrets.toml", priority=10),
        TomlFileSource(Path.cwd() / ".kernel" / "secrets.toml", priority=20),
    ]


def _app_secrets() -> Any:
    app = current_app()
    secrets = app.stash.get(_SECRETS)
    if secrets is None:
        with _lock:
            secrets = app.stash.get(_SECRETS)
            if secrets is None:
                secrets = app.make("secrets")
                app.stash[_SECRETS] = secrets
    return secrets


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [Command("secrets", _app_secrets, kind="dynamic")]
