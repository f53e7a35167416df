"""The memory and disk backends pass the storage conformance suite, and their extras."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import attrs

from kernel._app import KernelApp
from kernel.contracts import CacheSettings, CacheStorage
from kernel.testing.cache_conformance import check_cache_storage
from kernel_plugins.caching._disk import DiskDatabase
from kernel_plugins.caching._memory import MemoryPool

from .conftest import cache_app


def test_memory_backend_conforms() -> None:
    pool = MemoryPool(None)
    check_cache_storage(lambda kind, settings: pool.storage(kind, settings), resources=True)


def test_disk_backend_conforms(tmp_path: Path) -> None:
    db = DiskDatabase(tmp_path)
    try:
        check_cache_storage(lambda kind, settings: db.storage(settings))
    finally:
        db.close()


def test_factory_hook_conforms_for_each_core_backend(tmp_path: Path) -> None:
    for backend in ("memory", "disk"):
        app = cache_app(tmp_path / backend, backend=backend)

        def make(kind: str, settings: CacheSettings, app: KernelApp = app, backend: str = backend) -> CacheStorage:
            storage: CacheStorage = app.make(
                "caching", cache_kind=kind, settings=attrs.evolve(settings, backend=backend)
            )
            return storage

        check_cache_storage(make, resources=backend == "memory")


def test_memory_pool_total_budget_evicts_least_recently_used_of_any_function() -> None:
    pool = MemoryPool(max_bytes=1000)
    one = pool.storage("data", CacheSettings("one", "one"))
    two = pool.storage("data", CacheSettings("two", "two"))
    one.set("a", b"1" * 400)
    two.set("b", b"2" * 400)
    one.get("a")  # "b" is now the least recently used
    two.set("c", b"3" * 400)
    assert pool.total_bytes == 800
    assert one.get("a") and two.get("c")
    assert two.statistics().entries == 1


def test_disk_cache_is_shared_by_processes(tmp_path: Path) -> None:
    child = textwrap.dedent(
        f"""
        from kernel.contracts import CacheSettings
        from kernel_plugins.caching._disk import DiskDatabase

        storage = DiskDatabase(__import__("pathlib").Path({str(tmp_path)!r})).storage(CacheSettings("fk", "f"))
        for i in range(200):
            storage.set(f"child-{{i}}", b"x" * i)
        """
    )
    db = DiskDatabase(tmp_path)
    storage = db.storage(CacheSettings("fk", "f"))
    proc = subprocess.Popen([sys.executable, "-c", child], env=_env())
    for i in range(200):
        storage.set(f"parent-{i}", b"y" * i)
    assert proc.wait(60) == 0
    assert storage.get("child-199") == b"x" * 199
    assert storage.statistics().entries == 400
    db.close()


def _env() -> dict[str, str]:
    import os

    root = str(Path(__file__).resolve().parents[3])
    return {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_cli_stats_and_clear(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    db = DiskDatabase(folder)
    storage = db.storage(CacheSettings("fk", "load_rows"))
    storage.set("k", b"12345")
    storage.get("k")
    db.close()
    base = [sys.executable, "-m", "kernel._cli"]
    opts = ["--cache.backend=disk", f"--cache.disk_folder={folder}"]
    env = {**_env(), "HOME": str(tmp_path)}
    stats = subprocess.run([*base, "cache", "stats", *opts], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert "disk cache: 1 entries" in stats.stdout and "load_rows" in stats.stdout
    row = next(line for line in stats.stdout.splitlines() if "load_rows" in line).split()
    assert row[1:] == ["1", "5", "B", "1", "0"]
    cleared = subprocess.run([*base, "cache", "clear", *opts], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert cleared.returncode == 0 and f"cleared the disk cache in {folder}" in cleared.stdout
    after = subprocess.run(
        [*base, "cache", "stats", "--json", *opts], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert '"entries": 0' in after.stdout
