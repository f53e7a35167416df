"""The disk backend signs its values: hostile or damaged entries are misses, never code or errors (#17)."""

from __future__ import annotations

import logging
import os
import pickle
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kernel import st
from kernel._app import KernelApp, activate
from kernel.contracts.signed_values import ValueSigner, load_or_create_key

from .conftest import cache_app
from .tampering import CASES, Tamper, malicious_pickle

LOGGERS = ("kernel_plugins.caching._disk", "kernel_plugins.caching_api._entries")


def close_disk(app: KernelApp) -> None:
    """Close the app's cache files, as ``kernel_shutdown`` does."""
    from kernel_plugins.caching._backends import existing_backends

    backends = existing_backends(app)
    if backends is not None:
        backends.close()


@pytest.fixture
def disk_app(tmp_path: Path) -> Iterator[KernelApp]:
    app = cache_app(tmp_path, backend="disk")
    activate(app)
    yield app
    activate(None)
    close_disk(app)


def make_counted() -> tuple[Any, list[int]]:
    calls: list[int] = []

    @st.cache_data(show_spinner=False)
    def square(x: int) -> int:
        calls.append(x)
        return x * x

    return square, calls


def tamper_rows(folder: Path, tamper: Tamper, marker: Path) -> int:
    """Replace every stored value in the cache file of ``folder``; how many rows changed."""
    signer = ValueSigner(load_or_create_key(folder / "signing.key"))
    conn = sqlite3.connect(folder / "cache.sqlite3", isolation_level=None)
    try:
        rows = conn.execute("SELECT function_key, key, value FROM entries").fetchall()
        for fk, key, value in rows:
            conn.execute("UPDATE entries SET value = ? WHERE function_key = ? AND key = ?",
                         (tamper(value, signer, fk, key, marker), fk, key))  # fmt: skip
    finally:
        conn.close()
    return len(rows)


def test_the_malicious_pickle_does_run_when_unpickled_directly(tmp_path: Path) -> None:
    """The control for the cases below: this payload is what the issue's probe planted."""
    marker = tmp_path / "marker"
    pickle.loads(malicious_pickle(marker))
    assert marker.exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_tampered_disk_entry_is_a_miss_and_recomputes(disk_app: KernelApp, tmp_path: Path, case: str) -> None:
    square, calls = make_counted()
    assert square(3) == 9
    marker = tmp_path / "marker"
    assert tamper_rows(tmp_path / "cache", CASES[case], marker) == 1
    assert square(3) == 9, "a damaged entry must recompute, not raise"
    assert calls == [3, 3]
    assert not marker.exists(), "nothing the backend did not sign may be unpickled"
    assert square(3) == 9 and calls == [3, 3], "the recomputed value is stored again and hits"
    stats = square.storage.statistics()
    assert (stats.rejected, stats.hits, stats.misses) == (1, 1, 2)


