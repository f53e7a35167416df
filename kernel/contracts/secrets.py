"""The Secrets contract: ``st.secrets``, the sources it merges, and their errors.

A *source* (:class:`SecretSource`) reads secrets from one place; plugins contribute
sources through ``kernel_register_secret_sources``. The *secrets* object
(:class:`Secrets`, made by ``kernel_make_secrets``) merges them by priority and is
what a script sees as ``st.secrets``. ``kernel.testing.secrets_conformance`` checks a
source against this contract.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from kernel._errors import KernelError

__all__ = ["SecretKeyError", "SecretSource", "SecretSourceError", "Secrets"]


class SecretKeyError(KernelError, KeyError):
    """``st.secrets`` has no such key; the message names the key and the sources searched.

    A :class:`KeyError`, so ``st.secrets.get(key, default)`` and ``except KeyError``
    work. The message never contains a secret value.
    """

    def __str__(self) -> str:
        # KeyError's own __str__ quotes its argument; show the message as written.
        return str(self.args[0]) if self.args else ""


class SecretSourceError(KernelError):
    """A source could not be read (invalid TOML, a failing command, ...).

    The message names the source (file, line and column for a syntax error) and how
    to fix it, and never contains a secret value.
    """


@runtime_checkable
class SecretSource(Protocol):
    """One place secrets come from (a TOML file, the environment, a vault command).

    Collected through ``kernel_register_secret_sources`` every time the secrets are
    (re)loaded. Sources with a higher ``priority`` override lower ones key by key,
    sections merging recursively. :meth:`load` raises :class:`SecretSourceError`
    when the source exists but cannot be read, and returns ``{}`` when it is absent.
    """

    name: str
    """Where the secrets come from, for error messages: a path, ``"environment ..."``."""
    priority: int
    """Higher wins. Core files use 100-150, the environment 1000."""

    def load(self) -> Mapping[str, Any]:
        """Read and return this source's secrets: a fresh mapping of TOML-like values.

        Sections are nested mappings; leaves are str, int, float, bool, dates or lists.
        Called from whichever thread (re)loads the secrets.
        """
        ...

    def watch_paths(self) -> Sequence[Path]:
        """Files whose change means :meth:`load` would return something new (may be empty)."""
        ...


@runtime_checkable
class Secrets(Protocol):
    """The read-only, merged secrets of the app (``st.secrets``), or one section of them.

    Made once per app by ``kernel_make_secrets``; read from script threads. A section
    (``st.secrets.db``) satisfies this Protocol too, so a display routine can test
    ``isinstance(obj, Secrets)`` and show ``repr(obj)``, which redacts every value.
    """

    def __getitem__(self, key: str) -> Any:
        """The value or section under ``key``; a missing key raises :class:`SecretKeyError`."""
        ...

    def __contains__(self, key: object) -> bool: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...

    def to_dict(self) -> dict[str, Any]:
        """The secrets as plain nested dicts (real values: never display this)."""
        ...

    def redact(self, text: str) -> str:
        """``text`` with every secret value loaded so far replaced by ``***``.

        Must not load the secrets, must be thread-safe and must never raise.
        """
        ...

    def reload_if_changed(self) -> bool:
        """Re-read the sources if a watched file changed; ``True`` if the secrets were reloaded.

        Cheap when nothing changed (a few ``stat`` calls). A section returns ``False``.
        """
        ...
