"""Reading a stored ``cache_data`` entry, and what to do with one that cannot be used.

A stored entry is the pickle of ``(value, recorded elements)``. The storage has already
verified it (shared and persistent backends sign their values), yet it may still fail to
unpickle (a class that changed or went away) or hold the wrong shape: such an entry is a
miss. It is dropped through the storage's optional ``reject`` (which counts it in
``kernel cache stats`` and logs it once per kind of reason), and recomputed.
"""

from __future__ import annotations

import logging
import pickle
from typing import Any

from kernel.contracts import CacheStorage
from kernel.contracts.signed_values import OnceLogger
from kernel_plugins.caching_api._replay import RecordedElement

__all__ = ["EntryShapeError", "log", "reject_entry", "unpickle_entry"]

log = logging.getLogger(__name__)


class EntryShapeError(ValueError):
    """A stored entry unpickled to something else than ``(value, recorded elements)``."""


def _check_element(element: Any) -> None:
    if not (isinstance(element, tuple) and len(element) == 4 and isinstance(element[0], int)
            and isinstance(element[1], str) and isinstance(element[2], dict) and isinstance(element[3], bool)):
        raise EntryShapeError(f"a recorded element is a {type(element).__name__}, not (parent, kind, props, block)")


def unpickle_entry(raw: Any) -> tuple[Any, tuple[RecordedElement, ...]]:
    """``(value, elements)`` of a stored entry; raises if it does not unpickle to that shape."""
    entry = pickle.loads(raw)
    if not (isinstance(entry, tuple) and len(entry) == 2):
        raise EntryShapeError(f"the entry is a {type(entry).__name__}, not a (value, elements) pair")
    value, elements = entry
    if not isinstance(elements, tuple | list):
        raise EntryShapeError(f"its elements are a {type(elements).__name__}, not a tuple")
    for element in elements:
        _check_element(element)
    for index, element in enumerate(elements):
        if not -1 <= element[0] < index:
            raise EntryShapeError("a recorded element names a parent that does not precede it")
    return value, tuple(elements)


def reject_entry(storage: CacheStorage, key: str, function_name: str, reason: str, once: OnceLogger) -> None:
    """Drop an unusable entry: through the storage's ``reject`` (which counts and logs it), else ``delete``.

    Without ``reject``, ``once`` logs it (once per kind of reason).
    """
    reject = getattr(storage, "reject", None)
    try:
        if callable(reject):
            reject(key, reason)
            return
        storage.delete(key)
    except Exception:  # a storage failing to drop the entry must not break the call: it recomputes anyway
        log.exception("dropping the unusable cache entry of %s failed", function_name)
    once.warning(
        reason.partition(":")[0],
        "cached entry of %s could not be used (%s); it is deleted and recomputed. Further entries like this "
        "are not logged.",
        function_name, reason,
    )  # fmt: skip
