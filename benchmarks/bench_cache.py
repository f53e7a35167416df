"""Microseconds per ``st.cache_data`` hit, measured inside a running script.

Runs a script through the real script runner (so a run context is set, as in an app)
that times cache hits for a small argument ``(7, 'abc')``, a 1 MiB ``bytes`` argument,
a 1 MiB returned value and 100k-row DataFrames, then prints the figures, and what the
signature check of a stored value costs (disk and redis sign their values). Targets on the reference machine:
≤ 8 µs for the small argument and ≤ 240 µs for 1 MiB.

    python benchmarks/bench_cache.py [--backend memory|disk|redis] [--redis-url URL] [--rounds 5] [--unsigned]

``--unsigned`` replaces the signature by a plain copy, to measure what signing costs on
a hit (run with and without it, alternating).

Needs the ``bench`` extra (numpy, pandas) for the DataFrame cases.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from kernel._app import AppOptions, build_app

SCRIPT = """
import json, os, time
import numpy as np
import pandas as pd
from kernel import st

ROUNDS = {rounds}

@st.cache_data(show_spinner=False)
def small(n, s):
    return n

@st.cache_data(show_spinner=False)
def blob(data):
    return len(data)

@st.cache_data(show_spinner=False)
def frame(df):
    return len(df)

@st.cache_data(show_spinner=False)
def mib_value(n):
    return bytes(n)

def per_hit(func, arg_sets, number):
    func(*arg_sets)  # miss: compute and store
    best = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(number):
            func(*arg_sets)
        best = min(best, (time.perf_counter() - start) / number)
    return best * 1e6

rng = np.random.default_rng(0)
rows = 100_000
numeric = pd.DataFrame({{
    "id": np.arange(rows), "x": rng.random(rows), "y": rng.random(rows),
    "when": pd.date_range("2024-01-01", periods=rows, freq="s"),
}})
mixed = numeric.assign(label=[f"item-{{i}}" for i in range(rows)])
results = {{
    "small (7, 'abc')": per_hit(small, (7, "abc"), 20000),
    "1 MiB bytes": per_hit(blob, (os.urandom(1 << 20),), 500),
    "1 MiB returned value": per_hit(mib_value, (1 << 20,), 200),
    "100k-row DataFrame, numeric columns": per_hit(frame, (numeric,), 200),
    "100k-row DataFrame, with a string column": per_hit(frame, (mixed,), 20),
}}
with open({out!r}, "w") as f:
    json.dump(results, f)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="memory", choices=["memory", "disk", "redis"])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0", help="server of the redis backend")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--unsigned", action="store_true",
                        help="skip the HMAC of the disk and redis backends (only to measure what signing costs)")
    args = parser.parse_args()
    if args.unsigned:
        from kernel.contracts import signed_values

        signed_values.ValueSigner.sign = lambda self, payload, *context: bytes(payload)  # type: ignore[method-assign]
        signed_values.ValueSigner.open = lambda self, signed, *context: bytes(signed)  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = folder / "results.json"
        script = folder / "bench_app.py"
        script.write_text(textwrap.dedent(SCRIPT.format(rounds=args.rounds, out=str(out))))
        app = build_app(
            AppOptions(
                script_path=script, cwd=folder, home=folder, environ={},
                plugin_args=("kernel_contrib.cache_redis",) if args.backend == "redis" else (),
                config_options={
                    "cache.backend": args.backend, "cache.disk_folder": str(folder / "cache"),
                    "cache.redis_url": args.redis_url, "cache.redis_key_prefix": f"bench-{os.getpid()}",
                },
            )
        )  # fmt: skip
        session = app.make("app_session", session_id="bench")
        session.request_rerun()
        time.sleep(0.05)
        while session.runner.is_running:
            time.sleep(0.05)
        errors = [m for m in session.queue.flush() if getattr(getattr(m, "element", None), "kind", "") == "exception"]
        session.close("benchmark over")
        if errors:
            print(errors[0].element.props["message"], file=sys.stderr)
            return 1
        results = json.loads(out.read_text())
    print(f"st.cache_data hit, {args.backend} backend, inside a running script (best of {args.rounds} rounds):")
    for name, micros in results.items():
        print(f"  {name:<42} {micros:10.1f} µs per hit")
    print("signature check of a stored value (part of every disk and redis hit; memory signs nothing):")
    for name, micros in signature_costs(args.rounds).items():
        print(f"  {name:<42} {micros:10.1f} µs")
    return 0


def signature_costs(rounds: int) -> dict[str, float]:
    """Microseconds to verify (``open``) and to sign a stored value, by payload size."""
    from kernel.contracts.signed_values import ValueSigner

    signer = ValueSigner(os.urandom(32))
    costs = {}
    for label, size, number in (("100 B", 100, 20000), ("1 MiB", 1 << 20, 100)):
        payload = os.urandom(size)
        signed = signer.sign(payload, "function-key", "entry-key")
        verify = functools.partial(signer.open, signed, "function-key", "entry-key")
        sign = functools.partial(signer.sign, payload, "function-key", "entry-key")
        for what, call in (("verify", verify), ("sign", sign)):
            best = float("inf")
            for _ in range(rounds):
                start = time.perf_counter()
                for _ in range(number):
                    call()
                best = min(best, (time.perf_counter() - start) / number)
            costs[f"{what} {label}"] = best * 1e6
    return costs


if __name__ == "__main__":
    sys.exit(main())
