"""``kernel cache clear`` and ``kernel cache stats``, through the CacheStorage contract.

The backends shown are those ``st.cache_data`` uses: the one functions without
``persist`` go to, and the one ``persist="disk"`` functions go to when it holds
something. Each backend-wide storage names itself (``describe()``, optional).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from kernel import CliCommand, KernelApp

if TYPE_CHECKING:
    from kernel.contracts import CacheBackendInfo, CacheStorage, CacheStorageStatistics

__all__ = ["cli_commands"]

PERSIST_OPTIONS = (None, "disk")
"""The ``persist`` values of ``st.cache_data``: each may send entries to another backend."""


def _local_note(info: CacheBackendInfo) -> str:
    return (
        f"the {info.name} backend keeps entries inside each running `kernel run` process; "
        "their counters reach plugins through the kernel_cache_stats_updated hook"
    )


def describe(storage: CacheStorage) -> CacheBackendInfo:
    """What a backend-wide storage says about itself, else its class name."""
    from kernel.contracts import CacheBackendInfo

    describe_itself = getattr(storage, "describe", None)
    if callable(describe_itself):
        info = describe_itself()
        if isinstance(info, CacheBackendInfo):
            return info
    return CacheBackendInfo(type(storage).__name__)


def _holds_something(statistics: CacheStorageStatistics) -> bool:
    return bool(statistics.entries or statistics.functions)


def _backends(app: KernelApp) -> list[tuple[CacheBackendInfo, CacheStorage]]:
    """The backend-wide ``data`` storages in use, each once: the default one always."""
    from kernel_plugins.caching_api._registry import registry_of

    registry = registry_of(app)
    found: list[tuple[CacheBackendInfo, CacheStorage]] = []
    for persist in PERSIST_OPTIONS:
        storage = registry.backend_wide("data", persist)
        info = describe(storage)
        if any(info == known for known, _ in found):
            continue
        if found and not _holds_something(storage.statistics()):
            continue
        found.append((info, storage))
    return found


def _clear(args: argparse.Namespace, app: KernelApp) -> int:
    from kernel_plugins.caching_api._fleet import publish_clear
    from kernel_plugins.caching_api._registry import registry_of

    for info, storage in _backends(app):
        storage.clear()
        where = f" {info.location}" if info.location else ""
        print(f"cleared the {info.name} cache{where}" + ("" if info.shared else f" ({_local_note(info)})"))
    registry_of(app).clear_kind("resource", announce=False)
    if publish_clear(app, "data") and publish_clear(app, "resource"):
        print("asked the running workers (over the scale-out bus) to clear their own st.cache_data and "
              "st.cache_resource entries")
    return 0


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _stats(args: argparse.Namespace, app: KernelApp) -> int:
    from kernel_plugins.caching_api._fleet import ask_statistics

    report = [(info, storage.statistics()) for info, storage in _backends(app)]
    workers = ask_statistics(app, args.wait)
    if args.json:
        import json

        out: dict[str, object] = {info.name: attrs.asdict(total) for info, total in report}
        if workers is not None:
            out["workers"] = workers
        print(json.dumps(out, indent=2))
        return 0
    for info, total in report:
        # Rejected entries (unusable: bad signature, damaged, wrong shape) get a column once there are any.
        rejected = f", {total.rejected} rejected" if total.rejected else ""
        print(f"{info.name} cache: {total.entries} entries, {_human(total.size_bytes)}, "
              f"{total.hits} hits, {total.misses} misses{rejected}")  # fmt: skip
        if not info.shared:
            print(f"  ({_local_note(info)})")
        if total.functions:
            column = f" {'rejected':>8}" if total.rejected else ""
            print(f"  {'function':<40} {'entries':>8} {'size':>10} {'hits':>8} {'misses':>8}{column}")
        for f in total.functions:
            column = f" {f.rejected:>8}" if total.rejected else ""
            print(f"  {f.function_name:<40} {f.entries:>8} {_human(f.size_bytes):>10} {f.hits:>8} {f.misses:>8}"
                  f"{column}")  # fmt: skip
    if workers is not None:
        _print_workers(workers)
    return 0


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0


def _print_workers(workers: list[dict[str, object]]) -> None:
    """Each running worker's own caches (every st.cache_resource; st.cache_data in unshared memory)."""
    print(f"workers: {len(workers)} answered over the scale-out bus (their own caches: st.cache_resource, and "
          "st.cache_data when it is kept in memory)")
    if not workers:
        print("  (none answered: is the app running, with the same [scaleout] backend, redis_url and key_prefix? "
              "The default key_prefix is kernel:<script name>, e.g. --scaleout.key_prefix=kernel:app.py)")
    for worker in workers:
        print(f"  worker {worker.get('worker')} (pid {worker.get('pid')})")
        rows = worker.get("functions")
        if not isinstance(rows, list) or not rows:
            print("    (nothing cached)")
            continue
        print(f"    {'kind':<9} {'function':<40} {'entries':>8} {'size':>10} {'hits':>8} {'misses':>8}")
        for row in rows:
            if isinstance(row, dict):
                print(f"    {row.get('kind')!s:<9} {row.get('function')!s:<40} {_count(row.get('entries')):>8} "
                      f"{_human(_count(row.get('size_bytes'))):>10} {_count(row.get('hits')):>8} "
                      f"{_count(row.get('misses')):>8}")


def _stats_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the statistics as JSON")
    parser.add_argument("--wait", type=float, default=1.0, metavar="SECONDS",
                        help="with scale-out on: how long to collect the running workers' answers (default 1)")


def cli_commands() -> Sequence[CliCommand]:
    """The ``kernel cache`` command group."""
    return [
        CliCommand(
            "cache",
            "inspect or clear the caches of st.cache_data and st.cache_resource",
            subcommands=(
                CliCommand("clear", "delete every st.cache_data entry of the configured backend", _clear),
                CliCommand("stats", "entries, size, hits, misses and rejected entries per cached function", _stats,
                           _stats_arguments),
            ),
        )
    ]
