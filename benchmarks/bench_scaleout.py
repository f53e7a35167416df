"""What scale-out costs, and how fast sessions come back after a worker's death.

Starts its own ``redis-server`` (Debian's) on a free loopback port unless given one, and
prints three sets of figures:

1. **checkpoint cost**: rerun latency (a ``Rerun`` sent until its ``ScriptFinished``
   arrives, through a real server and websocket) with scale-out off and on (Redis), for a
   session_state of about 100 KiB, when a run changes one small key (a write-ahead and a
   checkpoint of that key) and when it changes nothing (no write). Target: p50 on ≤ p50
   off + 2 ms.
2. **restore cost**: claim plus decode of a 100 KiB snapshot (the Lua claim, ``HGETALL``,
   signature checks and unpickling of every key). Target: p95 ≤ 50 ms.
3. **kill -9**: ``kernel run --workers 4`` with N sessions (3 interactions each), one worker
   killed; time from the kill until each affected session is reconnected (greeted as
   resumed) and until its rerun finished with identical widget values and session_state.
   Targets: p95 ≤ 3 s, max ≤ 6 s.

    python benchmarks/bench_scaleout.py [--rounds 300] [--sessions 200] [--redis-url URL] [--skip-kill]
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import trio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kernel._app import AppOptions, build_app  # noqa: E402
from kernel._lifecycle import serve_app  # noqa: E402
from kernel.contracts.messages import Rerun  # noqa: E402
from tests.plugins.runtime.liveloop_client import StreamClient, connect, stream_url  # noqa: E402

STATE_APP = """
from kernel import st
if "blob" not in st.session_state:
    st.session_state.blob = list(range(16_000))          # ~ 48 KiB pickled
    st.session_state.rows = [{{"id": i, "name": f"row {{i}}", "price": i * 1.5}} for i in range(1_700)]  # ~ 54 KiB
    st.session_state.n = 0
if {changes}:
    st.session_state.n += 1
st.text(f"n={{st.session_state.n}}")
"""


BLOCKS = 6
"""Blocks of reruns with scale-out off and on, alternating."""


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def show(name: str, values: list[float]) -> str:
    return (f"{name:<34} p50 {statistics.median(values) * 1000:7.2f} ms   p95 {pct(values, 0.95) * 1000:7.2f} ms"
            f"   max {max(values) * 1000:7.2f} ms")


async def rerun_latencies(folder: Path, source: str, rounds: int, config: dict[str, str]) -> list[float]:
    script = folder / f"app_{secrets.token_hex(3)}.py"
    script.write_text(source)
    options = {"server.port": "0", "server.file_watcher_type": "none", **config}
    app = build_app(AppOptions(script_path=script, config_options=options, cwd=folder, home=folder, environ={}))
    stop = trio.Event()
    times: list[float] = []
    async with trio.open_nursery() as nursery:
        runtime = await nursery.start(serve_app, app, stop)
        async with connect(stream_url(runtime)) as ws:
            client = StreamClient(ws)
            await client.new_session()
            for _ in range(20):  # warm up: imports, first checkpoint of the 100 KiB
                await client.send(Rerun())
                await client.until_finished()
            for _ in range(rounds):
                started = time.perf_counter()
                await client.send(Rerun())
                await client.until_finished()
                times.append(time.perf_counter() - started)
        stop.set()
    return times


async def checkpoint_cost(folder: Path, redis_url: str, rounds: int) -> None:
    print(f"1. checkpoint cost: rerun latency, session_state of about 100 KiB pickled, {rounds} reruns each, "
          "off and on interleaved")
    on = {"scaleout.backend": "redis", "scaleout.redis_url": redis_url, "scaleout.secret": "b" * 40,
          "scaleout.key_prefix": f"bench{secrets.token_hex(3)}", "scaleout.worker": "bench"}
    for label, changes in (("a small key changes each run", "True"), ("nothing changes", "False")):
        source = STATE_APP.format(changes=changes)
        off_times: list[float] = []
        on_times: list[float] = []
        for _ in range(BLOCKS):  # interleaved, so that a change in the machine's load hits both
            off_times += await rerun_latencies(folder, source, rounds // BLOCKS, {})
            on_times += await rerun_latencies(folder, source, rounds // BLOCKS, on)
        delta = (statistics.median(on_times) - statistics.median(off_times)) * 1000
        print(f"   {label}:")
        print("     " + show("scale-out off", off_times))
        print("     " + show("scale-out on (redis)", on_times))
        print(f"     p50 difference: {delta:+.2f} ms (target <= +2 ms)")


def restore_cost(redis_url: str, rounds: int) -> None:
    import redis

    from kernel.contracts.scaleout import ResumeTokens, StateCodec
    from kernel.contracts.signed_values import ValueSigner
    from kernel_contrib.scaleout_redis._store import RedisSessionStore

    key = b"k" * 32
    prefix = f"bench{secrets.token_hex(3)}"

    def store(name: str) -> RedisSessionStore:
        return RedisSessionStore(redis.Redis.from_url(redis_url), prefix, ResumeTokens(key),
                                 StateCodec(ValueSigner(key)), name, 600, 5, handoff=0.0)

    owner, claimer = store("a"), store("b")
    sid = secrets.token_hex(16)
    state = {"blob": list(range(16_000)), "n": 41, "label": "x" * 200,
             "rows": [{"id": i, "name": f"row {i}", "price": i * 1.5} for i in range(1_700)]}
    entries = {k: owner.codec.encode(sid, k, v) for k, v in state.items()}
    size = sum(len(v) for v in entries.values())
    owner.checkpoint(sid, entries, frozenset())
    times: list[float] = []
    for _ in range(rounds):
        started = time.perf_counter()
        snapshot = claimer.claim(sid)
        times.append(time.perf_counter() - started)
        assert snapshot is not None and snapshot.state["n"] == 41 and not snapshot.dropped
    print(f"2. restore cost: claim + decode of a {size / 1024:.0f} KiB snapshot ({len(entries)} keys), {rounds} claims")
    print("     " + show("claim + decode", times) + "   (target p95 <= 50 ms)")
    claimer.forget(sid)
    owner.close()
    claimer.close()


async def kill_figures(folder: Path, redis_url: str, sessions: int) -> None:
    from tests.contrib.scaleout_redis.test_workers import kill_one_of_four

    print(f"3. kill -9 of 1 of 4 workers (SO_REUSEPORT), {sessions} sessions with 3 interactions each")
    result = await kill_one_of_four(folder, redis_url, sessions)
    print(f"     affected sessions: {result['affected']} (all back with identical widget values and state)")
    print(f"     from the kill until {result['reconnect']}")
    print(f"     from the kill until {result['first_frame']}   (targets: p95 <= 3 s, max <= 6 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--redis-url", help="an existing server (default: start redis-server on a free port)")
    parser.add_argument("--skip-kill", action="store_true", help="skip the kill -9 figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = None
        url = args.redis_url
        if url is None:
            from tests.contrib.cache_redis.conftest import RedisServer

            server = RedisServer(folder)
            server.start()
            url = server.url
        try:
            trio.run(checkpoint_cost, folder, url, args.rounds)
            restore_cost(url, args.rounds)
            if not args.skip_kill:
                kill_folder = folder / "kill"
                kill_folder.mkdir()
                trio.run(kill_figures, kill_folder, url, args.sessions)
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
