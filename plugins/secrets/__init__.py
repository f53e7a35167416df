"""Core plugin ``secrets``: the Secrets component, merged from secret sources.

Sources: TOML files (``[secrets] files``) and environment variables
(``[secrets] env_prefix``); other plugins add more through
``kernel_register_secret_sources``. The plugin makes the app's secrets object; whichever
plugin made it, this one reloads it when a watched file changed (firing
``kernel_secrets_changed``) and redacts its values from tracebacks. ``st.secrets`` itself
comes from the essential ``secrets_api`` plugin, which asks ``kernel_make_secrets``. See
``docs/secrets.md``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import ConfigSection, KernelApp, StashKey, hookimpl, lazy_exports
from kernel_plugins.secrets._config import SecretsConfig
from kernel_plugins.secrets._redact import MASK

if TYPE_CHECKING:
    import pluggy

    from kernel.contracts import AppSession, Secrets, SecretSource
    from kernel_plugins.secrets._merged import MergedSecrets
    from kernel_plugins.secrets._sources import EnvSource, TomlFileSource

__all__ = [
    "ENV_PRIORITY",
    "FILE_PRIORITY",
    "EnvSource",
    "MergedSecrets",
    "SecretsConfig",
    "TomlFileSource",
]

FILE_PRIORITY = 100
"""Priority of the first ``[secrets] files`` entry; each later one gets 10 more."""
ENV_PRIORITY = 1000
"""Priority of the environment variables: above every file."""

# Sources and the merged view load when a script first reads st.secrets, not with the server.
__getattr__ = lazy_exports(__name__, {
    "EnvSource": "kernel_plugins.secrets._sources:EnvSource",
    "MergedSecrets": "kernel_plugins.secrets._merged:MergedSecrets",
    "TomlFileSource": "kernel_plugins.secrets._sources:TomlFileSource",
})

_SECRETS: StashKey[Secrets] = StashKey("secrets")
"""The app's secrets object, as ``kernel_make_secrets`` made it (by this plugin or a replacement)."""


def _check_for_changes(app: KernelApp) -> None:
    secrets = app.stash.get(_SECRETS)
    if secrets is not None and secrets.reload_if_changed():
        app.hook.kernel_secrets_changed(app=app)


@hookimpl
def kernel_add_hookspecs(pm: pluggy.PluginManager) -> None:
    """Declare ``kernel_secrets_changed``, which this plugin fires after a reload."""
    from kernel_plugins.secrets import hookspecs

    pm.add_hookspecs(hookspecs)


@hookimpl(trylast=True)
def kernel_make_secrets(app: KernelApp) -> Secrets:
    from kernel_plugins.secrets._merged import MergedSecrets

    return MergedSecrets(lambda: [source for _, source in app.collect("kernel_register_secret_sources")])


@hookimpl(wrapper=True, specname="kernel_make_secrets")
def remember_the_apps_secrets(app: KernelApp) -> Generator[None, Secrets | None, Secrets | None]:
    """Keep what ``kernel_make_secrets`` made, to reload and redact it (a replacement's object too)."""
    secrets = yield
    if secrets is not None:
        app.stash[_SECRETS] = secrets
    return secrets


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("secrets", SecretsConfig)]


@hookimpl
def kernel_register_secret_sources(app: KernelApp) -> Sequence[SecretSource]:
    from kernel_plugins.secrets._paths import resolve_files
    from kernel_plugins.secrets._sources import EnvSource, TomlFileSource

    config: SecretsConfig = app.config["secrets"]
    options = app.options
    script_dir = Path(app.script_path).absolute().parent if app.script_path is not None else None
    paths = resolve_files(
        config.files, cwd=options.cwd or Path.cwd(), home=options.home or Path.home(), script_dir=script_dir
    )
    sources: list[SecretSource] = [
        TomlFileSource(path, priority=FILE_PRIORITY + 10 * i) for i, path in enumerate(paths)
    ]
    if config.env_prefix:
        environ = os.environ if options.environ is None else options.environ
        sources.append(EnvSource(environ, config.env_prefix, priority=ENV_PRIORITY))
    return sources


@hookimpl
def kernel_register_redactors(app: KernelApp) -> Sequence[Callable[[str], str]]:
    def redact_secrets(text: str) -> str:
        secrets = app.stash.get(_SECRETS)  # never load just to redact
        if secrets is None:
            return text
        try:
            return secrets.redact(text)
        except Exception:  # a broken replacement must not leak the text
            return MASK

    return [redact_secrets]


@hookimpl
def kernel_script_run_started(session: AppSession) -> None:
    # A run sees the secrets files as they are when it starts.
    _check_for_changes(session.app)


@hookimpl
def kernel_source_changed(app: KernelApp) -> None:
    # Called in the trio main thread: re-reading the sources may run a command (a vault
    # CLI), so it happens in a worker thread and never holds up the server.
    if app.stash.get(_SECRETS) is None:
        return  # never loaded: the first access reads the files as they are then
    threading.Thread(target=_check_for_changes, args=(app,), name="kernel-secrets-reload", daemon=True).start()
