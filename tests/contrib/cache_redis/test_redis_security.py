"""The Redis backend signs its values, and reaches servers that need a password, an ACL user or TLS (#17)."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from kernel import st
from kernel._app import AppOptions, KernelApp, activate, build_app
from kernel.contracts.signed_values import ValueSigner
from tests.plugins.caching.tampering import CASES

from .conftest import REDIS_SERVER, RedisServer

ROOT = Path(__file__).resolve().parents[3]
KEY = "redis-test-signing-key-0123456789abcdef"
PASSWORD = "pa55-w0rd-not-for-logs"


def redis_app(tmp_path: Path, url: str, **config: str) -> KernelApp:
    options = {"cache.backend": "redis", "cache.redis_url": url, "cache.redis_timeout": "2",
               **{f"cache.{k}": v for k, v in config.items()}}  # fmt: skip
    return build_app(AppOptions(cwd=tmp_path, home=tmp_path, environ={}, plugin_args=("kernel_contrib.cache_redis",),
                                config_options=options))  # fmt: skip


def make_counted() -> tuple[Any, list[int]]:
    calls: list[int] = []

    @st.cache_data(show_spinner=False)
    def square(x: int) -> int:
        calls.append(x)
        return x * x

    return square, calls


def value_keys(client: redis.Redis) -> list[bytes]:
    return sorted(client.scan_iter(match="kernel-cache:v:*"))


@pytest.fixture
def app(tmp_path: Path, redis_server: RedisServer) -> Iterator[KernelApp]:
    app = redis_app(tmp_path, redis_server.url, signing_key=KEY)
    activate(app)
    yield app
    activate(None)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_tampered_redis_entry_is_a_miss_and_recomputes(
    app: KernelApp, redis_server: RedisServer, tmp_path: Path, case: str
) -> None:
    square, calls = make_counted()
    assert square(3) == 9
    client = redis.Redis.from_url(redis_server.url)
    [name] = value_keys(client)
    fk, _, key = name.decode().removeprefix("kernel-cache:v:").partition(":")
    marker = tmp_path / "marker"
    client.set(name, CASES[case](client.get(name) or b"", ValueSigner(KEY.encode()), fk, key, marker))
    assert square(3) == 9, "a damaged entry must recompute, not raise"
    assert calls == [3, 3]
    assert not marker.exists(), "nothing the backend did not sign may be unpickled"
    assert square(3) == 9 and calls == [3, 3], "the recomputed value is stored again and hits"
    stats = square.storage.statistics()
    assert (stats.rejected, stats.hits, stats.misses) == (1, 1, 2)
    client.close()


def test_rejections_are_logged_once(
    app: KernelApp, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    square, calls = make_counted()
    client = redis.Redis.from_url(redis_server.url)
    for round_ in range(3):
        for x in range(4):
            square(x)
        for name in value_keys(client):
            client.set(name, b"\x80\x05garbage of round %d" % round_)
        with caplog.at_level(logging.WARNING, logger="kernel_contrib.cache_redis._redis"):
            for x in range(4):
                square(x)
    logged = [r.getMessage() for r in caplog.records if r.name == "kernel_contrib.cache_redis._redis"]
    assert len(logged) == 1 and "was unusable (not a signed value" in logged[0], logged
    assert len(calls) == 4 + 3 * 4
    assert square.storage.statistics().rejected == 12
    client.close()


def test_values_in_redis_are_signed_and_sizes_count_the_payload(app: KernelApp, redis_server: RedisServer) -> None:
    square, _ = make_counted()
    square(2)
    client = redis.Redis.from_url(redis_server.url)
    [name] = value_keys(client)
    stored = client.get(name)
    assert stored is not None and stored.startswith(b"kS1")
    fk, _, key = name.decode().removeprefix("kernel-cache:v:").partition(":")
    payload = ValueSigner(KEY.encode()).open(stored, fk, key)
    assert square.storage.statistics().size_bytes == len(payload)
    client.close()


def test_processes_sharing_redis_need_the_same_key(tmp_path: Path, redis_server: RedisServer) -> None:
    calls: list[int] = []

    def square(x: int) -> int:
        calls.append(x)
        return x * x

    for key in (KEY, KEY, KEY[::-1]):  # each app stands for another process or machine
        app = redis_app(tmp_path, redis_server.url, signing_key=key)
        activate(app)
        try:
            assert st.cache_data(square)(7) == 49
        finally:
            activate(None)
    assert calls == [7, 7], "the same key hits; another key's entries are misses"


def test_without_a_configured_key_one_is_made_in_the_disk_folder(tmp_path: Path, redis_server: RedisServer) -> None:
    app = redis_app(tmp_path, redis_server.url, disk_folder=str(tmp_path / "keys"))
    activate(app)
    try:
        make_counted()[0](1)
    finally:
        activate(None)
    key_file = tmp_path / "keys" / "signing.key"
    assert key_file.is_file() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert not (tmp_path / "keys" / "cache.sqlite3").exists(), "the redis backend makes no disk cache"


# -- password, ACL user, TLS -------------------------------------------------------------------------------


@pytest.fixture
def password_server(tmp_path: Path) -> Iterator[RedisServer]:
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    server = RedisServer(
        tmp_path,
        args=("--requirepass", PASSWORD, "--user", "alice", "on", f">{PASSWORD}-alice", "~*", "&*", "+@all"),
        url=f"redis://:{PASSWORD}@127.0.0.1:{{port}}/0",
    )
    server.start()
    yield server
    server.stop()


def cached_twice(app: KernelApp) -> list[int]:
    activate(app)
    try:
        square, calls = make_counted()
        assert square(5) == 25 and square(5) == 25
        return calls
    finally:
        activate(None)


def test_a_password_in_the_url_reaches_a_protected_server(
    tmp_path: Path, password_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        assert cached_twice(redis_app(tmp_path, password_server.url, signing_key=KEY)) == [5], "the second call hits"
    wrong = f"redis://:wrong-{PASSWORD}@127.0.0.1:{password_server.port}/0"
    with caplog.at_level(logging.DEBUG):
        assert cached_twice(redis_app(tmp_path, wrong, signing_key=KEY)) == [5, 5], "a refused login computes"
    assert "computing without the cache" in caplog.text
    assert PASSWORD not in caplog.text, "logs must not show the password"


def test_an_acl_user_in_the_url(tmp_path: Path, password_server: RedisServer) -> None:
    url = f"redis://alice:{PASSWORD}-alice@127.0.0.1:{password_server.port}/0"
    assert cached_twice(redis_app(tmp_path, url, signing_key=KEY)) == [5]
    client = redis.Redis.from_url(url)
    assert client.acl_whoami() == "alice" and value_keys(client)
    client.close()


def test_the_password_is_masked_in_config_show_and_cache_stats(tmp_path: Path, password_server: RedisServer) -> None:
    assert cached_twice(redis_app(tmp_path, password_server.url, signing_key=KEY)) == [5]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERNEL_")}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               KERNEL_CACHE_BACKEND="redis", KERNEL_CACHE_REDIS_URL=password_server.url,
               KERNEL_CACHE_SIGNING_KEY=KEY)  # fmt: skip
    base = [sys.executable, "-m", "kernel._cli", "-p", "kernel_contrib.cache_redis"]
    shown = subprocess.run([*base, "config", "show"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert f'redis_url = "redis://:***@127.0.0.1:{password_server.port}/0"' in shown.stdout
    assert 'signing_key = "***"' in shown.stdout
    stats = subprocess.run([*base, "cache", "stats"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert "redis cache: 1 entries" in stats.stdout
    for out in (shown.stdout + shown.stderr, stats.stdout + stats.stderr):
        assert PASSWORD not in out and KEY not in out


def make_certificates(folder: Path) -> dict[str, Path]:
    """A CA and a server certificate for 127.0.0.1, made with the openssl command."""
    paths = {name: folder / f"{name}.pem" for name in ("ca", "ca-key", "server", "server-key")}
    ext = folder / "ext.cnf"
    ext.write_text("subjectAltName = IP:127.0.0.1\n")

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=kernel test CA",
            "-keyout", str(paths["ca-key"]), "-out", str(paths["ca"]))  # fmt: skip
    csr = folder / "server.csr"
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
            "-keyout", str(paths["server-key"]), "-out", str(csr))  # fmt: skip
    openssl("x509", "-req", "-in", str(csr), "-CA", str(paths["ca"]), "-CAkey", str(paths["ca-key"]),
            "-CAcreateserial", "-days", "2", "-extfile", str(ext), "-out", str(paths["server"]))  # fmt: skip
    return paths


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[RedisServer]:
    if not Path(REDIS_SERVER).exists():
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed (apt-get install -y openssl)")
    certs = make_certificates(tmp_path)
    server = RedisServer(
        tmp_path,
        args=("--tls-cert-file", str(certs["server"]), "--tls-key-file", str(certs["server-key"]),
              "--tls-ca-cert-file", str(certs["ca"]), "--tls-auth-clients", "no", "--requirepass", PASSWORD),
        url=f"rediss://:{PASSWORD}@127.0.0.1:{{port}}/0?ssl_ca_certs={certs['ca']}",
        port_option="--tls-port",
    )  # fmt: skip
    server.start()
    yield server
    server.stop()


def test_rediss_urls_use_tls_with_the_given_ca(tmp_path: Path, tls_server: RedisServer) -> None:
    assert cached_twice(redis_app(tmp_path, tls_server.url, signing_key=KEY)) == [5]
    client = redis.Redis.from_url(tls_server.url)
    assert value_keys(client), "the entry went through the TLS connection"
    client.close()
    plain = f"redis://:{PASSWORD}@127.0.0.1:{tls_server.port}/0"
    assert cached_twice(redis_app(tmp_path, plain, signing_key=KEY, redis_timeout="0.5")) == [5, 5], (
        "without TLS the server cannot be used: the app computes"
    )
