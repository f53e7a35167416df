"""Memory comes back when sessions close for good (issue 23): 20 sessions each load a large frame
(shown in a paged grid, in part in a grid fetched whole, a chart fetched over the data channel, an
image, and kept in session_state), their connections drop, and after the disconnected-session TTL and a collection
nothing of theirs is reachable: no session object, frame, chart data or media entry, and no idle
script-worker thread holds one."""

from __future__ import annotations

import gc
import sys
import threading
import weakref
from typing import Any

import pandas as pd
import trio

from kernel.contracts.data_channel import data_store
from kernel.contracts.media_files import media_store
from kernel.contracts.messages import Rerun
from tests.plugins.runtime.liveloop_client import Serve, StreamClient, connect, props_of, stream_url

ROWS = 123_457  # an odd size, so the check below finds exactly the frames these sessions made
SESSIONS = 20

APP = f"""
import numpy as np
import pandas as pd
from kernel import st
rng = np.random.default_rng()
frame = pd.DataFrame(rng.normal(size=({ROWS}, 8)), columns=[f"c{{i}}" for i in range(8)])
st.session_state["frame"] = frame
st.dataframe(frame)
st.dataframe(frame.iloc[:3_000, :4])
st.line_chart(frame[["c0", "c1"]].iloc[:20_000])
st.image(rng.integers(0, 255, size=(16, 16, 3), dtype=np.uint8))
"""


def _our_frames() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, pd.DataFrame) and len(o) == ROWS)


def _held_by_script_threads(kinds: tuple[type, ...]) -> list[str]:
    """Objects of ``kinds`` in the local variables of the script-worker threads' stacks."""
    names = {t.ident: t.name for t in threading.enumerate()}
    found = []
    for ident, frame in sys._current_frames().items():
        if not names.get(ident, "").startswith("kernel-script"):
            continue
        walk: Any = frame
        while walk is not None:
            found += [f"{names[ident]}: {walk.f_code.co_name}.{k}" for k, v in walk.f_locals.items()
                      if isinstance(v, kinds)]
            walk = walk.f_back
    return found


async def test_closed_sessions_leave_nothing_reachable(serve: Serve) -> None:
    runtime = await serve(APP, **{"server.disconnected_session_ttl": "0.3"})
    app = runtime.app
    refs: list[weakref.ref[Any]] = []

    async def one_session(ready: list[str]) -> None:
        async with connect(stream_url(runtime)) as ws:
            client = StreamClient(ws)
            hello = await client.new_session()
            await client.send(Rerun())
            msgs = await client.until_finished(timeout=120)
            paged, whole = props_of(msgs, "dataframe")
            assert paged["source"], "the frame is large enough to be paged"
            assert whole["whole"], "the medium frame's rows are fetched whole"
            assert props_of(msgs, "vega_lite")[0]["source"], "the chart's points go by the data channel"
            ready.append(hello.session_id)
            while len(ready) < SESSIONS:  # every session is open at once, then all connections drop
                await trio.sleep(0.05)

    ready: list[str] = []
    async with trio.open_nursery() as nursery:
        for _ in range(SESSIONS):
            nursery.start_soon(one_session, ready)
        with trio.fail_after(240):
            while len(ready) < SESSIONS:
                await trio.sleep(0.05)
        session_type = type(runtime.sessions[ready[0]])
        refs += [weakref.ref(s) for s in runtime.sessions.values()]
        stores = [data_store(app), media_store(app)]
        for store in stores:
            refs += [weakref.ref(item) for item in list(store._items.values())]
        assert len(refs) == SESSIONS * 5
        assert _our_frames() >= SESSIONS
    with trio.fail_after(30):  # the TTL passes and each session is closed
        while runtime.sessions:
            await trio.sleep(0.05)
    for _ in range(100):
        gc.collect()
        if all(ref() is None for ref in refs):
            break
        await trio.sleep(0.05)  # a worker may be between its finished run and its wait
    alive = [ref() for ref in refs if ref() is not None]
    assert alive == [], [type(a).__name__ for a in alive]
    assert [len(store) for store in stores] == [0, 0]
    assert _our_frames() == 0
    assert _held_by_script_threads((session_type, pd.DataFrame)) == []
