"""What a custom component costs on the server: marshalling a data frame argument to Arrow,
and serving a component's files.

Prints milliseconds per call, median of ``--rounds``:

* ``split_args`` of a DataFrame of N rows (3 columns: int, float, str) into the three
  base64 Arrow tables a v1 frontend reads (1 000, 10 000 and 100 000 rows), and the size;
* ``serve_component_file`` of a 1 MiB bundle from a registered directory (read in a worker
  thread, path checks included).

    python benchmarks/bench_components.py [--rounds 7]

Needs the ``test`` extra (pandas, pyarrow).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import trio

from kernel import HttpRequest, HttpResponse
from kernel_plugins.components._files import serve_component_file
from kernel_plugins.components._registry import V1_PREFIX, registry
from kernel_plugins.components._wire import split_args


def timed(fn: object, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    import numpy as np
    import pandas as pd

    for rows in (1_000, 10_000, 100_000):
        frame = pd.DataFrame({"n": np.arange(rows), "x": np.random.default_rng(1).random(rows),
                              "s": [f"row {i}" for i in range(rows)]})
        size = sum(len(df[part]) for df in split_args("bench", {"df": frame}).dataframes
                   for part in ("data", "index", "columns"))
        ms = timed(lambda frame=frame: split_args("bench", {"df": frame}), rounds)
        print(f"split_args, DataFrame of {rows:>7} rows: {ms:8.2f} ms  ({size / 1024:,.0f} KiB base64)")

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder).resolve()
        (root / "index.html").write_text("<!doctype html>")
        (root / "main.js").write_bytes(b"x" * (1 << 20))
        registry().add_directory("bench.component", root)
        request = HttpRequest("GET", f"{V1_PREFIX}bench.component/main.js")

        async def serve() -> None:
            answer = serve_component_file(request)
            response = await answer if not isinstance(answer, HttpResponse | None) else answer
            assert response is not None and len(response.body) == 1 << 20

        ms = timed(lambda: trio.run(serve), rounds)
        print(f"serve_component_file, 1 MiB bundle:     {ms:8.2f} ms (including a trio.run per call)")


if __name__ == "__main__":
    main()
