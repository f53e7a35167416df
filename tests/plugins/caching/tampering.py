"""Damaged and hostile cache entries, shared by the disk and Redis tests.

Each case turns the stored (signed) value of an entry into what an attacker or an
accident would leave there. A backend must treat every one as a miss: the function
recomputes, nothing is unpickled that the backend did not sign, and the entry is
counted as rejected.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path

from kernel.contracts.signed_values import OVERHEAD, ValueSigner

__all__ = ["CASES", "Tamper", "leave_marker", "malicious_pickle"]

Tamper = Callable[[bytes, ValueSigner, str, str, Path], bytes]
"""``tamper(stored, signer, function_key, key, marker) -> bytes`` to store instead."""


def leave_marker(path: str) -> tuple[str, str]:
    """What the malicious pickle runs when unpickled: it writes ``path``."""
    Path(path).write_text("the cache ran code from the store")
    return ("value", ())  # the shape a cache entry has, so only the marker tells


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (leave_marker, (self.marker,))


def malicious_pickle(marker: Path) -> bytes:
    """A pickle whose loading writes ``marker`` (what the probe of issue #17 planted)."""
    return pickle.dumps(_Payload(marker))


def _flip_last_tag_byte(stored: bytes) -> bytes:
    data = bytearray(stored)
    data[OVERHEAD - 1] ^= 0xFF
    return bytes(data)


CASES: dict[str, Tamper] = {
    "malicious pickle, unsigned": lambda stored, signer, fk, key, marker: malicious_pickle(marker),
    "malicious pickle behind a copied header": lambda stored, signer, fk, key, marker: (
        stored[:OVERHEAD] + malicious_pickle(marker)
    ),
    "malicious pickle signed with another key": lambda stored, signer, fk, key, marker: (
        ValueSigner(os.urandom(32)).sign(malicious_pickle(marker), fk, key)
    ),
    "garbage bytes": lambda stored, signer, fk, key, marker: os.urandom(200),
    "empty value": lambda stored, signer, fk, key, marker: b"",
    "bad signature": lambda stored, signer, fk, key, marker: _flip_last_tag_byte(stored),
    "truncated value": lambda stored, signer, fk, key, marker: stored[: len(stored) // 2],
    "truncated header": lambda stored, signer, fk, key, marker: stored[:10],
    "valid entry of another key": lambda stored, signer, fk, key, marker: signer.sign(
        signer.open(stored, fk, key), fk, "another-key"
    ),
    # Signed with the right key, so only the unpickling and shape checks stand in the way
    # (an entry from an older version, or written by a buggy backend).
    "pickle of the wrong shape (signed)": lambda stored, signer, fk, key, marker: signer.sign(
        pickle.dumps(5), fk, key
    ),
    "elements of the wrong shape (signed)": lambda stored, signer, fk, key, marker: signer.sign(
        pickle.dumps(("value", [("not", "an element")])), fk, key
    ),
    "garbage that does not unpickle (signed)": lambda stored, signer, fk, key, marker: signer.sign(
        b"\x80\x05garbage", fk, key
    ),
}
