"""Core plugin ``scaleout``: sessions that outlive their worker (off by default).

It declares the ``[scaleout]`` config section, provides the in-memory session store and
bus (``backend = "memory"``; a networked backend such as ``kernel_contrib.scaleout_redis``
answers the same factory hooks for ``"redis"``), and keeps each session's copy in the store
in step: the widget values a run starts with are written before the run (write-ahead),
the ``session_state`` keys it changed after it (checkpoint). With ``backend = ""`` (the
default) it does nothing at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from kernel import ConfigSection, KernelApp, StashKey, hookimpl, lazy_exports
from kernel_plugins.scaleout._config import ScaleoutConfig
from kernel_plugins.scaleout._keys import MIRROR

if TYPE_CHECKING:
    from kernel import HttpRequest, HttpRoute
    from kernel.contracts import AppSession, Runtime
    from kernel.contracts.scaleout import MessageBus, SessionStore
    from kernel_plugins.scaleout._mirror import Mirror, ScaleoutStatistics
    from kernel_plugins.scaleout._relay import Relay

__all__ = ["ScaleoutConfig", "ScaleoutStatistics", "session_statistics"]

# The mirror (and with it the store contracts and pickle) loads when scale-out is on.
__getattr__ = lazy_exports(__name__, {"ScaleoutStatistics": "kernel_plugins.scaleout._mirror:ScaleoutStatistics"})

SUMMARY = (
    "Sessions that survive their worker (N workers, one store). Off while backend is \"\".",
    "On: backend = \"redis\" (with redis_url; pip install 'kernel[redis]') or \"memory\" (one process),",
    "and secret (or KERNEL_SCALEOUT_SECRET), the same random value on every worker. A reconnect to any",
    "worker then finds its session: widget values, page, query string and every session_state value",
    "that pickles (as of its last finished run). kernel run app.py --workers N starts N workers",
    "on one port (SO_REUSEPORT; --worker-ports for a proxy). See docs/scaleout.md.",
)
"""What ``kernel config show`` prints under ``[scaleout]``."""

log = logging.getLogger("kernel.scaleout")

_STORE: StashKey[SessionStore | None] = StashKey("scaleout store")
_BUS: StashKey[MessageBus | None] = StashKey("scaleout bus")


def _config(app: KernelApp) -> ScaleoutConfig | None:
    config = app.config.sections.get("scaleout")
    return config if isinstance(config, ScaleoutConfig) and config.enabled else None


@hookimpl
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    return [ConfigSection("scaleout", ScaleoutConfig, summary=SUMMARY)]


@hookimpl
def kernel_register_http_routes(app: KernelApp) -> Sequence[HttpRoute]:
    """With scale-out on, a request for an item a held-by-worker route (media, frame pages,
    element data) does not hold here is asked of the other workers (``_relay``): a page's
    HTTP requests may reach any worker."""
    if _config(app) is None:
        return []
    from kernel import HttpRoute

    def handler(request: HttpRequest) -> Any:
        relay = app.stash.get(_RELAY)
        return None if relay is None else relay.handle(request)

    # The shortest prefix of the app's own routes: asked after every route that matches first.
    return [HttpRoute("/_kernel/", handler)]


@hookimpl(trylast=True)
def kernel_make_session_store(app: KernelApp) -> SessionStore | None:
    config = _config(app)
    if config is None:
        return None
    if config.backend != "memory":
        raise RuntimeError(
            f"[scaleout] backend = {config.backend!r}, but no loaded plugin provides that session store: "
            "install it (for redis: pip install 'kernel[redis]') and make sure it is not blocked (-p no:...)")
    if _STORE in app.stash:
        return app.stash[_STORE]
    from kernel.contracts.scaleout import ResumeTokens, StateCodec
    from kernel.contracts.signed_values import ValueSigner
    from kernel_plugins.scaleout._memory import MemorySessionStore, space

    secret = config.secret_bytes()
    script = app.script_path.name if app.script_path else ""
    store = MemorySessionStore(space(config.prefix(script)), ResumeTokens(secret), StateCodec(ValueSigner(secret)),
                               config.worker_name(), config.session_ttl)
    app.stash[_STORE] = store
    return store


@hookimpl(trylast=True)
def kernel_make_message_bus(app: KernelApp) -> MessageBus | None:
    config = _config(app)
    if config is None or config.backend != "memory":
        return None
    if _BUS in app.stash:
        return app.stash[_BUS]
    from kernel_plugins.scaleout._memory import MemoryBus, space

    script = app.script_path.name if app.script_path else ""
    bus = MemoryBus(space(config.prefix(script)))
    app.stash[_BUS] = bus
    return bus


_UNSUBSCRIBE: StashKey[Callable[[], None]] = StashKey("scaleout release subscription")
_RELAY: StashKey[Relay] = StashKey("scaleout side-channel relay")


@hookimpl
def kernel_startup(app: KernelApp, runtime: Runtime) -> None:
    """Listen on this worker's bus channel for handoff requests (another worker wants one
    of this worker's sessions, so this worker closes its copy: the run stops and
    checkpoints, the session is released, instead of making the claim wait for a lease) and
    for the replies to its side-channel requests; and on the all-workers channel for the
    side-channel requests of the others (``_relay``)."""
    config = _config(app)
    if config is None:
        return
    from kernel.contracts.scaleout import ALL_WORKERS, RELEASE, SESSION_CLOSER, WANT, worker_channel

    store: SessionStore | None = app.hook.kernel_make_session_store(app=app)
    bus: MessageBus | None = app.hook.kernel_make_message_bus(app=app)
    if store is None or bus is None:
        return
    relay = app.stash[_RELAY] = _make_relay(app, config, store, bus)

    def on_message(message: bytes) -> None:
        if not message.startswith(RELEASE):
            relay.on_reply(message)
            return
        session_id = message[len(RELEASE):].decode("ascii", "replace")
        closer = app.stash.get(SESSION_CLOSER)
        if closer is not None:
            closer(session_id, "handed over")

    def on_broadcast(message: bytes) -> None:
        if message.startswith(WANT):
            relay.on_want(message)

    unsubscribe = [bus.subscribe(worker_channel(store.worker), on_message),
                   bus.subscribe(ALL_WORKERS, on_broadcast)]

    def unsubscribe_all() -> None:
        for each in unsubscribe:
            each()

    app.stash[_UNSUBSCRIBE] = unsubscribe_all


def _make_relay(app: KernelApp, config: ScaleoutConfig, store: SessionStore, bus: MessageBus) -> Relay:
    from pathlib import Path

    from kernel_plugins.scaleout._blobs import BlobCarrier
    from kernel_plugins.scaleout._relay import Relay

    if config.blob_dir:
        folder = Path(config.blob_dir)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RuntimeError(f"[scaleout] blob_dir = {config.blob_dir!r} cannot be made ({exc}); give a directory "
                               "every worker can write, or leave it empty to pass answers through the store") from exc
    carrier = BlobCarrier(store, config.secret_bytes(), directory=config.blob_dir, store_max=config.max_entry_bytes,
                          dir_max=config.max_blob_bytes)
    held = [route for route in app.http_routes() if route.held_by_worker]
    return Relay(store, bus, carrier, config.secret_bytes(), held)


@hookimpl
def kernel_shutdown(app: KernelApp, runtime: Runtime) -> None:
    unsubscribe = app.stash.get(_UNSUBSCRIBE)
    if unsubscribe is None:
        return
    del app.stash[_UNSUBSCRIBE]
    unsubscribe()
    bus: MessageBus | None = app.hook.kernel_make_message_bus(app=app)
    if bus is not None:
        bus.close()


def _mirror_of(session: AppSession) -> Mirror | None:
    # Not called _mirror: importing the submodule of that name below sets the package's attribute.
    mirror = session.stash.get(MIRROR)
    if mirror is not None:
        return mirror
    config = _config(session.app)
    if config is None:
        return None
    store: SessionStore | None = session.app.hook.kernel_make_session_store(app=session.app)
    if store is None:
        return None
    from kernel_plugins.scaleout._mirror import Mirror

    return session.stash.setdefault(MIRROR, Mirror(store, session, config.strict, config.max_entry_bytes))


@hookimpl
def kernel_script_run_started(session: AppSession, run_id: int) -> None:
    mirror = _mirror_of(session)
    if mirror is not None:
        mirror.write_ahead(session)


@hookimpl
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    mirror = _mirror_of(session)
    if mirror is None:
        return
    from kernel.contracts.scaleout import DRAINING

    if outcome in ("stopped", "rerun") and session.stash.get(DRAINING):
        mirror.interrupted(session)  # the worker drains: the next owner runs it again
        return
    error = mirror.checkpoint(session)
    if error is not None:
        from kernel.context import get_run_context
        from kernel.runs import show_exception

        ctx = get_run_context()
        if ctx is not None:
            show_exception(ctx, error)


@hookimpl
def kernel_session_closed(session: AppSession, reason: str) -> None:
    """The session ends here: this worker lets go of it; its snapshot stays for another
    worker until ``[scaleout] session_ttl`` after its last write."""
    mirror = session.stash.get(MIRROR)
    if mirror is not None and not mirror.superseded:
        try:
            mirror.store.release(session.id)
        except Exception as exc:  # the store logs its outages; the snapshot stays, the lease lapses
            log.debug("session %s: could not release it in the session store: %s", session.id, exc)


def session_statistics(session: AppSession) -> ScaleoutStatistics | None:
    """What scale-out did for ``session`` (``None`` when it is off)."""
    mirror = session.stash.get(MIRROR)
    return mirror.stats if mirror is not None else None


@hookimpl
def kernel_warm_up(app: KernelApp) -> None:
    """With scale-out on: what a session's first checkpoint and a resumed session's claim load."""
    if _config(app) is None:
        return
    import kernel.contracts.scaleout  # noqa: F401
    import kernel_plugins.scaleout._mirror  # noqa: F401
