"""permessage-deflate on the stream (issue 19): negotiated with clients that offer it, each
message compressed on its own, never required, and a bad offer is declined, not an error."""

from __future__ import annotations

from typing import Any

from kernel.contracts.messages import NewSession, Rerun, decode_forward_frame, encode_back_frame
from kernel_plugins.runtime import HttpRuntime
from tests.plugins.runtime.liveloop_client import Serve, agreed_extensions, connect_offering, stream_url

PAGE = ("from kernel import st\nv = st.slider('v', 0, 100, 3)\n"
        "for i in range(300):\n    st.markdown(f'row **{i}**: {v}')\n")


async def _one_run(runtime: HttpRuntime, offer: str | None) -> tuple[list[Any], int, int, list[Any]]:
    """(messages of the first run, their JSON length, bytes on the wire for them, agreed extensions)."""
    async with connect_offering(stream_url(runtime, "v=1"), offer) as (ws, wire):
        greeting = decode_forward_frame(await ws.get_message())
        assert isinstance(greeting[0], NewSession)
        before = wire.received
        await ws.send_message(encode_back_frame([Rerun({}, None)]))
        msgs: list[Any] = []
        length = 0
        while not any(type(m).__name__ == "ScriptFinished" for m in msgs):
            frame = await ws.get_message()
            assert isinstance(frame, str)
            length += len(frame)
            msgs.extend(decode_forward_frame(frame))
        return msgs, length, wire.received - before, agreed_extensions(ws)


async def test_a_client_offering_deflate_gets_compressed_messages(serve: Serve) -> None:
    runtime = await serve(PAGE)
    msgs, length, wire, extensions = await _one_run(runtime, "permessage-deflate; client_max_window_bits")
    assert [type(e).__name__ for e in extensions] == ["PerMessageDeflate"]
    # Both directions start afresh with each message: no zlib state kept between messages.
    assert extensions[0].server_no_context_takeover and extensions[0].client_no_context_takeover
    assert sum(type(m).__name__ == "Delta" for m in msgs) == 301
    assert wire < length / 4, (wire, length)
    assert runtime.statistics().compressed_websockets == 1


async def test_what_the_client_compresses_is_read(serve: Serve) -> None:
    # wsproto's client compresses what it sends once deflate is agreed; the server's
    # inflater starts afresh with each message, so every rerun after the first is read too.
    runtime = await serve(PAGE)
    async with connect_offering(stream_url(runtime, "v=1"), "permessage-deflate") as (ws, _):
        await ws.get_message()
        slider_id = ""
        for value in (None, 10, 20, 30):
            await ws.send_message(encode_back_frame([Rerun({slider_id: value} if value else {}, None)]))
            text = ""
            while '"ScriptFinished"' not in text:
                text += str(await ws.get_message())
            if value is None:
                slider_id = text.split('"id":"', 1)[1].split('"', 1)[0]
            else:
                assert f"row <strong>299</strong>: {value}" in text


async def test_a_client_offering_nothing_gets_plain_messages(serve: Serve) -> None:
    runtime = await serve(PAGE)
    msgs, length, wire, extensions = await _one_run(runtime, None)
    assert extensions == []
    assert wire >= length


async def test_compression_can_be_turned_off(serve: Serve) -> None:
    runtime = await serve(PAGE, **{"server.enable_websocket_compression": "false"})
    _, length, wire, extensions = await _one_run(runtime, "permessage-deflate")
    assert extensions == []
    assert wire >= length
    assert runtime.statistics().compressed_websockets == 0


async def test_a_malformed_offer_is_declined_and_the_stream_works(serve: Serve) -> None:
    runtime = await serve(PAGE)
    for offer in ("permessage-deflate; client_max_window_bits=abc", "permessage-deflate; server_max_window_bits=3"):
        msgs, length, wire, extensions = await _one_run(runtime, offer)
        assert extensions == []
        assert sum(type(m).__name__ == "Delta" for m in msgs) == 301
    assert runtime.statistics().connections >= 2
