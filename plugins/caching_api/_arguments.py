"""The ``ttl`` and ``max_size`` arguments of the cache decorators, parsed."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from kernel_plugins.caching_api._errors import CacheError

if TYPE_CHECKING:
    import datetime

__all__ = ["parse_size", "parse_ttl"]

_TTL_UNITS = {
    "w": 604800.0, "week": 604800.0, "weeks": 604800.0,
    "d": 86400.0, "day": 86400.0, "days": 86400.0,
    "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
    "m": 60.0, "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0, "t": 60.0,
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "ms": 1e-3, "milli": 1e-3, "millis": 1e-3, "millisecond": 1e-3, "milliseconds": 1e-3,
    "us": 1e-6, "micro": 1e-6, "micros": 1e-6, "microsecond": 1e-6, "microseconds": 1e-6,
    "ns": 1e-9, "nano": 1e-9, "nanos": 1e-9, "nanosecond": 1e-9, "nanoseconds": 1e-9,
}  # fmt: skip
_TTL_PART = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Z]+)\s*,?")


def parse_ttl(ttl: float | int | datetime.timedelta | str | None) -> float | None:
    """Seconds from a ``ttl`` argument: number, ``timedelta``, ``"1h23s"``-style string, or ``None``.

    ``float("inf")`` and ``"infinite"`` mean no expiry. A number string without a unit
    counts nanoseconds, as in pandas.
    """
    if ttl is None:
        return None
    import datetime  # here, not at start-up

    if isinstance(ttl, datetime.timedelta):
        seconds = ttl.total_seconds()
    elif isinstance(ttl, bool):
        raise CacheError(f"ttl={ttl!r} is not a duration; give seconds, a timedelta or a string like '1h'.")
    elif isinstance(ttl, int | float):
        seconds = float(ttl)
    elif isinstance(ttl, str):
        seconds = _parse_ttl_text(ttl)
    else:
        raise CacheError(
            f"ttl must be seconds, a datetime.timedelta or a string like '1h30m', got {type(ttl).__name__}."
        )
    if math.isinf(seconds):
        return None
    if seconds < 0 or math.isnan(seconds):
        raise CacheError(f"ttl must not be negative, got {ttl!r}.")
    return seconds


def _parse_ttl_text(text: str) -> float:
    stripped = text.strip().lower()
    if stripped in ("infinite", "inf"):
        return math.inf
    try:
        return float(stripped) * 1e-9
    except ValueError:
        pass
    total, pos = 0.0, 0
    while pos < len(stripped):
        match = _TTL_PART.match(stripped, pos)
        if match is None or match.group(2) not in _TTL_UNITS:
            raise CacheError(
                f"ttl={text!r} is not a duration string; write it like '1d', '1h23s', '30m' or '90 seconds' "
                f"(units: {', '.join(sorted({'w', 'd', 'h', 'm', 's', 'ms', 'us', 'ns'}))})."
            )
        total += float(match.group(1)) * _TTL_UNITS[match.group(2)]
        pos = match.end()
    if pos == 0:
        raise CacheError(f"ttl={text!r} is empty; give a duration like '1h'.")
    return total


_SIZE_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)


def parse_size(size: int | str | None) -> int | None:
    """Bytes from a ``max_size`` argument: an int, or a string like ``"500MB"`` or ``"1.5GiB"``.

    Every K/M/G/T unit is a power of 1024.
    """
    if size is None:
        return None
    if isinstance(size, bool) or not isinstance(size, int | str):
        raise CacheError(f"max_size must be a number of bytes or a string like '500MB', got {size!r}.")
    if isinstance(size, int):
        value = size
    else:
        match = _SIZE.match(size)
        if match is None:
            raise CacheError(f"max_size={size!r} is not a size; write it like '500MB', '1.5GiB' or 1048576.")
        value = int(float(match.group(1)) * _SIZE_UNITS[match.group(2).lower()])
    if value <= 0:
        raise CacheError(f"max_size must be positive, got {size!r}.")
    return value
