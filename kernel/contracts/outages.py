"""One log line per outage of an external service, however many parts of a process use it.

A worker may reach one Redis server from several plugins at once (the session store,
the bus between workers, the ``st.cache_data`` backend). When that server goes away each
of them notices on its own, at every call, in several threads. :func:`service_health`
gives them one shared :class:`ServiceHealth` per service name, which logs a single
warning when the first of them fails (naming what each part does meanwhile) and a
single ``INFO`` line when one of them reaches the service again.
"""

from __future__ import annotations

import logging
import threading
import time

__all__ = ["ServiceHealth", "service_for_url", "service_health"]

log = logging.getLogger("kernel.outages")

_lock = threading.Lock()
_services: dict[str, ServiceHealth] = {}


class ServiceHealth:
    """Whether one external service answers, as the parts of this process that use it saw it."""

    def __init__(self, name: str) -> None:
        self.name = name
        """How the service is named in the log (a URL with any password masked)."""
        self._lock = threading.Lock()
        self._effects: dict[str, str] = {}
        self._down_since: float | None = None
        self.outages = 0
        """How many outages this process saw (each one logged once)."""

    def uses(self, part: str, effect: str) -> None:
        """Declare that ``part`` uses the service and what it does while the service is away."""
        with self._lock:
            self._effects[part] = effect

    @property
    def down(self) -> bool:
        """Whether the last outage has not ended yet (no part reached the service since)."""
        return self._down_since is not None

    def failed(self, part: str, action: str, exc: BaseException) -> bool:
        """``part`` failed to ``action``; log it if this starts an outage. ``True`` if it did."""
        with self._lock:
            if self._down_since is not None:
                return False
            self._down_since = time.monotonic()
            self.outages += 1
            effects = "; ".join(self._effects.values())
        log.warning("%s is unavailable (%s failed to %s: %s: %s)%s. Further failures are not logged until it "
                    "answers again.", self.name, part, action, type(exc).__name__, exc,
                    f"; meanwhile {effects}" if effects else "")
        return True

    def answered(self) -> None:
        """A part reached the service; ends the outage (logged at ``INFO``) if there was one."""
        if self._down_since is None:
            return
        with self._lock:
            since = self._down_since
            self._down_since = None
        if since is not None:
            log.info("%s answers again after %.1f s", self.name, time.monotonic() - since)


def service_health(name: str) -> ServiceHealth:
    """The process-wide :class:`ServiceHealth` of the service called ``name``."""
    with _lock:
        health = _services.get(name)
        if health is None:
            health = _services[name] = ServiceHealth(name)
        return health


def service_for_url(kind: str, url: str) -> ServiceHealth:
    """The :class:`ServiceHealth` of the ``kind`` server at ``url`` (its password masked in the name), so
    that every part of the process using that server shares one: ``service_for_url("Redis", url)``."""
    from kernel._config import mask_url_password

    return service_health(f"{kind} at {mask_url_password(url)}")
