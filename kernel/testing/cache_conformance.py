"""Conformance checks for cache backends: one suite every ``CacheStorage`` must pass.

A backend's tests call :func:`check_cache_storage` with a function that makes a storage
the way ``kernel_make_cache_storage`` would::

    def test_my_backend_conforms(app):
        check_cache_storage(lambda kind, settings: my_backend.storage(settings))

Every check uses fresh random function keys, so a shared server or file may hold other
entries. The checks sleep for TTL expiry (about a second in all).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from kernel.contracts import ALL_FUNCTIONS, CacheSettings, CacheStorage

__all__ = ["CHECKS", "MakeStorage", "check_cache_storage"]

MakeStorage = Callable[[str, CacheSettings], CacheStorage]
"""``make_storage(cache_kind, settings)``: a storage for that kind and settings."""


def _settings(**kwargs: Any) -> CacheSettings:
    name = kwargs.pop("function_name", "conformance_" + uuid.uuid4().hex[:8])
    return CacheSettings(function_key=uuid.uuid4().hex, function_name=name, **kwargs)


def _missing(storage: CacheStorage, key: str) -> bool:
    try:
        storage.get(key)
    except KeyError:
        return True
    return False


def check_protocol(make: MakeStorage) -> None:
    """The storage satisfies the ``CacheStorage`` Protocol."""
    storage = make("data", _settings())
    assert isinstance(storage, CacheStorage), f"{type(storage).__name__} lacks CacheStorage methods"


def check_roundtrip(make: MakeStorage) -> None:
    """``get`` raises ``KeyError`` for a missing key and returns exactly what ``set`` stored."""
    storage = make("data", _settings())
    assert _missing(storage, "k"), "get of a missing key must raise KeyError"
    storage.set("k", b"value")
    assert storage.get("k") == b"value"
    storage.set("k", b"other")
    assert storage.get("k") == b"other", "set must overwrite"
    big = bytes(range(256)) * 4096
    storage.set("big", big)
    assert storage.get("big") == big, "a 1 MiB value must round-trip"


def check_delete_and_clear(make: MakeStorage) -> None:
    """``delete`` drops one key (missing keys are fine); ``clear`` drops every key of the function only."""
    storage, other = make("data", _settings()), make("data", _settings())
    storage.delete("never-set")
    for key in ("a", "b"):
        storage.set(key, key.encode())
    other.set("a", b"kept")
    storage.delete("a")
    assert _missing(storage, "a") and storage.get("b") == b"b"
    storage.clear()
    assert _missing(storage, "b"), "clear must drop every entry"
    assert other.get("a") == b"kept", "clear must not touch another function's entries"


def check_isolation_and_sharing(make: MakeStorage) -> None:
    """Different function keys never mix; storages made for the same key share entries."""
    settings = _settings()
    first, again, other = make("data", settings), make("data", settings), make("data", _settings())
    first.set("k", b"1")
    assert again.get("k") == b"1", "storages for the same function key must share entries"
    assert _missing(other, "k"), "entries of one function must not leak into another"


def check_ttl(make: MakeStorage) -> None:
    """Entries older than ``ttl_seconds`` are gone; younger ones stay."""
    storage = make("data", _settings(ttl_seconds=0.4))
    storage.set("k", b"v")
    assert storage.get("k") == b"v", "an entry younger than its TTL must be found"
    time.sleep(0.7)
    assert _missing(storage, "k"), "an entry older than its TTL must be gone"


def check_max_entries_lru(make: MakeStorage) -> None:
    """Beyond ``max_entries`` the least recently *used* entry is evicted."""
    storage = make("data", _settings(max_entries=2))
    storage.set("a", b"a")
    time.sleep(0.01)
    storage.set("b", b"b")
    time.sleep(0.01)
    assert storage.get("a") == b"a"
    time.sleep(0.01)
    storage.set("c", b"c")
    assert _missing(storage, "b"), "the least recently used entry must be evicted"
    assert storage.get("a") == b"a" and storage.get("c") == b"c"


def check_max_size(make: MakeStorage) -> None:
    """Beyond ``max_size_bytes`` least recently used entries are evicted; the newest stays."""
    storage = make("data", _settings(max_size_bytes=250))
    for key in ("a", "b", "c"):
        storage.set(key, key.encode() * 100)
        time.sleep(0.01)
    assert _missing(storage, "a"), "the oldest entry must be evicted over the byte budget"
    assert storage.get("c") == b"c" * 100
    storage.set("huge", b"h" * 1000)
    assert storage.get("huge") == b"h" * 1000, "a value over the budget is kept alone"


def check_statistics(make: MakeStorage) -> None:
    """``statistics`` counts entries, bytes of values, hits and misses of ``get``."""
    storage = make("data", _settings())
    storage.set("a", b"x" * 10)
    storage.set("b", b"y" * 20)
    storage.get("a")
    storage.get("b")
    _missing(storage, "zzz")
    stats = storage.statistics()
    assert (stats.entries, stats.size_bytes) == (2, 30), f"expected 2 entries of 30 bytes, got {stats}"
    assert (stats.hits, stats.misses) == (2, 1), f"expected 2 hits and 1 miss, got {stats}"


def check_backend_wide(make: MakeStorage) -> None:
    """The ``ALL_FUNCTIONS`` storage lists every function with its name, and clears them all."""
    one, two = _settings(function_name="conformance_one"), _settings(function_name="conformance_two")
    make("data", one).set("k", b"12345")
    make("data", two).set("k", b"1")
    wide = make("data", CacheSettings(ALL_FUNCTIONS, ALL_FUNCTIONS))
    listed = {s.function_key: s for s in wide.statistics().functions}
    assert one.function_key in listed and two.function_key in listed, "backend-wide statistics must list functions"
    assert listed[one.function_key].function_name == "conformance_one"
    assert (listed[one.function_key].entries, listed[one.function_key].size_bytes) == (1, 5)
    wide.clear()
    assert _missing(make("data", one), "k") and _missing(make("data", two), "k"), "backend-wide clear must empty all"


def check_threads(make: MakeStorage) -> None:
    """Eight threads setting and getting at once see only their own, complete values."""
    storage = make("data", _settings())
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(50):
                key, value = f"{n}-{i}", f"{n}:{i}".encode() * 10
                storage.set(key, value)
                assert storage.get(key) == value
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, f"concurrent use failed: {errors[0]!r}"
    assert storage.statistics().entries == 400


def check_resources(make: MakeStorage) -> None:
    """A resource storage returns the very object stored and hands dropped values to ``on_evict``."""
    released: list[Any] = []
    storage = make("resource", _settings(max_entries=2, on_evict=released.append))
    objects = [object() for _ in range(4)]
    storage.set("a", objects[0])
    assert storage.get("a") is objects[0], "a resource storage must return the same object"
    storage.set("b", objects[1])
    storage.set("c", objects[2])
    assert objects[0] in released or objects[1] in released, "an evicted resource must be released"
    storage.delete("c")
    assert objects[2] in released, "a deleted resource must be released"
    storage.set("d", objects[3])
    storage.clear()
    assert objects[3] in released, "clear must release every resource"


def check_reject(make: MakeStorage) -> None:
    """The optional ``reject(key, reason)`` drops the entry and turns its hit into a rejected miss."""
    storage = make("data", _settings())
    reject = getattr(storage, "reject", None)
    if not callable(reject):
        return
    storage.set("k", b"value")
    storage.set("kept", b"other")
    assert storage.get("k") == b"value"
    reject("k", "EntryShapeError: the entry is a int, not a (value, elements) pair")
    stats = storage.statistics()
    assert (stats.hits, stats.misses, stats.rejected) == (0, 1, 1), (
        f"expected the rejected get to count as a miss (0 hits, 1 miss, 1 rejected), got {stats}"
    )
    assert _missing(storage, "k"), "a rejected entry must be gone"
    assert storage.get("kept") == b"other", "reject drops one entry only"


CHECKS: tuple[Callable[[MakeStorage], None], ...] = (
    check_protocol,
    check_roundtrip,
    check_delete_and_clear,
    check_isolation_and_sharing,
    check_ttl,
    check_max_entries_lru,
    check_max_size,
    check_statistics,
    check_backend_wide,
    check_threads,
    check_reject,
)
"""The checks every data storage must pass, in order."""


def check_cache_storage(make_storage: MakeStorage, *, resources: bool = False) -> None:
    """Run every check against a backend; ``resources=True`` also checks live-object storage.

    Raises ``AssertionError`` naming the failing check.
    """
    checks = CHECKS + ((check_resources,) if resources else ())
    for check in checks:
        try:
            check(make_storage)
        except AssertionError as exc:
            raise AssertionError(f"{check.__name__}: {check.__doc__}\n{exc}") from exc
