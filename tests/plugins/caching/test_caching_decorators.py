"""st.cache_data / st.cache_resource semantics, called outside a script run (the activated app)."""

from __future__ import annotations

import datetime
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from kernel import st
from kernel._app import KernelApp, activate
from kernel_plugins.caching_api import CacheError, UnserializableReturnValueError
from kernel_plugins.caching_api._arguments import parse_size, parse_ttl

from .conftest import cache_app


def counting(kind: str = "data", **params: Any) -> tuple[Any, list[Any]]:
    calls: list[Any] = []
    decorator = st.cache_data if kind == "data" else st.cache_resource

    @decorator(**params)
    def compute(x: Any, y: Any = 0) -> list[Any]:
        calls.append((x, y))
        return [x, y]

    return compute, calls


def test_bare_decorator_and_decorator_with_arguments(app: KernelApp) -> None:
    @st.cache_data
    def bare(x: int) -> int:
        return x * 2

    @st.cache_data()
    def empty_parens(x: int) -> int:
        return x * 3

    direct = st.cache_data(lambda x: x * 4, ttl=60)
    assert (bare(2), empty_parens(2), direct(2)) == (4, 6, 8)
    assert bare.__name__ == "bare" and "cached data function" in repr(bare)


def test_cache_data_returns_a_fresh_copy(app: KernelApp) -> None:
    compute, calls = counting("data")
    first = compute(1)
    first.append("mutated")
    assert compute(1) == [1, 0] and compute(1) is not compute(1)
    assert calls == [(1, 0)]


def test_cache_resource_returns_the_same_object(app: KernelApp) -> None:
    compute, calls = counting("resource")
    first = compute(1)
    first.append("shared")
    assert compute(1) is first and first == [1, 0, "shared"]
    assert calls == [(1, 0)]


def test_hits_and_misses_depend_on_arguments_not_underscore_ones(app: KernelApp) -> None:
    calls: list[int] = []

    @st.cache_data
    def load(x: int, _conn: Any = None) -> int:
        calls.append(x)
        return x

    load(1, _conn=object())
    load(1, _conn=threading.Lock())
    load(2)
    assert calls == [1, 2]


def test_ttl_expiry(app: KernelApp) -> None:
    compute, calls = counting("data", ttl=0.3)
    compute(1)
    compute(1)
    time.sleep(0.5)
    compute(1)
    assert calls == [(1, 0), (1, 0)]


@pytest.mark.parametrize(
    ("ttl", "seconds"),
    [
        (None, None),
        (5, 5.0),
        (1.5, 1.5),
        (datetime.timedelta(minutes=2), 120.0),
        ("1h", 3600.0),
        ("1d", 86400.0),
        ("1h23s", 3623.0),
        ("90 seconds", 90.0),
        ("500ms", 0.5),
        ("1000000000", 1.0),
        (float("inf"), None),
        ("infinite", None),
    ],
)
def test_ttl_spellings(ttl: Any, seconds: float | None) -> None:
    assert parse_ttl(ttl) == seconds


@pytest.mark.parametrize("ttl", ["soon", "1 fortnight", -1, [1], True])
def test_bad_ttl_is_an_error(ttl: Any) -> None:
    with pytest.raises(CacheError, match="ttl"):
        parse_ttl(ttl)


def test_max_size_spellings() -> None:
    assert parse_size("500MB") == 500 * 1024**2
    assert parse_size("1.5GiB") == int(1.5 * 1024**3)
    assert parse_size("10k") == 10240
    assert parse_size(4096) == 4096
    with pytest.raises(CacheError, match="max_size"):
        parse_size("lots")


def test_max_entries_evicts_least_recently_used(app: KernelApp) -> None:
    compute, calls = counting("data", max_entries=2)
    compute(1)
    compute(2)
    compute(1)  # 1 is now more recent than 2
    compute(3)  # evicts 2
    compute(1)
    compute(2)
    assert [x for x, _ in calls] == [1, 2, 3, 2]


def test_max_size_evicts_over_the_byte_budget(app: KernelApp) -> None:
    calls: list[int] = []

    @st.cache_data(max_size="2KiB")
    def blob(n: int) -> bytes:
        calls.append(n)
        return bytes(900)

    for n in (1, 2, 3, 1):
        blob(n)
    assert calls == [1, 2, 3, 1]
    assert blob.storage.statistics().size_bytes <= 2048


def test_validate_discards_invalid_resources(app: KernelApp) -> None:
    made: list[dict[str, bool]] = []

    @st.cache_resource(validate=lambda conn: conn["open"])
    def connect() -> dict[str, bool]:
        conn = {"open": True}
        made.append(conn)
        return conn

    first = connect()
    assert connect() is first
    first["open"] = False
    second = connect()
    assert second is not first and len(made) == 2


def test_on_release_on_eviction_and_clear(app: KernelApp) -> None:
    released: list[str] = []

    @st.cache_resource(max_entries=1, on_release=released.append)
    def resource(name: str) -> str:
        return f"res-{name}"

    resource("a")
    resource("b")
    assert released == ["res-a"]
    resource.clear()
    assert released == ["res-a", "res-b"]


def test_clear_one_function_one_entry_and_everything(app: KernelApp) -> None:
    compute, calls = counting("data")
    other, other_calls = counting("resource")
    compute(1)
    compute(2)
    compute.clear(1)
    compute(1)
    compute(2)
    assert [x for x, _ in calls] == [1, 2, 1]
    compute.clear()
    compute(2)
    other(1)
    st.cache_data.clear()
    compute(2)
    other(1)
    assert [x for x, _ in calls] == [1, 2, 1, 2, 2] and len(other_calls) == 1
    st.cache_resource.clear()
    other(1)
    assert len(other_calls) == 2


