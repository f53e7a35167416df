"""An open server WebSocket drops what it kept of its opening handshake (issue 19: memory
per idle session) and goes on working: messages both ways, pings, the client's close.
(The runtime's stream tests close shed connections from the server's side: a moved,
drained or taken-over session.)"""

from __future__ import annotations

import trio
import trio.testing
import trio_websocket

from kernel_plugins.runtime._shed import shed_handshake


async def _serve(nursery: trio.Nursery, handler: object) -> int:
    server = await nursery.start(trio_websocket.serve_websocket, handler, "127.0.0.1", 0, None)
    return int(server.port)


async def test_an_open_server_connection_sheds_its_handshake_and_still_works() -> None:
    shed: list[bool] = []
    closed: list[int | None] = []

    async def echo(request: trio_websocket.WebSocketRequest) -> None:
        ws = await request.accept()
        shed.append(shed_handshake(ws))
        assert not shed_handshake(ws)  # nothing left to drop
        try:
            while True:
                await ws.send_message(await ws.get_message())
        except trio_websocket.ConnectionClosed as exc:
            closed.append(exc.reason.code)

    async with trio.open_nursery() as nursery:
        port = await _serve(nursery, echo)
        # Two connections in turn: what one connection's close sets is shared, and the
        # next connection must not mind.
        for n in range(2):
            async with trio_websocket.open_websocket("127.0.0.1", port, "/", use_ssl=False) as client:
                assert not shed_handshake(client)  # a client connection is left alone
                for text in (f"hello {n}", "x" * 70_000):
                    await client.send_message(text)
                    assert await client.get_message() == text
                await client.ping(b"p")
            with trio.fail_after(5):
                while len(closed) < n + 1:
                    await trio.sleep(0.01)
        nursery.cancel_scope.cancel()
    assert shed == [True, True]
    assert closed == [1000, 1000]



async def test_the_replay_of_the_upgrade_request_is_handed_back_once_read() -> None:
    from kernel_plugins.runtime._stream import ReplayStream

    left, right = trio.testing.memory_stream_pair()
    replay = ReplayStream(left, b"abc")

    class Holder:
        _stream: trio.abc.Stream = replay

    holder = Holder()
    shed_handshake(holder, left)
    assert holder._stream is replay  # the prefix is not read yet
    assert await replay.receive_some(2) == b"ab"
    shed_handshake(holder, right)
    assert holder._stream is replay  # not the stream under the replay
    assert await replay.receive_some() == b"c"
    shed_handshake(holder, left)
    assert holder._stream is left
    await right.send_all(b"more")
    assert await holder._stream.receive_some() == b"more"
