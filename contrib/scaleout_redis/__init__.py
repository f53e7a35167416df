"""Optional plugin ``kernel_contrib.scaleout_redis``: scale-out sessions in a shared Redis server.

Registered by entry point; idle until ``[scaleout] backend = "redis"`` selects it. Then it
answers ``kernel_make_session_store`` (snapshots, leases and fencing in Redis: see
:mod:`._store` and :mod:`._lua`) and ``kernel_make_message_bus`` (pub/sub, one connection
and one thread per worker), and, in the supervisor of ``kernel run --workers N``, deletes
a dead worker's lease so its sessions move at once. Needs the ``redis`` client package
(``pip install 'kernel[redis]'``).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from kernel import KernelApp, StashKey, hookimpl

if TYPE_CHECKING:
    from kernel.contracts.scaleout import MessageBus, SessionStore

__all__ = ["kernel_configured", "kernel_make_message_bus", "kernel_make_session_store", "kernel_shutdown",
           "kernel_worker_exited"]

_STORE: StashKey[Any] = StashKey("scaleout_redis store")
_BUS: StashKey[Any] = StashKey("scaleout_redis bus")
_CLIENT: StashKey[Any] = StashKey("scaleout_redis client")
_lock = threading.Lock()

TIMEOUT = 5.0
"""Seconds a Redis call may take before it counts as a failure."""
MAX_CONNECTIONS = 8
"""Connections of a worker's pool (its pub/sub connection comes on top), whatever its sessions."""


def _config(app: KernelApp) -> Any:
    config = app.config.sections.get("scaleout")
    return config if config is not None and getattr(config, "backend", "") == "redis" else None


def _client(app: KernelApp, config: Any) -> Any:
    client = app.stash.get(_CLIENT)
    if client is None:
        try:
            import redis
        except ModuleNotFoundError as exc:
            raise ModuleNotFoundError(
                "[scaleout] backend = \"redis\" needs the redis client package: pip install 'kernel[redis]'",
                name="redis") from exc
        # A bounded pool: a worker's connections do not grow with its sessions (script
        # threads that write at once wait up to TIMEOUT for a free connection).
        pool = redis.BlockingConnectionPool.from_url(
            config.redis_url, max_connections=MAX_CONNECTIONS, timeout=TIMEOUT, socket_timeout=TIMEOUT,
            socket_connect_timeout=TIMEOUT, health_check_interval=30)
        client = app.stash.setdefault(_CLIENT, redis.Redis.from_pool(pool))  # it closes the pool
    return client


def _health(config: Any) -> Any:
    """The outage log of the server (shared with the other parts of this process that use it)."""
    from kernel.contracts.outages import service_for_url

    return service_for_url("Redis", config.redis_url)


def _prefix(app: KernelApp, config: Any) -> str:
    script = app.script_path.name if app.script_path else ""
    return str(config.prefix(script))


@hookimpl
def kernel_make_session_store(app: KernelApp) -> SessionStore | None:
    config = _config(app)
    if config is None:
        return None
    with _lock:
        store = app.stash.get(_STORE)
        if store is None:
            from kernel.contracts.scaleout import ResumeTokens, StateCodec
            from kernel.contracts.signed_values import ValueSigner
            from kernel_contrib.scaleout_redis._store import RedisSessionStore

            secret = config.secret_bytes()
            store = RedisSessionStore(_client(app, config), _prefix(app, config), ResumeTokens(secret),
                                      StateCodec(ValueSigner(secret)), config.worker_name(), config.session_ttl,
                                      config.lease_ttl, health=_health(config))
            app.stash[_STORE] = store
    return store


@hookimpl
def kernel_make_message_bus(app: KernelApp) -> MessageBus | None:
    config = _config(app)
    if config is None:
        return None
    with _lock:
        bus = app.stash.get(_BUS)
        if bus is None:
            from kernel_contrib.scaleout_redis._bus import RedisBus
            from kernel_contrib.scaleout_redis._store import keys

            bus = app.stash[_BUS] = RedisBus(_client(app, config), keys(_prefix(app, config))[2], _health(config))
    return bus


@hookimpl
def kernel_configured(app: KernelApp) -> None:
    """With the redis backend, make the client now (no connection yet): in the supervisor of
    ``--workers N`` this keeps the import of redis-py out of the time a dead worker's
    sessions wait for their lease to be deleted."""
    config = _config(app)
    if config is not None:
        try:
            _client(app, config)
        except ModuleNotFoundError:
            pass  # said when the store is made (kernel config show must still work)


@hookimpl
def kernel_worker_exited(app: KernelApp, worker: str, exitcode: int) -> None:
    """Delete the dead worker's lease: a claim of one of its sessions need not wait for it."""
    config = _config(app)
    if config is None:
        return
    from kernel_contrib.scaleout_redis._store import keys

    _client(app, config).delete(keys(_prefix(app, config))[1] + worker)


@hookimpl(trylast=True)
def kernel_shutdown(app: KernelApp, runtime: object) -> None:
    """After the scale-out plugin closed the bus: stop renewing this worker's lease and
    close the Redis client's connections, as the end of the process would. An app stopped
    inside a process that goes on (a test, an embedding) leaves no renewal thread or
    socket behind; the lease lapses within its TTL."""
    with _lock:
        store = app.stash.get(_STORE)
        client = app.stash.get(_CLIENT)
    if store is not None:
        store.stop_renewing(TIMEOUT)
    if client is not None:
        client.close()
