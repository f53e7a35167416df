"""The side-channel relay with the in-memory store and bus (two servers in one process), and
the signed blobs it passes (store and shared directory): what is planted or altered is refused."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kernel.contracts.messages import Rerun
from kernel.contracts.scaleout import ResumeTokens, StateCodec
from kernel.contracts.signed_values import ValueSigner
from kernel_plugins.scaleout._blobs import BLOB_TTL, BlobCarrier, BlobTooLarge
from kernel_plugins.scaleout._memory import MemorySessionStore, space
from tests.plugins.runtime.liveloop_client import StreamClient, connect, http_request, props_of, stream_url
from tests.plugins.scaleout.conftest import Workers

DOWNLOAD_APP = """
from kernel import st
st.download_button("Get", b"abc" * 5000, file_name="x.bin")
"""


async def test_a_download_is_served_by_the_other_in_process_worker(worker: Workers,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from kernel_plugins.scaleout import _relay

    monkeypatch.setattr(_relay, "FIND_SECONDS", 30.0)  # a loaded machine
    a = await worker(DOWNLOAD_APP, worker="a")
    b = await worker(DOWNLOAD_APP, worker="b")
    async with connect(stream_url(a)) as ws:
        page = StreamClient(ws)
        await page.new_session()
        await page.send(Rerun())
        url = props_of(await page.until_finished(60), "download_button")[0]["url"]
    status, headers, body = await http_request(b.url, url)
    assert status == 200 and body == b"abc" * 5000
    assert headers["content-disposition"].startswith("attachment")


def carrier(prefix: str, secret: bytes = b"k" * 32, **options: object) -> tuple[BlobCarrier, MemorySessionStore]:
    store = MemorySessionStore(space(prefix), ResumeTokens(secret), StateCodec(ValueSigner(secret)), "w", 60)
    kwargs: dict[str, object] = {"store_max": 4096, "dir_max": 1 << 24, **options}
    return BlobCarrier(store, secret, **kwargs), store  # type: ignore[arg-type]


def test_blobs_verify_and_are_read_once(prefix: str) -> None:
    blobs, store = carrier(prefix)
    name = "ab" * 16
    blobs.put(name, b"hello")
    assert blobs.take(name) == b"hello"
    assert blobs.take(name) is None  # read once
    # planted by someone without the secret, altered, or copied under another name: refused
    forger, _ = carrier(prefix, b"x" * 32)
    forger.put(name, b"evil")
    assert blobs.take(name) is None
    blobs.put(name, b"hello")
    note = store.shared("side:" + name)
    assert note is not None
    store.share("side:" + name, note[:-1] + b"!", 60)
    assert blobs.take(name) is None
    blobs.put(name, b"hello")
    store.share("side:" + "cd" * 16, store.shared("side:" + name) or b"", 60)
    assert blobs.take("cd" * 16) is None
    with pytest.raises(BlobTooLarge):
        blobs.put(name, b"x" * 5000)
    with pytest.raises(ValueError):
        blobs.put("../etc/passwd", b"x")


def test_big_blobs_go_through_the_shared_directory(prefix: str, tmp_path: Path) -> None:
    blobs, store = carrier(prefix, directory=str(tmp_path), dir_max=3 << 20)
    name = "ef" * 16
    data = os.urandom(2 << 20)
    blobs.put(name, data)
    assert [p.name for p in tmp_path.iterdir()] == [f"{name}.blob"]
    assert len(store.shared("side:" + name) or b"") < 100  # the store keeps only a signed note
    assert blobs.take(name) == data and list(tmp_path.iterdir()) == []
    # a file altered or truncated in the directory is refused (and removed)
    blobs.put(name, data)
    path = tmp_path / f"{name}.blob"
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    assert blobs.take(name) is None and not path.exists()
    blobs.put(name, data)
    path.write_bytes(data[:100])
    assert blobs.take(name) is None
    with pytest.raises(BlobTooLarge):
        blobs.put(name, os.urandom(4 << 20))
    # files nobody took are swept by a later writer once older than the TTL
    stale = tmp_path / ("12" * 16 + ".blob")
    stale.write_bytes(b"old")
    past = time.time() - BLOB_TTL - 10
    os.utime(stale, (past, past))
    blobs._swept = 0.0
    blobs.put("34" * 16, data)
    assert not stale.exists() and (tmp_path / ("34" * 16 + ".blob")).exists()