def test_rejections_are_logged_once_not_per_call(
    disk_app: KernelApp, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    square, calls = make_counted()
    for x in range(5):
        square(x)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            tamper_rows(tmp_path / "cache", CASES["garbage bytes"], tmp_path / "marker")
            for x in range(5):
                square(x)
    assert len(calls) == 20
    logged = [r for r in caplog.records if r.name in LOGGERS]
    assert len(logged) == 1, [r.getMessage() for r in logged]
    assert "was unusable (not a signed value" in logged[0].getMessage()
    assert "square" in logged[0].getMessage()
    assert square.storage.statistics().rejected == 15


def test_entries_that_do_not_unpickle_are_logged_once(
    disk_app: KernelApp, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    square, calls = make_counted()
    square(1), square(2)
    tamper_rows(tmp_path / "cache", CASES["pickle of the wrong shape (signed)"], tmp_path / "marker")
    with caplog.at_level(logging.WARNING):
        assert (square(1), square(2)) == (1, 4)
    logged = [r.getMessage() for r in caplog.records if r.name in LOGGERS]
    assert len(logged) == 1 and "an entry of " in logged[0] and "not a (value, elements) pair" in logged[0]
    assert square.storage.statistics().rejected == 2


def test_changing_the_signing_key_turns_old_entries_into_misses(tmp_path: Path) -> None:
    calls: list[int] = []

    def square(x: int) -> int:
        calls.append(x)
        return x * x

    keys = ["a" * 40, "a" * 40, "b" * 40]
    for key in keys:  # each app stands for a restart with that key
        app = cache_app(tmp_path, backend="disk", signing_key=key)
        activate(app)
        try:
            cached = st.cache_data(square)
            assert cached(4) == 16
        finally:
            activate(None)
            close_disk(app)
    assert calls == [4, 4], "the same key hits; a new key makes the old entry a miss"
    assert not (tmp_path / "cache" / "signing.key").exists(), "a configured key makes no key file"


def test_a_short_signing_key_is_refused_without_showing_it(tmp_path: Path) -> None:
    from kernel._errors import ConfigError

    with pytest.raises(ConfigError, match="signing_key is too short") as info:
        cache_app(tmp_path, backend="disk", signing_key="hunter2hunter2")
    assert "hunter2" not in str(info.value)


def test_the_cache_folder_key_and_files_are_private(disk_app: KernelApp, tmp_path: Path) -> None:
    square, _ = make_counted()
    square(2)
    folder = tmp_path / "cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(p.name for p in folder.iterdir())
    assert "cache.sqlite3" in files and "signing.key" in files
    for name in files:  # the database, its WAL and shared-memory files, the key
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name


def test_the_default_folder_and_its_parent_are_created_private(tmp_path: Path) -> None:
    app = cache_app(tmp_path, backend="disk", disk_folder=str(tmp_path / "home" / ".kernel" / "cache"))
    activate(app)
    try:
        make_counted()[0](1)
    finally:
        activate(None)
        close_disk(app)
    for folder in (tmp_path / "home", tmp_path / "home" / ".kernel", tmp_path / "home" / ".kernel" / "cache"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_the_key_file_is_made_once_by_racing_processes(tmp_path: Path) -> None:
    child = ("import sys; from pathlib import Path; from kernel.contracts.signed_values import load_or_create_key; "
             "print(load_or_create_key(Path(sys.argv[1])).decode())")  # fmt: skip
    path = tmp_path / "keys" / "signing.key"
    procs = [subprocess.Popen([sys.executable, "-c", child, str(path)], stdout=subprocess.PIPE, text=True)
             for _ in range(4)]  # fmt: skip
    keys = {proc.communicate(timeout=60)[0].strip() for proc in procs}
    assert keys == {path.read_text().strip()} and len(keys.pop()) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["signing.key"], "no temporary file is left"


def overwrite_header(path: Path) -> None:
    with path.open("r+b") as f:
        f.write(b"this is not a database any more" * 4)


def test_an_overwritten_sqlite_header_is_moved_aside_and_recreated(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[int] = []

    def square(x: int) -> int:
        calls.append(x)
        return x * x

    folder = tmp_path / "cache"
    for round_ in range(2):  # the second app stands for a restart after the damage
        app = cache_app(tmp_path, backend="disk")
        activate(app)
        try:
            with caplog.at_level(logging.WARNING, logger="kernel_plugins.caching._disk"):
                assert st.cache_data(square)(5) == 25
                assert st.cache_data(square)(5) == 25
        finally:
            activate(None)
            close_disk(app)
        if round_ == 0:
            overwrite_header(folder / "cache.sqlite3")
    assert calls == [5, 5], "the damaged file's entry is gone, so the value is computed again, once"
    aside = [p.name for p in folder.iterdir() if ".corrupt-" in p.name]
    assert aside and all(name.startswith("cache.sqlite3.corrupt-") for name in aside)
    assert sqlite3.connect(folder / "cache.sqlite3").execute("SELECT count(*) FROM entries").fetchone() == (1,)
    assert stat.S_IMODE((folder / "cache.sqlite3").stat().st_mode) == 0o600
    moved = [r.getMessage() for r in caplog.records if "moved it aside" in r.getMessage()]
    assert len(moved) == 1 and "not a database" in moved[0]


def corruption_error(tmp_path: Path) -> sqlite3.DatabaseError:
    """The error SQLite raises for a file that is not a database."""
    bad = tmp_path / "not-a-database"
    bad.write_bytes(b"garbage" * 100)
    try:
        sqlite3.connect(bad).execute("SELECT * FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError as exc:
        return exc
    raise AssertionError("SQLite read garbage as a database")


def test_a_file_found_damaged_while_running_is_moved_aside_and_reopened(tmp_path: Path) -> None:
    """SQLite notices a damaged file mid-run only when it reads an uncached page: the handler is driven directly."""
    from kernel.contracts import CacheSettings
    from kernel_plugins.caching._disk import DiskDatabase, is_corrupt

    exc = corruption_error(tmp_path)
    assert is_corrupt(exc)
    db = DiskDatabase(tmp_path / "cache")
    storage = db.storage(CacheSettings("fk", "f"))
    storage.set("a", b"1")
    db.failed("read an entry", exc)
    assert [p.name for p in (tmp_path / "cache").iterdir() if ".corrupt-" in p.name]
    with pytest.raises(KeyError):
        storage.get("a")
    storage.set("b", b"2")
    assert storage.get("b") == b"2", "the storage works on the new file"
    db.close()


def test_a_file_another_process_replaced_already_is_reopened_not_moved(tmp_path: Path) -> None:
    from kernel.contracts import CacheSettings
    from kernel_plugins.caching._disk import DiskDatabase

    folder = tmp_path / "cache"
    db = DiskDatabase(folder)
    storage = db.storage(CacheSettings("fk", "f"))
    other = DiskDatabase(folder)  # another process's view of the same folder
    other.failed("read an entry", corruption_error(tmp_path))  # it moves the file aside and makes a new one
    other.storage(CacheSettings("fk", "f")).set("theirs", b"1")
    db.failed("read an entry", corruption_error(tmp_path))  # this one must not move the new file aside
    assert len([p for p in folder.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]) == 1
    assert storage.get("theirs") == b"1"
    db.close()
    other.close()


def test_kernel_cache_stats_counts_rejected_entries(tmp_path: Path) -> None:
    from kernel.contracts import CacheSettings
    from kernel_plugins.caching._disk import DiskDatabase

    folder = tmp_path / "cache"
    db = DiskDatabase(folder)
    storage = db.storage(CacheSettings("fk", "load_rows"))
    storage.set("k", b"12345")
    tamper_rows(folder, CASES["garbage bytes"], tmp_path / "marker")
    with pytest.raises(KeyError):
        storage.get("k")
    db.close()
    env = {**os.environ, "HOME": str(tmp_path),
           "PYTHONPATH": str(Path(__file__).resolve().parents[3]) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    base = [sys.executable, "-m", "kernel._cli", "cache", "stats", "--cache.backend=disk",
            f"--cache.disk_folder={folder}"]
    out = subprocess.run(base, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "disk cache: 0 entries, 0 B, 0 hits, 1 misses, 1 rejected" in out.stdout
    header = next(line for line in out.stdout.splitlines() if "function" in line).split()
    row = next(line for line in out.stdout.splitlines() if "load_rows" in line).split()
    assert header[-1] == "rejected" and row[1:] == ["0", "0", "B", "0", "1", "1"]
    as_json = subprocess.run([*base, "--json"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert '"rejected": 1' in as_json.stdout
