"""The ``[cache]`` config section: which backend stores ``st.cache_data`` entries, and its options."""

from __future__ import annotations

from pathlib import Path

import attrs

__all__ = ["BACKENDS", "KEY_FILE", "CacheConfig"]

KEY_FILE = "signing.key"
"""Name of the generated signing key's file in the disk folder."""

BACKENDS = ("memory", "disk", "redis")
"""Backends the kernel ships (``redis`` comes from the ``cache_redis`` plugin in ``contrib/``)."""


@attrs.define
class CacheConfig:
    """``[cache]``: where ``st.cache_data`` keeps its entries."""

    backend: str = "memory"
    """``"memory"`` (this process), ``"disk"`` (SQLite in ``disk_folder``) or ``"redis"``
    (``redis_url``; the ``cache_redis`` plugin in ``contrib/``). ``st.cache_resource`` always uses memory."""
    memory_max_bytes: int = 1 << 30
    """Total byte budget of pickled ``cache_data`` values held in memory; least recently
    used entries (of any function) are evicted beyond it."""
    disk_folder: Path | None = None
    """Folder of the disk backend's SQLite file; default ``~/.kernel/cache``."""
    redis_url: str = attrs.field(default="redis://127.0.0.1:6379/0", metadata={"mask": "url"})
    """Server of the redis backend: ``redis://[[user]:password@]host[:port][/db]``, or
    ``rediss://`` for TLS (options such as ``?ssl_ca_certs=/path/ca.pem`` pass to redis-py's
    ``from_url``). The password is masked wherever the URL is shown."""
    redis_key_prefix: str = "kernel-cache"
    """Prefix of every Redis key the cache writes, so apps can share a server."""
    redis_timeout: float = 2.0
    """Seconds to wait for Redis before computing without the cache."""
    redis_lock_ttl: float = attrs.field(default=10.0, validator=attrs.validators.gt(0))
    """Single flight across processes: the process computing an entry holds a claim in Redis,
    renewed every third of this many seconds; a process that dies lets it lapse after at most
    this long, and the processes waiting for it then compute the entry themselves."""
    redis_lock_wait: float = attrs.field(default=300.0, validator=attrs.validators.ge(0))
    """Longest a process waits for another one computing the same entry before it computes
    it too (a live holder keeps renewing its claim however long its function runs)."""
    signing_key: str | None = attrs.field(default=None, metadata={"mask": True}, repr=False)
    """Key (at least 32 characters) that signs every value the disk and redis backends store;
    entries that do not verify are misses. Unset: a random key made at first use and kept in
    ``signing.key`` (mode 0600) in the disk folder. Set it (``KERNEL_CACHE_SIGNING_KEY``) to
    the same value on every machine sharing a Redis server. Never shown."""

    @signing_key.validator
    def _check_signing_key(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None:
            from kernel.contracts.signed_values import key_from_text

            key_from_text(value, option="[cache] signing_key")

    def folder(self, home: Path | None) -> Path:
        """The disk backend's folder (``disk_folder``, default ``~/.kernel/cache`` under ``home``)."""
        if self.disk_folder is not None:
            return Path(self.disk_folder).expanduser()
        return (home or Path.home()) / ".kernel" / "cache"

    def signing_key_bytes(self, home: Path | None) -> bytes:
        """The key values are signed with: ``signing_key``, else the key file in :meth:`folder`."""
        from kernel.contracts.signed_values import key_from_text, load_or_create_key

        if self.signing_key is not None:
            return key_from_text(self.signing_key, option="[cache] signing_key")
        return load_or_create_key(self.folder(home) / KEY_FILE)
