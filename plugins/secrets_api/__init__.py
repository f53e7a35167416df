"""Essential plugin ``secrets_api``: ``st.secrets``, written only against the Secrets contract.

Whichever plugin answers ``kernel_make_secrets`` provides the object: the core
``secrets`` plugin, or a replacement (``-p no:secrets -p my_secrets``). This plugin makes
it once per app and serves it as ``st.secrets``, so apps keep ``st.secrets`` whoever
provides the component. It is essential (entry-point group ``kernel.essential_plugins``):
``-p no:secrets_api`` is refused. See ``docs/secrets.md``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kernel import Command, KernelApp, StashKey, current_app, hookimpl

if TYPE_CHECKING:
    from kernel.contracts import Secrets

__all__ = ["secrets_of"]

_SECRETS: StashKey[Secrets] = StashKey("secrets_api.secrets")
_lock = threading.Lock()


def secrets_of(app: KernelApp) -> Secrets:
    """The app's secrets object (``st.secrets``): made through ``app.make("secrets")`` on first use.

    Thread-safe: concurrent first uses make it once.
    """
    secrets = app.stash.get(_SECRETS)
    if secrets is None:
        with _lock:
            secrets = app.stash.get(_SECRETS)
            if secrets is None:
                secrets = app.make("secrets")
                app.stash[_SECRETS] = secrets
    return secrets


def _st_secrets() -> Secrets:
    return secrets_of(current_app())


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [Command("secrets", _st_secrets, kind="dynamic", component="secrets")]
