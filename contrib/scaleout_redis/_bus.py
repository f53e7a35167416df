"""The Redis message bus: pub/sub with one connection and one listener thread per worker.

Never one subscription per session (each worker subscribes to a handful of channels), so
the number of Redis connections does not grow with the number of sessions. Delivery is
at most once: the truth lives in the session hashes, a lost message only costs a wait.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import redis

__all__ = ["RedisBus"]

log = logging.getLogger("kernel.scaleout.redis")


class RedisBus:
    """A :class:`kernel.contracts.scaleout.MessageBus` on Redis pub/sub; callbacks run in
    the listener thread."""

    def __init__(self, client: redis.Redis, channel_prefix: str) -> None:
        self._client = client
        self._prefix = channel_prefix
        self._lock = threading.Lock()
        self._callbacks: dict[str, list[Callable[[bytes], None]]] = {}
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
                    pubsub = self._client.pubsub(ignore_subscribe_messages=True)
                    subscribed = set()
                with self._lock:
                    wanted = set(self._callbacks) if self._changed else subscribed
                    self._changed = False
                if wanted != subscribed:
                    if wanted - subscribed:
                        pubsub.subscribe(*(self._prefix + c for c in wanted - subscribed))
                    if subscribed - wanted:
                        pubsub.unsubscribe(*(self._prefix + c for c in subscribed - wanted))  # type: ignore[no-untyped-call]
                    subscribed = wanted
                if not subscribed:
                    self._stop.wait(0.1)
                    continue
                message = pubsub.get_message(timeout=0.2)
                if failed:
                    failed = False
                    log.warning("scale-out bus: Redis answers again")
            except redis.RedisError as exc:
                if not failed:
                    log.warning("scale-out bus: Redis failed (%s: %s); messages between workers are lost "
                                "until it answers again (retried every second)", type(exc).__name__, exc)
                    failed = True
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:  # noqa: BLE001 - the connection is already broken
                        pass
                    pubsub = None
                self._stop.wait(1.0)
                continue
            if message is None or message.get("type") != "message":
                continue
            channel = message["channel"]
            name = (channel.decode() if isinstance(channel, bytes) else str(channel))[len(self._prefix):]
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
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(2)