def test_unpicklable_return_value_is_a_clear_error(app: KernelApp) -> None:
    @st.cache_data
    def make_lock() -> Any:
        return threading.Lock()

    with pytest.raises(UnserializableReturnValueError, match="st.cache_resource"):
        make_lock()


def test_editing_the_source_invalidates_the_cache(app: KernelApp) -> None:
    ns1: dict[str, Any] = {"st": st}
    ns2: dict[str, Any] = {"st": st}
    code = "@st.cache_data\ndef value():\n    return {}\n"
    exec(code.replace("{}", "1"), ns1)
    exec(code.replace("{}", "2"), ns2)
    assert ns1["value"]() == 1 and ns2["value"]() == 2


def test_same_function_redecorated_shares_its_cache(app: KernelApp) -> None:
    calls: list[int] = []

    def compute(x: int) -> int:
        calls.append(x)
        return x

    st.cache_data(compute)(1)
    st.cache_data(compute)(1)
    assert calls == [1]


def test_exceptions_are_not_cached(app: KernelApp) -> None:
    attempts: list[int] = []

    @st.cache_data
    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("first call fails")
        return "ok"

    with pytest.raises(RuntimeError):
        flaky()
    assert flaky() == "ok" and flaky() == "ok" and len(attempts) == 2


async def test_async_functions_return_awaitables(app: KernelApp) -> None:
    calls: list[int] = []

    @st.cache_data
    async def fetch(x: int) -> list[int]:
        calls.append(x)
        return [x]

    assert await fetch(1) == [1]
    assert await fetch(1) == [1]
    assert calls == [1]


def test_methods_can_be_cached(app: KernelApp) -> None:
    class Repo:
        @st.cache_data
        def rows(_self, n: int) -> list[int]:
            return list(range(n))

    repo = Repo()
    assert repo.rows(3) == [0, 1, 2] and repo.rows(3) == [0, 1, 2]
    assert Repo.rows.storage.statistics().hits == 1
    repo.rows.clear(3)
    assert Repo.rows.storage.statistics().entries == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"persist": "cloud"}, "unsupported persist option 'cloud'"),
        ({"scope": "user"}, "scope must be 'global' or 'session'"),
        ({"refresh_mode": "background"}, "not supported"),
        ({"max_entries": 0}, "max_entries must be at least 1"),
        ({"max_entries": "3"}, "max_entries must be a positive int"),
        ({"show_spinner": 3}, "show_spinner"),
        ({"hash_funcs": [int]}, "hash_funcs must map"),
    ],
)
def test_bad_decorator_arguments(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(CacheError, match=message):
        st.cache_data(**kwargs)


def test_resource_decorator_checks_callables() -> None:
    with pytest.raises(CacheError, match="validate must be a function"):
        st.cache_resource(validate=True)
    with pytest.raises(CacheError, match="on_release must be a function"):
        st.cache_resource(on_release="x")


def test_session_scope_needs_a_session(app: KernelApp) -> None:
    compute, _ = counting("data", scope="session")
    with pytest.raises(CacheError, match="scope='session'"):
        compute(1)


def test_persist_disk_survives_a_new_app(tmp_path: Path) -> None:
    calls: list[int] = []

    def square(x: int) -> int:
        calls.append(x)
        return x * x

    for _ in range(2):  # a second app stands for a restarted process
        app = cache_app(tmp_path)
        activate(app)
        try:
            assert st.cache_data(persist="disk")(square)(4) == 16
        finally:
            activate(None)
    assert calls == [4]
    assert (tmp_path / "cache" / "cache.sqlite3").is_file()


def test_disk_backend_from_config(tmp_path: Path) -> None:
    app = cache_app(tmp_path, backend="disk")
    activate(app)
    try:
        compute, calls = counting("data")
        compute(1)
        compute(1)
        assert calls == [(1, 0)]
        assert type(compute.storage).__name__ == "DiskCacheStorage"
        res, _ = counting("resource")
        res(1)
        assert type(res.storage).__name__ == "MemoryCacheStorage", "resources stay in memory"
    finally:
        activate(None)


def test_unknown_backend_is_a_helpful_error(tmp_path: Path) -> None:
    app = cache_app(tmp_path, backend="memcached")
    activate(app)
    try:
        compute, _ = counting("data")
        with pytest.raises(CacheError, match="backend = 'memcached', but no loaded plugin provides that cache "
                                             "backend. Built-in backends: memory, disk"):
            compute(1)
    finally:
        activate(None)


def test_calling_with_an_unhashable_argument_explains_the_fix(app: KernelApp) -> None:
    @st.cache_data
    def query(conn: Any, sql: str) -> int:
        return 1

    from kernel_plugins.caching_api import UnhashableParamError

    with pytest.raises(UnhashableParamError, match=r"Cannot hash argument 'conn' .* in 'test_calling.*\.query'"):
        query(threading.Lock(), "select 1")


def test_clear_outside_a_run_skips_apps_whose_caching_is_blocked(tmp_path: Path, app: KernelApp) -> None:
    from kernel._app import AppOptions, build_app
    from kernel_plugins.caching_api._registry import registry_of

    blocked = build_app(AppOptions(cwd=tmp_path, home=tmp_path, environ={}, plugin_args=("no:caching",)))
    registry_of(blocked)  # an app of the process whose caching component is blocked, not yet collected
    compute, calls = counting("data")
    compute(1)
    st.cache_data.clear()  # reaches every app; the blocked one has nothing to clear
    compute(1)
    assert [x for x, _ in calls] == [1, 1]
