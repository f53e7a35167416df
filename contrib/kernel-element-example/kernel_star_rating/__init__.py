"""kernel-star-rating: ``st.star_rating``, an example widget plugin for kernel."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kernel import Command, KernelApp, hookimpl
from kernel.testing.nodes import TestNodeType
from kernel_star_rating._rating import star_rating

__all__ = ["star_rating"]

RENDERER = Path(__file__).parent / "star_rating.js"


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [Command("star_rating", star_rating, renderer=RENDERER)]


@hookimpl
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    from kernel_star_rating._nodes import StarRating

    return [TestNodeType("star_rating", StarRating, ("star_rating",))]
