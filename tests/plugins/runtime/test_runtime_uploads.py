"""Chunked uploads over the stream: acks, refusals before any byte, bad chunks, resume, cleanup."""

from __future__ import annotations

import base64
import hashlib
import os

import pytest
import trio
import trio_websocket

from kernel.contracts.messages import (
    ErrorMsg,
    ForwardMsg,
    Rerun,
    UploadAck,
    UploadCancel,
    UploadChunk,
    UploadRefused,
    UploadStart,
)
from kernel.contracts.uploads import CHUNK_BYTES, MAX_CHUNK_BYTES, MB, session_upload_spool
from tests.plugins.runtime.liveloop_client import Serve, StreamClient, connect, props_of, stream_url

APP = """
import hashlib
from kernel import st
f = st.file_uploader("Data", max_upload_size=3)
st.text("none" if f is None else f"{f.name} {f.size} {hashlib.sha256(f.getvalue()).hexdigest()}")
"""
UPLOAD_ID = "f-0123456789abcdef"


def _chunk(data: bytes, offset: int, upload_id: str = UPLOAD_ID) -> UploadChunk:
    return UploadChunk(upload_id, offset, base64.b64encode(data).decode())


async def _answer(client: StreamClient) -> ForwardMsg:
    """The next upload answer or error (skipping run output)."""
    with trio.fail_after(10):
        while True:
            for msg in await client.recv():
                if isinstance(msg, UploadAck | UploadRefused | ErrorMsg):
                    return msg


async def _open(client: StreamClient) -> str:
    """Start the session, run the app once; the uploader's upload key."""
    await client.new_session()
    await client.send(Rerun())
    return str(props_of(await client.until_finished(), "file_uploader")[0]["upload_key"])


async def _send_all(client: StreamClient, data: bytes, start: int = 0) -> None:
    for offset in range(start, len(data), CHUNK_BYTES):
        await client.send(_chunk(data[offset:offset + CHUNK_BYTES], offset))
        ack = await _answer(client)
        assert ack == UploadAck(UPLOAD_ID, min(len(data), offset + CHUNK_BYTES))


async def _report(client: StreamClient, key: str, name: str, size: int) -> str:
    widget = key.removesuffix("::upload")
    await client.send(Rerun({widget: [UPLOAD_ID], key: {UPLOAD_ID: {"name": name, "type": "application/x-test",
                                                                   "size": size, "chunked": True}}},
                            changed=(widget,)))
    return str(props_of(await client.until_finished(), "text")[0]["body"])


async def test_a_file_in_chunks_reaches_the_script_with_its_size_and_hash(serve: Serve) -> None:
    runtime = await serve(APP)
    data = os.urandom(2 * MB + 12345)
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        key = await _open(client)
        await client.send(UploadStart(UPLOAD_ID, key, "data.bin", len(data), "application/x-test"))
        assert await _answer(client) == UploadAck(UPLOAD_ID, 0, start=True)
        await _send_all(client, data)
        shown = await _report(client, key, "data.bin", len(data))
    assert shown == f"data.bin {len(data)} {hashlib.sha256(data).hexdigest()}"


async def test_a_file_over_the_limit_is_refused_before_any_byte(serve: Serve) -> None:
    runtime = await serve(APP)
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        key = await _open(client)
        await client.send(UploadStart(UPLOAD_ID, key, "big.bin", 3 * MB + 1))
        answer = await _answer(client)
        assert answer == UploadRefused(UPLOAD_ID, "big.bin is 3.0 MB, over the upload limit of 3 MB.")
        await client.send(_chunk(b"x" * 10, 0))  # bytes for a refused upload: there is no such upload
        assert isinstance(error := await _answer(client), ErrorMsg) and error.code == "bad_frame"
        widget = key.removesuffix("::upload")
        await client.send(Rerun({widget: [UPLOAD_ID], key: {UPLOAD_ID: {"name": "big.bin", "size": 3 * MB + 1,
                                                                       "chunked": True}}}, changed=(widget,)))
        msgs = await client.until_finished()
    # The script sees no file (its text is unchanged, so not sent again); the widget shows why.
    assert props_of(msgs, "text") == []
    assert props_of(msgs, "file_uploader")[0]["errors"] == ["big.bin is 3.0 MB, over the upload limit of 3 MB."]


async def test_an_upload_for_a_field_the_page_does_not_show_is_refused(serve: Serve) -> None:
    runtime = await serve(APP)
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        await _open(client)
        await client.send(UploadStart(UPLOAD_ID, "nothing::upload", "a.bin", 10))
        answer = await _answer(client)
    assert isinstance(answer, UploadRefused) and "no longer shows" in answer.message


