"""The Redis message bus: pub/sub with one connection and one listener thread per worker.

Never one subscription per session (each worker subscribes to a handful of channels), so
the number of Redis connections does not grow with the number of sessions. Delivery is
at most once: the truth lives in the session hashes, a lost message only costs a wait.
:meth:`RedisBus.subscribe` returns once Redis confirmed the subscription (or after
:data:`SUBSCRIBE_WAIT`, or at once while Redis is away), so a message published after it
returned reaches the callback.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import redis

from kernel.contracts.outages import ServiceHealth, service_health

__all__ = ["POLL_SECONDS", "SUBSCRIBE_WAIT", "RedisBus"]

log = logging.getLogger("kernel.scaleout.redis")

POLL_SECONDS = 0.05
"""How long the listener waits for a message before it looks for new (un)subscriptions."""
SUBSCRIBE_WAIT = 5.0
"""The longest :meth:`RedisBus.subscribe` waits for Redis to confirm the subscription."""


class RedisBus:
    """A :class:`kernel.contracts.scaleout.MessageBus` on Redis pub/sub; callbacks run in
    the listener thread."""

    def __init__(self, client: redis.Redis, channel_prefix: str, health: ServiceHealth | None = None) -> None:
        self._client = client
        self._health = health if health is not None else service_health(f"Redis of the scale-out bus {channel_prefix}")
        self._health.uses("the scale-out bus", "messages between workers are lost (handoffs wait for the lease, "
                          "clears and media requests do not reach the other workers)")
        self._prefix = channel_prefix
        self._lock = threading.Lock()
        self._confirmed = threading.Condition(self._lock)
        """Notified when the listener's subscriptions change or Redis fails."""
        self._callbacks: dict[str, list[Callable[[bytes], None]]] = {}
        self._active: set[str] = set()
        """Channels Redis confirmed this bus's subscription to."""
        self._down = False
        """Redis failed and has not answered since: subscribe does not wait."""
        self._changed = True
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def publish(self, channel: str, message: bytes) -> None:
        self._client.publish(self._prefix + channel, message)

    def subscribe(self, channel: str, callback: Callable[[bytes], None]) -> Callable[[], None]:
        with self._lock:
            self._callbacks.setdefault(channel, []).append(callback)
            self._changed = True
            if self._thread is None:
                self._thread = threading.Thread(target=self._listen, name="scaleout bus", daemon=True)
                self._thread.start()
            if self._thread is not threading.current_thread():
                # Subscribing is the listener's job (a PubSub is not thread-safe); without this
                # wait a message published right after subscribe returned could be lost.
                self._confirmed.wait_for(lambda: channel in self._active or self._down or self._stop.is_set(),
                                         SUBSCRIBE_WAIT)

        def unsubscribe() -> None:
            with self._lock:
                callbacks = self._callbacks.get(channel, [])
                if callback in callbacks:
                    callbacks.remove(callback)
                if not callbacks:
                    self._callbacks.pop(channel, None)
                self._changed = True

        return unsubscribe

    def _listen(self) -> None:
        pubsub = None
        subscribed: set[str] = set()
        failed = False
        while not self._stop.is_set():
            try:
                if pubsub is None:
                    pubsub = self._client.pubsub()
                    subscribed = set()
                with self._lock:
                    wanted = set(self._callbacks) if self._changed else subscribed
                    self._changed = False
                if wanted != subscribed:
                    if wanted - subscribed:
                        pubsub.subscribe(*(self._prefix + c for c in wanted - subscribed))
                    if subscribed - wanted:
                        with self._lock:
                            self._active -= subscribed - wanted
                        pubsub.unsubscribe(*(self._prefix + c for c in subscribed - wanted))  # type: ignore[no-untyped-call]
                    subscribed = wanted
                if not subscribed:
                    self._stop.wait(0.1)
                    continue
                message = pubsub.get_message(timeout=POLL_SECONDS)
                if failed:
                    failed = False
                    with self._lock:
                        self._down = False
                    self._health.answered()
            except redis.RedisError as exc:
                if not failed:
                    self._health.failed("the scale-out bus (retried every second)", "listen", exc)
                    failed = True
                with self._confirmed:
                    self._down = True
                    self._active.clear()
                    self._confirmed.notify_all()
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:  # noqa: BLE001 - the connection is already broken
                        pass
                    pubsub = None
                self._stop.wait(1.0)
                continue
            if message is None:
                continue
            channel = message["channel"]
            name = (channel.decode() if isinstance(channel, bytes) else str(channel))[len(self._prefix):]
            if message.get("type") in ("subscribe", "unsubscribe"):
                with self._confirmed:
                    if message["type"] == "subscribe":
                        self._active.add(name)
                    else:
                        self._active.discard(name)
                    self._confirmed.notify_all()
                continue
            if message.get("type") != "message":
                continue
            with self._lock:
                callbacks = list(self._callbacks.get(name, ()))
            for callback in callbacks:
                try:
                    callback(message["data"])
                except Exception:
                    log.exception("scale-out bus: a subscriber of %r failed", name)
        if pubsub is not None:
            try:
                pubsub.close()
            except Exception:  # noqa: BLE001 - closing at shutdown, nothing to do about it
                pass

    def close(self) -> None:
        with self._confirmed:
            self._stop.set()
            self._confirmed.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(2)
