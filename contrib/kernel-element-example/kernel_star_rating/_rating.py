"""The ``st.star_rating`` command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kernel import KernelError
from kernel.contracts import DeltaGenerator
from kernel.elements import register_widget


class StarRatingError(KernelError, ValueError):
    """``st.star_rating`` got an argument it cannot use."""


def star_rating(dg: DeltaGenerator, label: str, max_stars: int = 5, value: int = 0, *, key: Any = None,
                help: str | None = None, on_change: Callable[..., Any] | None = None, args: Any = None,
                kwargs: Any = None, disabled: bool = False) -> int:
    """``st.star_rating``: a row of stars; returns how many are lit (0 to ``max_stars``)."""
    if isinstance(max_stars, bool) or not isinstance(max_stars, int) or not 1 <= max_stars <= 10:
        raise StarRatingError(f"st.star_rating(max_stars={max_stars!r}): max_stars must be an int from 1 to 10")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= max_stars:
        raise StarRatingError(f"st.star_rating(value={value!r}): value must be an int from 0 to max_stars "
                              f"({max_stars})")

    def coerce(raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise TypeError("expected an int")
        return min(max(raw, 0), max_stars)

    text = "" if label is None else str(label)
    identity = (max_stars,) if key is not None else (text, max_stars, value, help)
    wid, stars = register_widget(dg, "star_rating", label=text, key=key, identity=identity, default=value,
                                 coerce=coerce, on_change=on_change, args=args, kwargs=kwargs)
    dg.add_element("star_rating", {"id": wid, "label": text, "max": max_stars, "value": stars, "help": help,
                                   "disabled": bool(disabled)})
    return int(stars)