@pytest.mark.parametrize("case", ["wrong offset", "past the size", "too large a chunk", "unknown id", "not base64",
                                  "bad id", "empty chunk"])
async def test_bad_chunks_are_bad_frames_and_the_upload_and_session_go_on(serve: Serve, case: str) -> None:
    runtime = await serve(APP)
    data = os.urandom(CHUNK_BYTES + 100)
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        key = await _open(client)
        await client.send(UploadStart(UPLOAD_ID, key, "d.bin", len(data)))
        assert await _answer(client) == UploadAck(UPLOAD_ID, 0, start=True)
        await client.send(_chunk(data[:CHUNK_BYTES], 0))
        assert await _answer(client) == UploadAck(UPLOAD_ID, CHUNK_BYTES)
        bad: UploadChunk | UploadStart = {
            "wrong offset": _chunk(data[CHUNK_BYTES:], 0),
            "past the size": _chunk(data[CHUNK_BYTES:] + b"extra", CHUNK_BYTES),
            "too large a chunk": _chunk(b"x" * (MAX_CHUNK_BYTES + 1), CHUNK_BYTES),
            "unknown id": _chunk(data[CHUNK_BYTES:], CHUNK_BYTES, "f-unknown-upload-id"),
            "not base64": UploadChunk(UPLOAD_ID, CHUNK_BYTES, "not base64!"),
            "bad id": UploadStart("../../etc", key, "x", 1),
            "empty chunk": _chunk(b"", CHUNK_BYTES),
        }[case]
        await client.send(bad)
        error = await _answer(client)
        assert isinstance(error, ErrorMsg) and error.code == "bad_frame", error
        # Nothing changed: the right chunk is still taken and the file arrives whole.
        await _send_all(client, data, CHUNK_BYTES)
        shown = await _report(client, key, "d.bin", len(data))
    assert shown == f"d.bin {len(data)} {hashlib.sha256(data).hexdigest()}"


async def test_a_dropped_connection_resumes_from_the_last_acknowledged_chunk(serve: Serve) -> None:
    runtime = await serve(APP)
    data = os.urandom(2 * CHUNK_BYTES + 7)
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        hello = await client.new_session()
        await client.send(Rerun())
        key = str(props_of(await client.until_finished(), "file_uploader")[0]["upload_key"])
        await client.send(UploadStart(UPLOAD_ID, key, "r.bin", len(data)))
        assert await _answer(client) == UploadAck(UPLOAD_ID, 0, start=True)
        await client.send(_chunk(data[:CHUNK_BYTES], 0))
        assert await _answer(client) == UploadAck(UPLOAD_ID, CHUNK_BYTES)
        await runtime.drop_connections()
        with pytest.raises(trio_websocket.ConnectionClosed):
            with trio.fail_after(5):
                while True:
                    await ws.get_message()
    async with connect(stream_url(runtime, f"token={hello.token}")) as ws:
        client = StreamClient(ws)
        assert (await client.new_session()).resumed
        await client.send(UploadStart(UPLOAD_ID, key, "r.bin", len(data)))
        assert await _answer(client) == UploadAck(UPLOAD_ID, CHUNK_BYTES, start=True)
        await _send_all(client, data, CHUNK_BYTES)
        shown = await _report(client, key, "r.bin", len(data))
    assert shown == f"r.bin {len(data)} {hashlib.sha256(data).hexdigest()}"


async def test_cancel_and_session_close_delete_the_spooled_files(serve: Serve) -> None:
    runtime = await serve(APP)
    async with connect(stream_url(runtime)) as ws:
        client = StreamClient(ws)
        key = await _open(client)
        (session,) = runtime.sessions.values()
        spool = session_upload_spool(session)
        for upload_id in (UPLOAD_ID, "f-second-upload-id"):
            await client.send(UploadStart(upload_id, key, "c.bin", 100))
            await _answer(client)
            await client.send(_chunk(b"x" * 50, 0, upload_id))
            await _answer(client)
        assert spool.received(UPLOAD_ID) == 50
        files = [spool._uploads[i].file for i in (UPLOAD_ID, "f-second-upload-id")]
        await client.send(UploadCancel(UPLOAD_ID))
        await client.send(UploadStart("f-third-upload-id", key, "c.bin", 1))
        await _answer(client)
        assert spool.received(UPLOAD_ID) is None and files[0].closed and not files[1].closed
    session.close("test")
    assert files[1].closed and spool.received("f-second-upload-id") is None
