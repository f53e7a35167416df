"""The ``[scaleout]`` config section: sessions that outlive their worker (off by default)."""

from __future__ import annotations

import os
import socket

import attrs

__all__ = ["BACKENDS", "ScaleoutConfig"]

BACKENDS = ("", "memory", "redis")
"""``""`` is off; ``memory`` shares sessions between the servers of one process (tests, a
single worker); ``redis`` comes from the ``scaleout_redis`` plugin in ``contrib/``."""


def _check_backend(_: object, __: object, value: str) -> None:
    if value not in BACKENDS:
        raise ValueError(f"[scaleout] backend must be one of {', '.join(repr(b) for b in BACKENDS)}, "
                         f"not {value!r} (\"\" turns scale-out off)")


@attrs.define
class ScaleoutConfig:
    """``[scaleout]``: sessions that survive their worker. Off until ``backend`` names a store.

    With it on, every session has one owner worker at a time; the widget values of each
    interaction the server accepted are stored before the run they start, and the
    ``session_state`` keys a run changed after it; a reconnect to another worker (with the
    session's resume token) takes the session over and reruns it there (docs/scaleout.md).
    """

    backend: str = attrs.field(default="", validator=_check_backend)
    """``""`` (off: sessions live in this process only, as without scale-out), ``"memory"``
    (shared by the servers of this process) or ``"redis"`` (shared by every worker using
    ``redis_url``; the ``scaleout_redis`` plugin)."""
    redis_url: str = attrs.field(default="redis://127.0.0.1:6379/0", metadata={"mask": "url"})
    """Server of the redis backend (``redis://[[user]:password@]host[:port][/db]``, ``rediss://``
    for TLS); the password is masked wherever the URL is shown."""
    key_prefix: str = ""
    """Prefix of every key the store writes; default ``kernel:<script file name>``. Workers of
    one app share it; different apps on one server need different ones."""
    secret: str | None = attrs.field(default=None, metadata={"mask": True}, repr=False)
    """Key (at least 32 characters) that signs resume tokens and stored values; required when
    scale-out is on, the same on every worker (``KERNEL_SCALEOUT_SECRET``). Never shown."""
    session_ttl: float = 3600.0
    """Seconds a session's snapshot outlives its last write."""
    lease_ttl: float = 5.0
    """Seconds a worker's lease on its sessions lasts without renewal: how soon another worker
    may take over the sessions of one that stopped answering."""
    strict: bool = False
    """A ``session_state`` value that cannot be pickled fails the run (with the key, its type and
    advice) instead of being left out of the snapshot with one warning."""
    max_entry_bytes: int = 16 * 1024 * 1024
    """Largest pickled ``session_state`` value stored; a bigger one is left out (with a warning)."""
    worker: str = ""
    """This worker's name; default ``<host>:<pid>`` (the supervisor sets one per worker)."""
    blob_dir: str = ""
    """A directory every worker reads and writes (a shared volume): a side-channel answer
    bigger than 1 MiB that one worker passes to another (a media file, a download, element
    data: docs/scaleout.md) goes through a file there instead of the store. Empty: through
    the store, up to ``max_entry_bytes``."""
    max_blob_bytes: int = 512 * 1024 * 1024
    """Largest side-channel answer passed between workers through ``blob_dir``; a bigger one
    is answered 503 by the worker the request reached (with a message saying so)."""

    @secret.validator
    def _check_secret(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None:
            from kernel.contracts.signed_values import key_from_text

            key_from_text(value, option="[scaleout] secret")

    @property
    def enabled(self) -> bool:
        """Whether scale-out is on."""
        return self.backend != ""

    def secret_bytes(self) -> bytes:
        """The signing secret; a ``ValueError`` saying how to set it when there is none."""
        from kernel.contracts.signed_values import key_from_text

        if self.secret is None:
            raise ValueError(
                f"[scaleout] backend = {self.backend!r} needs a secret shared by every worker: set "
                "KERNEL_SCALEOUT_SECRET (or [scaleout] secret) to a random value, e.g. the output of "
                "python -c 'import secrets; print(secrets.token_hex(32))'")
        return key_from_text(self.secret, option="[scaleout] secret")

    def worker_name(self) -> str:
        """:attr:`worker`, or ``<host>:<pid>``."""
        return self.worker or f"{socket.gethostname()}:{os.getpid()}"

    def prefix(self, script_name: str) -> str:
        """:attr:`key_prefix`, or ``kernel:<script_name>``."""
        return self.key_prefix or f"kernel:{script_name or 'app'}"
