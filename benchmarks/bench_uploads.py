"""Benchmark of a chunked upload, measured over a real WebSocket against `kernel run`.

Run from the repository root:

    python benchmarks/bench_uploads.py             # a 150 MB file
    python benchmarks/bench_uploads.py --mb 50     # another size

It starts `kernel run` on an app with one `st.file_uploader`, sends a file of random bytes
the way the web client does (1 MiB chunks, base64 in JSON, 4 unacknowledged at most) and
prints:

* the time from `UploadStart` to the last `UploadAck`, and the throughput,
* the server's resident memory before, its peak while the bytes arrive (they are spooled
  to a temporary file, so it should hardly grow), and its peak once the script has
  taken the file (one copy in memory is expected),
* the time of the run that takes the file and hashes it.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import trio

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_loop import Server, connect  # noqa: E402

APP = """
import hashlib
from kernel import st
f = st.file_uploader("Data")
st.text("none" if f is None else f"{f.size} {hashlib.sha256(f.getvalue()).hexdigest()}")
"""
CHUNK = 1024 * 1024
WINDOW = 4
UPLOAD_ID = "f-bench0123456789"


def peak_kib(server: Server) -> int:
    """The server's peak resident memory so far (VmHWM), in KiB."""
    for line in Path(f"/proc/{server.proc.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


async def until(ws: object, predicate: object) -> dict[str, object]:
    while True:
        for msg in json.loads(await ws.get_message()):  # type: ignore[attr-defined]
            if predicate(msg):  # type: ignore[operator]
                return msg  # type: ignore[no-any-return]


async def run(server: Server, data: bytes) -> None:
    async with connect(server) as ws:
        await ws.get_message()  # NewSession
        await ws.send_message(json.dumps([{"type": "Rerun", "widget_states": {}}]))
        element = await until(ws, lambda m: m.get("type") == "Delta" and m["element"]["kind"] == "file_uploader")
        key = element["element"]["props"]["upload_key"]  # type: ignore[index]
        widget = key.removesuffix("::upload")
        await until(ws, lambda m: m.get("type") == "ScriptFinished")
        before = server.rss_kib()
        started = time.perf_counter()
        await ws.send_message(json.dumps([{"type": "UploadStart", "upload_id": UPLOAD_ID, "target": key,
                                           "name": "bench.bin", "size": len(data)}]))
        await until(ws, lambda m: m.get("type") == "UploadAck")
        sent = acked = 0
        while acked < len(data):
            while sent < len(data) and sent - acked < WINDOW * CHUNK:
                chunk = base64.b64encode(data[sent:sent + CHUNK]).decode()
                await ws.send_message(json.dumps([{"type": "UploadChunk", "upload_id": UPLOAD_ID, "offset": sent,
                                                   "data": chunk}]))
                sent = min(len(data), sent + CHUNK)
            ack = await until(ws, lambda m: m.get("type") in ("UploadAck", "Error"))
            assert ack["type"] == "UploadAck", ack
            acked = int(ack["offset"])  # type: ignore[call-overload]
        arrived = time.perf_counter() - started
        during = peak_kib(server)
        started = time.perf_counter()
        entry = {"name": "bench.bin", "size": len(data), "chunked": True}
        await ws.send_message(json.dumps([{"type": "Rerun", "widget_states": {widget: [UPLOAD_ID],
                                                                              key: {UPLOAD_ID: entry}},
                                           "changed": [widget]}]))
        text = await until(ws, lambda m: m.get("type") == "Delta" and m["element"]["kind"] == "text")
        taken = time.perf_counter() - started
        body = str(text["element"]["props"]["body"])  # type: ignore[index]
        assert body == f"{len(data)} {hashlib.sha256(data).hexdigest()}", body
        after = peak_kib(server)
    mb = len(data) / 1024 / 1024
    print(f"upload of {mb:.0f} MB: {arrived:.2f} s, {mb / arrived:.1f} MB/s ({len(data) // CHUNK} chunks)")
    print(f"server RSS before: {before / 1024:.0f} MiB; peak while arriving: {during / 1024:.0f} MiB "
          f"(+{(during - before) / 1024:.0f}); peak after the script took it: {after / 1024:.0f} MiB "
          f"(+{(after - before) / 1024:.0f})")
    print(f"run that takes and hashes the file: {taken:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mb", type=int, default=150, help="file size in megabytes (default 150)")
    args = parser.parse_args()
    data = os.urandom(args.mb * 1024 * 1024)
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "app.py"
        script.write_text(APP)
        server = Server(script)
        try:
            trio.run(run, server, data)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
