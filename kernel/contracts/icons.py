"""Icons in elements: one emoji, or a Material Symbol written ``:material/name:``.

Part of the element plugin API (re-exported by :mod:`kernel.elements`). The names a
Material Symbol may have are those the vendored font draws (``material_symbols.txt`` beside
this module, written by ``scripts/vendor_material_symbols.sh`` from the font's npm package);
the web client draws ``:material/name:`` with that font (``docs/elements.md``, "Icons").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kernel.contracts.element_args import ElementArgumentError

__all__ = ["MATERIAL_ICON", "check_icon", "is_emoji", "is_material_icon", "material_icon_names"]

MATERIAL_ICON = re.compile(r":material/([a-z0-9_]+):")
"""``:material/name:`` (search in a text; ``fullmatch`` for an ``icon=`` value); group 1 is the name."""

_NAMES_FILE = Path(__file__).with_name("material_symbols.txt")
_SYMBOL_LETTERS = {"\u2139", "\u24c2"}  # ℹ and Ⓜ are letters to Unicode but emoji to people


@functools.cache
def material_icon_names() -> frozenset[str]:
    """The names of the Material Symbols the vendored font draws (read once)."""
    lines = _NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_material_icon(name: str) -> bool:
    """Whether ``name`` (without ``:material/``) is a Material Symbol the font draws."""
    return name in material_icon_names()


def is_emoji(text: str) -> bool:
    """Whether ``text`` is one emoji (possibly a sequence joined by ZWJ / variation selectors)."""
    if not text or len(text) > 10 or any(ord(c) < 128 for c in text):
        return False
    return all(unicodedata.category(c)[0] in "SMC" or c in _SYMBOL_LETTERS for c in text)


def check_icon(command: str, icon: Any, *, param: str = "icon", also: Iterable[str] = (),
               error: Callable[[str], Exception] = ElementArgumentError) -> str | None:
    """``icon`` if it is ``None``, one emoji, a known ``:material/name:`` or one of ``also``
    (e.g. ``"spinner"``); else ``error`` (your plugin's exception class, if you like) with a
    message naming ``st.<command>(<param>=...)`` and what it accepts.

    As in Streamlit, an emoji shortcode (``":smile:"``) is not an icon, and a Material name the
    font does not have is an error (in Markdown text it is left as written instead).
    """
    if icon is None or (isinstance(icon, str) and (icon in also or is_emoji(icon))):
        return icon
    shown = repr(icon) if len(repr(icon)) <= 80 else repr(icon)[:77] + "..."
    material = MATERIAL_ICON.fullmatch(icon) if isinstance(icon, str) else None
    if material is not None:
        if is_material_icon(material.group(1)):
            return str(icon)
        raise error(f"st.{command}({param}={shown}): {material.group(1)!r} is not the name of a Material Symbol; "
                    "use a name from https://fonts.google.com/icons?icon.set=Material+Symbols in snake case "
                    "(e.g. ':material/thumb_up:')")
    others = "".join(f", {o!r}" for o in also)
    raise error(f"st.{command}({param}={shown}): {param} must be a single emoji (e.g. '🚨'), a Material Symbol "
                f"written ':material/name:' (e.g. ':material/warning:'){others} or None")
