"""Regressions found in review: bad input and odd scripts never break a session or the server."""

from __future__ import annotations

import pytest
import trio

from kernel.contracts.messages import FrameError, decode_back_frame
from kernel.testing import AppTest
from kernel_contrib.cache_redis._redis import safe_url
from tests.conftest import MakeApp


def test_sys_exit_in_a_script_ends_the_run_quietly_and_the_session_lives_on() -> None:
    at = AppTest.from_string(
        "import sys\nfrom kernel import st\nif st.checkbox('quit'):\n    sys.exit(0)\nst.text('after')\n"
    ).run()
    at.checkbox[0].check().run()
    assert not at.exception and not at.text
    at.checkbox[0].uncheck().run()
    assert at.text.values == ["after"]


@pytest.mark.parametrize("frame", ['[{"type": []}]', '[{"type": {"a": 1}}]', "[" * 50_000 + "]" * 50_000])
def test_malformed_frames_are_frame_errors(frame: str) -> None:
    with pytest.raises(FrameError):
        decode_back_frame(frame)


def test_non_finite_widget_values_fall_back_to_the_default() -> None:
    at = AppTest.from_string("from kernel import st\nst.text(st.slider('n', 0, 10, 4))\n").run()
    at.slider[0].set_value(float("inf")).run()
    assert not at.exception and at.text.values == ["4"]


def test_redis_passwords_are_masked_for_logs() -> None:
    assert safe_url("redis://:s3cret@cache:6379/0") == "redis://:***@cache:6379/0"
    assert safe_url("redis://me:pw@cache/1") == "redis://me:***@cache/1"
    assert safe_url("redis://cache:6379/0") == "redis://cache:6379/0"


async def test_a_request_body_we_do_not_use_does_not_break_the_connection(make_app: MakeApp) -> None:
    from kernel._lifecycle import serve_app

    app = make_app(script="from kernel import st\n", config_options={"server.port": "0"})
    stop = trio.Event()
    async with trio.open_nursery() as nursery:
        runtime = await nursery.start(serve_app, app, stop)
        host, port = runtime.url.removeprefix("http://").rstrip("/").rsplit(":", 1)
        stream = await trio.open_tcp_stream(host, int(port))
        async with stream:
            body = b"x" * 100_000
            # The server's own address as Host: a foreign one is refused since #17.
            head = f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            await stream.send_all(head + body)
            await stream.send_all(f"GET /_kernel/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                                  .encode())
            data = b""
            with trio.fail_after(10):
                while chunk := await stream.receive_some(65536):
                    data += chunk
        assert data.startswith(b"HTTP/1.1 405")
        assert b"HTTP/1.1 200" in data, "the same connection serves the next request"
        stop.set()
