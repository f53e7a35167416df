"""The caches of the workers of one app, over the scale-out bus (``kernel.contracts.scaleout.MessageBus``).

With ``kernel run --workers N`` (scale-out on) each worker has caches of its own: every
``st.cache_resource`` object, and ``st.cache_data`` entries too when the backend is not
shared (``memory``). So that a clear means the same as with one process:

* a clear on one worker (``st.cache_data.clear()``, ``f.clear()``, ``f.clear(args)``,
  the page menu's *Clear caches*, ``kernel cache clear``) is published on the bus
  channel :data:`CHANNEL`, and every other worker clears the same thing in its own
  memory. Storages of shared backends (Redis, disk) are not cleared again: the worker
  that cleared did it for everyone, and a second clear could drop a value just stored;
* ``kernel cache stats`` asks every worker for the counters of its own caches and prints
  them per worker.

Messages are small JSON objects; one that does not parse or has the wrong shape is
ignored (the bus is shared with other workers, not with the public). Without a bus
(scale-out off) nothing is published and nothing listens.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kernel import KernelApp, StashKey

if TYPE_CHECKING:
    from kernel.contracts.scaleout import MessageBus

__all__ = ["CHANNEL", "ask_statistics", "bus_of", "listen", "publish_clear", "worker_statistics"]

log = logging.getLogger(__name__)

CHANNEL = "cache"
"""The bus channel of cache clears and statistics requests."""
MAX_MESSAGE = 64 * 1024
"""Longer messages are ignored."""

_UNSUBSCRIBE: StashKey[Callable[[], None]] = StashKey("caching_api fleet subscription")
_ORIGIN: StashKey[str] = StashKey("caching_api fleet origin")


def _origin(app: KernelApp) -> str:
    """Tells this worker's own messages from other workers' (a worker does not clear twice)."""
    return app.stash.get_or_create(_ORIGIN, lambda: secrets.token_hex(8))


def bus_of(app: KernelApp) -> MessageBus | None:
    """The app's bus between workers, or ``None`` (scale-out off, or its bus failed)."""
    try:
        bus: MessageBus | None = app.hook.kernel_make_message_bus(app=app)
    except Exception as exc:  # noqa: BLE001 - a broken bus must not break caching
        log.debug("no bus between workers for the caches: %s", exc)
        return None
    return bus


def _publish(app: KernelApp, channel: str, message: dict[str, Any]) -> bool:
    bus = bus_of(app)
    if bus is None:
        return False
    try:
        bus.publish(channel, json.dumps({**message, "from": _origin(app)}).encode())
    except Exception as exc:  # noqa: BLE001 - the bus's server is away: this worker's clear stands
        log.debug("could not publish a cache message to the other workers: %s", exc)
        return False
    return True


def publish_clear(app: KernelApp, kind: str, function_key: str | None = None, key: str | None = None) -> bool:
    """Ask the other workers to clear ``kind`` (every function, one function, or one of its keys)."""
    return _publish(app, CHANNEL, {"op": "clear", "kind": kind, "function": function_key, "key": key})


def _worker_name(app: KernelApp) -> str:
    try:
        store = app.hook.kernel_make_session_store(app=app)
    except Exception:  # noqa: BLE001 - only a label
        store = None
    worker = getattr(store, "worker", None)
    return str(worker) if worker else f"{socket.gethostname()}:{os.getpid()}"


def worker_statistics(app: KernelApp) -> dict[str, Any]:
    """This worker's own caches: ``cache_resource`` functions and ``cache_data`` ones in unshared storage."""
    from kernel_plugins.caching_api._registry import existing_registry

    functions: dict[tuple[str, str], dict[str, Any]] = {}
    registry = existing_registry(app)
    for kind, settings, storage in registry.local_storages() if registry is not None else []:
        stats = storage.statistics()
        row = functions.setdefault((kind, settings.function_name), {
            "kind": kind, "function": settings.function_name, "entries": 0, "size_bytes": 0, "hits": 0,
            "misses": 0})
        for field in ("entries", "size_bytes", "hits", "misses"):
            row[field] += int(getattr(stats, field))
    return {"worker": _worker_name(app), "pid": os.getpid(),
            "functions": sorted(functions.values(), key=lambda r: (r["kind"], r["function"]))}


def _on_message(app: KernelApp, raw: bytes) -> None:
    if len(raw) > MAX_MESSAGE:
        return
    try:
        message = json.loads(raw)
    except ValueError:
        return
    if not isinstance(message, dict) or message.get("from") == _origin(app):
        return
    op = message.get("op")
    if op == "clear":
        _on_clear(app, message)
    elif op == "stats" and isinstance(message.get("reply"), str) and message["reply"].startswith(CHANNEL + ":"):
        _publish(app, message["reply"], {"op": "statistics", "statistics": worker_statistics(app)})


def _on_clear(app: KernelApp, message: dict[str, Any]) -> None:
    from kernel_plugins.caching_api._registry import existing_registry

    kind, function, key = message.get("kind"), message.get("function"), message.get("key")
    if kind not in ("data", "resource") or not isinstance(function, str | None) or not isinstance(key, str | None):
        return
    registry = existing_registry(app)
    if registry is None:
        return  # nothing cached here yet
    try:
        registry.clear_local(kind, function, key)
    except Exception:
        log.exception("clearing the caches another worker cleared failed")


def listen(app: KernelApp) -> None:
    """Subscribe this worker to :data:`CHANNEL` (at start-up; nothing without a bus)."""
    bus = bus_of(app)
    if bus is None:
        return
    try:
        app.stash[_UNSUBSCRIBE] = bus.subscribe(CHANNEL, lambda raw: _on_message(app, raw))
    except Exception as exc:  # noqa: BLE001 - the worker serves without fleet-wide clears
        log.warning("caches: could not listen for other workers' clears (%s); a clear reaches this worker only "
                    "when made here", exc)


def stop_listening(app: KernelApp) -> None:
    """Unsubscribe (at shutdown)."""
    unsubscribe = app.stash.get(_UNSUBSCRIBE)
    if unsubscribe is not None:
        del app.stash[_UNSUBSCRIBE]
        unsubscribe()


def ask_statistics(app: KernelApp, wait: float) -> list[dict[str, Any]] | None:
    """Every worker's :func:`worker_statistics`, collected for ``wait`` seconds; ``None`` without a bus."""
    bus = bus_of(app)
    if bus is None:
        return None
    reply = f"{CHANNEL}:stats:{secrets.token_hex(8)}"
    answers: list[dict[str, Any]] = []
    lock = threading.Lock()

    def collect(raw: bytes) -> None:
        try:
            message = json.loads(raw) if len(raw) <= MAX_MESSAGE else None
        except ValueError:
            return
        stats = message.get("statistics") if isinstance(message, dict) else None
        if isinstance(stats, dict) and isinstance(stats.get("functions"), list):
            with lock:
                answers.append(stats)

    unsubscribe = bus.subscribe(reply, collect)
    try:
        if not _publish(app, CHANNEL, {"op": "stats", "reply": reply}):
            return None
        time.sleep(wait)
    finally:
        unsubscribe()
    with lock:
        return sorted(answers, key=lambda a: str(a.get("worker")))
