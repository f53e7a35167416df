"""A light load client for throughput benchmarks: raw WebSockets over plain sockets, one
process, no JSON decoding, no wire-protocol library.

Each of ``--sessions`` connections opens a session, then sends ``Rerun`` and waits for the
frame that carries its ``ScriptFinished`` with ``"status":"ok"``, back to back. A rerun
counts when it is acknowledged that way. After ``--warmup`` seconds it prints ``measure``,
then after ``--seconds`` more ``done <acknowledged reruns> <seconds> <own CPU seconds>``
(its user + system time over the window), and exits. Run by bench_fleet.py in its own
process, so that the client's CPU is out of the server's and is measured apart::

    python benchmarks/rerun_client.py --port 8501 --sessions 8 --warmup 2 --seconds 8
"""

from __future__ import annotations

import argparse
import base64
import os
import resource
import selectors
import socket
import struct
import sys
import time

RERUN = b'[{"type":"Rerun","widget_states":{}}]'
FINISHED = b'"type":"ScriptFinished"'
OK = b'"status":"ok"'


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _masked_text_frame(payload: bytes) -> bytes:
    """A client-to-server text frame (clients must mask, RFC 6455 section 5.3)."""
    mask = os.urandom(4)
    length = len(payload)
    if length < 126:
        head = struct.pack("!BB", 0x81, 0x80 | length)
    elif length < 1 << 16:
        head = struct.pack("!BBH", 0x81, 0x80 | 126, length)
    else:
        head = struct.pack("!BBQ", 0x81, 0x80 | 127, length)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return head + mask + body


def _masked_frame(opcode: int, payload: bytes) -> bytes:
    frame = bytearray(_masked_text_frame(payload))
    frame[0] = 0x80 | opcode
    return bytes(frame)


class Connection:
    """One session: handshake, then Rerun after Rerun."""

    def __init__(self, host: str, port: int) -> None:
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /_kernel/stream?v=1 HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
                           ).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("the server closed the connection during the handshake")
            head += chunk
        status, _, rest = head.partition(b"\r\n\r\n")
        if b" 101 " not in status.split(b"\r\n", 1)[0]:
            raise ConnectionError(f"handshake refused: {status[:200]!r}")
        self.buffer = bytearray(rest)
        self.message = bytearray()
        self.greeted = False
        self.acknowledged = 0
        self.sock.setblocking(False)

    def feed(self, data: bytes) -> None:
        """Take bytes from the server; send the next Rerun when a run finished."""
        self.buffer += data
        while True:
            if len(self.buffer) < 2:
                return
            first, second = self.buffer[0], self.buffer[1]
            length, offset = second & 0x7F, 2
            if length == 126:
                if len(self.buffer) < 4:
                    return
                length, offset = struct.unpack_from("!H", self.buffer, 2)[0], 4
            elif length == 127:
                if len(self.buffer) < 10:
                    return
                length, offset = struct.unpack_from("!Q", self.buffer, 2)[0], 10
            if len(self.buffer) < offset + length:
                return
            payload = bytes(self.buffer[offset:offset + length])
            del self.buffer[:offset + length]
            opcode = first & 0x0F
            if opcode == 0x9:  # ping
                self.send(_masked_frame(0xA, payload))
                continue
            if opcode == 0x8:
                raise ConnectionError(f"the server closed the session: {payload[:100]!r}")
            self.message += payload
            if first & 0x80:  # the last fragment of a message
                self._message(bytes(self.message))
                self.message.clear()

    def _message(self, message: bytes) -> None:
        if not self.greeted:
            if b'"type":"NewSession"' in message:
                self.greeted = True
                self.send(_masked_text_frame(RERUN))
            return
        at = message.find(FINISHED)
        if at >= 0:
            status = message.rfind(b'"status":', 0, at)  # the fields come in name order
            if status >= 0 and message.startswith(OK, status):
                self.acknowledged += 1
            self.send(_masked_text_frame(RERUN))

    def send(self, frame: bytes) -> None:
        # Frames are small; a loopback socket takes them whole.
        self.sock.setblocking(True)
        try:
            self.sock.sendall(frame)
        finally:
            self.sock.setblocking(False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    connections = [Connection(args.host, args.port) for _ in range(args.sessions)]
    selector = selectors.DefaultSelector()
    for connection in connections:
        selector.register(connection.sock, selectors.EVENT_READ, connection)
    began = time.monotonic()
    window: tuple[float, int, float] | None = None
    while True:
        now = time.monotonic()
        if window is None and now - began >= args.warmup:
            window = (now, sum(c.acknowledged for c in connections), _cpu())
            print("measure", flush=True)
        if window is not None and now - window[0] >= args.seconds:
            count = sum(c.acknowledged for c in connections) - window[1]
            print(f"done {count} {now - window[0]:.4f} {_cpu() - window[2]:.4f}", flush=True)
            break
        for key, _ in selector.select(0.05):
            connection = key.data
            data = connection.sock.recv(1 << 16)
            if not data:
                sys.exit("a connection closed")
            connection.feed(data)
    for connection in connections:
        connection.sock.close()


if __name__ == "__main__":
    main()
