"""``kernel cache clear`` and ``kernel cache stats``."""

from __future__ import annotations

import argparse
import urllib.parse
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from kernel import CliCommand
from kernel.app import KernelApp

if TYPE_CHECKING:
    from kernel.contracts import CacheStorageStatistics
    from plugins.caching._registry import CacheRegistry

__all__ = ["cli_commands"]

MEMORY_NOTE = (
    "the memory backend keeps entries inside each running `kernel run` process; "
    "their counters reach plugins through the kernel_cache_stats_updated hook"
)



def _safe_url(url: str) -> str:
    """``url`` with any password replaced by ``***``, for logs and messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = parts.username or ""
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[-1]}"))

def _backends(registry: CacheRegistry) -> list[str]:
    """The configured backend, plus disk when a ``persist="disk"`` file exists."""
    backends = [registry.config.backend]
    from plugins.caching._disk import FILE_NAME

    if "disk" not in backends and (registry.disk_folder() / FILE_NAME).is_file():
        backends.append("disk")
    return backends


def _clear(args: argparse.Namespace, app: KernelApp) -> int:
    from plugins.caching._registry import registry_of

    registry = registry_of(app)
    for backend in _backends(registry):
        registry.backend_wide("data", backend).clear()
        redis_at = _safe_url(registry.config.redis_url)
        where = {"disk": f" in {registry.disk_folder()}", "redis": f" at {redis_at}"}.get(backend, "")
        print(f"cleared the {backend} cache{where}" + (f" ({MEMORY_NOTE})" if backend == "memory" else ""))
    registry.clear_kind("resource")
    return 0


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _stats(args: argparse.Namespace, app: KernelApp) -> int:
    from plugins.caching._registry import registry_of

    registry = registry_of(app)
    report: dict[str, CacheStorageStatistics] = {
        backend: registry.backend_wide("data", backend).statistics() for backend in _backends(registry)
    }
    if args.json:
        import json

        print(json.dumps({b: attrs.asdict(s) for b, s in report.items()}, indent=2))
        return 0
    for backend, total in report.items():
        print(f"{backend} cache: {total.entries} entries, {_human(total.size_bytes)}, "
              f"{total.hits} hits, {total.misses} misses")  # fmt: skip
        if backend == "memory":
            print(f"  ({MEMORY_NOTE})")
        if total.functions:
            print(f"  {'function':<40} {'entries':>8} {'size':>10} {'hits':>8} {'misses':>8}")
        for f in total.functions:
            print(f"  {f.function_name:<40} {f.entries:>8} {_human(f.size_bytes):>10} {f.hits:>8} {f.misses:>8}")
    return 0


def _stats_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the statistics as JSON")


def cli_commands() -> Sequence[CliCommand]:
    """The ``kernel cache`` command group."""
    return [
        CliCommand(
            "cache",
            "inspect or clear st.cache_data storage",
            subcommands=(
                CliCommand("clear", "delete every st.cache_data entry of the configured backend", _clear),
                CliCommand("stats", "entries, size, hits and misses per cached function", _stats, _stats_arguments),
            ),
        )
    ]
